"""``python -m server``: the same as ``district-desk-server``."""

import sys

from server.cli import main

sys.exit(main())
