#!/bin/sh
# District Desk command. The program is one folder under @PREFIX@; the path is found
# relative to this script (/usr/bin/../../opt/...) so the same package also runs from a
# scratch root (dpkg --root=...) in the installer tests.
here=$(dirname "$(readlink -f "$0")")
exec "$here/../..@PREFIX@/district-desk" "$@"
