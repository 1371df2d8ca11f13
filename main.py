"""gisdesk: with no arguments the desktop window opens; with a sub-command, the command line."""

from __future__ import annotations

import sys


def main() -> int:
    if len(sys.argv) > 1:
        from gisdesk.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from gisdesk.ui.app import run_app

    return run_app([])


if __name__ == "__main__":
    sys.exit(main())
