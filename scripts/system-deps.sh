#!/usr/bin/env bash
# Debian packages the test suite needs: a headless Secret Service (gnome-keyring + dbus)
# for the real-keyring tests, Xvfb for screenshots, PostgreSQL for the server suite and
# NSIS to check the Windows installer script. Installed when missing and run as root;
# otherwise the missing ones are named.
set -euo pipefail
need=()
# The system Python of Debian/Ubuntu ships venv without ensurepip until python3-venv is in.
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
# PyInstaller (make installer, and the installer tests of make test) bundles the
# interpreter's shared library, which Debian ships apart from python3.
python3 -c 'import ctypes, sysconfig; ctypes.CDLL(sysconfig.get_config_var("INSTSONAME"))' \
  >/dev/null 2>&1 || need+=("$(python3 -c 'import sys; print("libpython%d.%d" % sys.version_info[:2])')")
command -v dbus-run-session >/dev/null || need+=(dbus)
command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v makensis >/dev/null || need+=(nsis)
command -v strip >/dev/null || need+=(binutils)
command -v fakeroot >/dev/null || need+=(fakeroot)
[ -x /usr/lib/postgresql/*/bin/initdb ] 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
dpkg -s libegl1 >/dev/null 2>&1 || need+=(libegl1)
dpkg -s libgl1 >/dev/null 2>&1 || need+=(libgl1)
dpkg -s libxkbcommon0 >/dev/null 2>&1 || need+=(libxkbcommon0)
dpkg -s libfontconfig1 >/dev/null 2>&1 || need+=(libfontconfig1)
dpkg -s libdbus-1-3 >/dev/null 2>&1 || need+=(libdbus-1-3)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
# Qt's xcb platform plugin, for `make run` on an X11 desktop or under Xvfb.
for pkg in libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libxkbcommon-x11-0; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Please install these Debian/Ubuntu packages first: ${need[*]}" >&2
  echo "  sudo apt-get install ${need[*]}" >&2
  exit 1
fi
