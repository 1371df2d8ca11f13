"""``python -m gisdesk.ui [PROJECT.gpkg]`` opens the window (with that project)."""

import sys

from gisdesk.ui.app import run_app

sys.exit(run_app(sys.argv[1:]))
