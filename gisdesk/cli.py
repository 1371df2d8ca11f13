"""The command line: ``python main.py SUBCOMMAND ...`` (CONTRACT.md section 2).

Each sub-command lives in ``gisdesk/commands/<module>.py`` with two functions:
``configure(parser)`` adds its options (module top level imports nothing heavy) and
``run(args, ctx) -> dict`` does the work and returns the JSON summary. This frame owns
the conventions every command shares: ``--json`` prints one JSON object as the last
stdout line, progress goes to stderr, bad input exits 2 with one line naming the
culprit, Ctrl-C ends cleanly, and Qt is imported only by the commands that draw.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NoReturn

from algorithms.progress import Cancelled, CancelToken
from gisdesk.failures import describe_failure
from gisdesk.messages import detect, install_argparse, set_language, tr, translate_parser
from layers.errors import GisdeskError

COMMANDS: dict[str, str] = {
    "new": "create an empty project",
    "demo": "write the built-in demonstration project",
    "import": "add data from Shapefile, GeoPackage, GeoJSON, CSV or XLSX to a layer",
    "site": "propose police offices and workstations (writes the plan_* layers)",
    "evaluate": "what a new office at a location would change",
    "grids": "redraw the patrol grids and their members",
    "assign": "assign officers and auxiliaries to the grids (the assignments table)",
    "plan": "plan versions: save, list, load, delete, compare and adopt whole plans",
    "check": "check the project against the staffing and siting standards",
    "print": "print beat maps to PDF",
    "export-web": "write a self-contained offline web map",
    "report": "write the staffing and siting tables to Excel",
    "screenshot": "render the main window with a project to PNG, off screen",
}
"""Every sub-command and its one-line help; its code is ``gisdesk/commands/<module>.py``
(:func:`_module_name`)."""

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(GisdeskError):
    """A bad option value found by a command after argument parsing."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__("bad_option", f"{option}: {message}" if option else message)


@dataclass
class Context:
    """What a command gets besides its arguments: progress output, the JSON switch and
    the token Ctrl-C sets (jobs pass it to the services, which stop at their next check)."""

    json: bool = False
    quiet: bool = False
    exit_code: int = EXIT_OK  # a command whose answer is "no" (check: a violation) sets EXIT_FAILED
    started: float = field(default_factory=time.perf_counter)
    cancel: CancelToken = field(default_factory=CancelToken)
    _last: float = 0.0

    def progress(self, fraction: float, message: str) -> None:
        """Progress on stderr, at most a few lines a second.

        After Ctrl-C it raises Cancelled, except for a report of completion (fraction 1):
        that work is done and saved, so it is reported as done.
        """
        if fraction < 1.0:
            self.cancel.raise_if_cancelled()
        if self.quiet:
            return
        now = time.perf_counter()
        if fraction < 1.0 and now - self._last < 0.25:
            return
        self._last = now
        print(f"[{fraction * 100:5.1f}%] {tr(message)}", file=sys.stderr, flush=True)

    def info(self, message: str) -> None:
        """A line of human-readable output: stdout normally, stderr with --json (a message
        id of :mod:`gisdesk.messages` is shown in the user's language)."""
        print(tr(message), file=sys.stderr if self.json else sys.stdout, flush=True)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line (its default prints usage then the error)."""

    def error(self, message: str) -> NoReturn:  # noqa: D401
        prog = self.prog
        print(f"{prog}: {tr('error')}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _module_name(command: str) -> str:
    """The module of a sub-command: its name, but ``importing`` and ``printing`` for the
    Python keyword and built-in, and ``_`` for ``-``."""
    return {"import": "importing", "print": "printing"}.get(command, command.replace("-", "_"))


def _load(module: str):
    try:
        return importlib.import_module(f"gisdesk.commands.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"gisdesk.commands.{module}":
            return None
        raise


def build_parser() -> argparse.ArgumentParser:
    """The parser, its help in the current language (:func:`gisdesk.messages.set_language`)."""
    install_argparse()
    lang_help = "interface language (zh or en; default: zh, or en when LANG is English)"
    parser = _Parser(prog="main.py", description="gisdesk: planning tool for community policing")
    parser.add_argument("--lang", choices=("zh", "en"), help=lang_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
        p.add_argument("--quiet", action="store_true", help="no progress output")
        p.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help=lang_help)
        mod = _load(_module_name(name))
        if mod is None:
            p.add_argument("rest", nargs=argparse.REMAINDER)
            p.set_defaults(_module=None)
        else:
            mod.configure(p)
            p.set_defaults(_module=mod)
    translate_parser(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command and return its exit code."""
    set_language(detect(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    ctx = Context(json=args.json, quiet=args.quiet)
    prog = f"main.py {args.command}"
    if args._module is None:
        print(f"{prog}: {tr('not yet built')}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        with _ctrl_c_cancels(ctx.cancel):
            summary = args._module.run(args, ctx)
    except (KeyboardInterrupt, Cancelled):
        print(f"{prog}: {tr('interrupted; the project is unchanged')}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        failure = describe_failure(exc)
        print(f"{prog}: {failure.line}", file=sys.stderr)
        if os.environ.get("GISDESK_DEBUG"):
            traceback.print_exc()
        return EXIT_BAD_INPUT if failure.bad_input else EXIT_FAILED
    if summary is None:
        summary = {}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, default=_jsonable), flush=True)
    return ctx.exit_code


class _ctrl_c_cancels:
    """While a job runs, the first Ctrl-C sets ``token`` and the job stops at its next check
    (an interrupt raised inside numpy or a solver can surface as another exception); a
    second Ctrl-C interrupts at once. A process that ignores SIGINT keeps ignoring it."""

    def __init__(self, token: CancelToken) -> None:
        self.token = token
        self.previous = None

    def _handle(self, signum, frame) -> None:
        if self.token.cancelled:
            raise KeyboardInterrupt
        self.token.cancel()

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            current = signal.getsignal(signal.SIGINT)
            if current is not signal.SIG_IGN:
                self.previous = current
                signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        # a job that finished before reaching a check has done its work: it reports it
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def _jsonable(value):
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, np.ndarray):
            return value.tolist()
    except ImportError:  # pragma: no cover
        pass
    return str(value)
