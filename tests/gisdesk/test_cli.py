"""The command-line frame: exit codes, --json, and no Qt on the non-drawing path."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_parser_does_not_import_qt():
    code = "import sys; from gisdesk.cli import build_parser; build_parser(); print('PyQt6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


def test_unknown_command_exits_2_with_one_line():
    res = run("no-such-command")
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1


def test_missing_project_exits_2_naming_the_file(tmp_path):
    missing = tmp_path / "nope.gpkg"
    res = run("check", str(missing), "--json")
    assert res.returncode == 2
    assert "nope.gpkg" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_not_a_geopackage_exits_2(tmp_path):
    bogus = tmp_path / "bogus.gpkg"
    bogus.write_text("this is not a database")
    res = run("check", str(bogus))
    assert res.returncode == 2
    assert "bogus.gpkg" in res.stderr and "GeoPackage" in res.stderr
    assert bogus.read_text() == "this is not a database"


def test_json_summary_is_the_last_stdout_line(tmp_path):
    out = tmp_path / "demo.gpkg"
    res = run("demo", str(out), "--json", "--quiet")
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert isinstance(summary, dict) and summary


@pytest.fixture
def sigint_as_in_a_terminal():
    """SIGINT raising KeyboardInterrupt, as Python sets it up in a foreground terminal.

    A background job (``nohup make test &``, many CI runners) starts with SIGINT ignored,
    and the product rightly keeps it ignored; the tests of Ctrl-C need the terminal's state.
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_first_ctrl_c_sets_the_cancel_token_and_a_second_interrupts(sigint_as_in_a_terminal):
    from algorithms.progress import Cancelled
    from gisdesk.cli import Context, _ctrl_c_cancels

    ctx = Context(quiet=True)
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        with _ctrl_c_cancels(ctx.cancel):
            signal.raise_signal(signal.SIGINT)  # no exception inside numpy or a solver: a flag
            assert ctx.cancel.cancelled
            ctx.progress(1.0, "done")  # finished work is reported as done
            with pytest.raises(Cancelled):
                ctx.progress(0.5, "still working")  # the job stops at its next check
            signal.raise_signal(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is before


def test_a_process_that_ignores_ctrl_c_keeps_ignoring_it():
    from gisdesk.cli import Context, _ctrl_c_cancels

    ctx = Context(quiet=True)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with _ctrl_c_cancels(ctx.cancel):
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            signal.raise_signal(signal.SIGINT)
            assert not ctx.cancel.cancelled
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
