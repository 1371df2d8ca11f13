"""``python -m gisdesk.ui [PROJECT.gpkg]`` opens the window (with that project)."""

import sys

from gisdesk.ui.app import run_app

if __name__ == "__main__":  # a worker process (grid redraw) must not open a window
    sys.exit(run_app(sys.argv[1:]))
