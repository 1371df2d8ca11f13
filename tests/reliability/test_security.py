"""Security: nothing in a project or an imported file is executed, nothing leaves the machine."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from gisdesk.cli import main as cli_main
from tests.gisdesk.test_grids_service import _town

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("algorithms", "layers", "maps", "gisdesk")
FORBIDDEN = {
    r"\bimport pickle\b|\bpickle\.load": "pickle",
    r"(?<![\w.])eval\(": "eval",
    r"(?<![\w.])exec\(": "exec",
    r"\bmarshal\.loads?\b": "marshal",
    r"\bshelve\b": "shelve",
    r"shell\s*=\s*True": "shell=True",
    r"\bos\.system\(": "os.system",
    r"yaml\.load\(": "yaml.load",
}


def _sources():
    for pkg in PACKAGES:
        yield from (ROOT / pkg).rglob("*.py")


def test_no_code_execution_primitives_in_the_product():
    hits = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for pattern, what in FORBIDDEN.items():
            if re.search(pattern, text):
                hits.append(f"{path.relative_to(ROOT)}: {what}")
    assert not hits, hits


def test_sql_is_never_built_from_data():
    """Every SQL statement with an interpolated name uses a name from our own schema."""
    offenders = []
    for path in _sources():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"execute\(\s*f[\"']", line) and "salvage.py" not in str(path):
                offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert not offenders, offenders


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(self, address, *a, **k):
        attempts.append(address)
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
    return attempts


def test_commands_make_no_network_requests(tmp_path, no_network):
    path = tmp_path / "town.gpkg"
    _town().save(path)
    for args in (
        ["grids", str(path), "--quiet"],
        ["check", str(path), "--quiet"],
        ["report", str(path), "--out", str(tmp_path / "r.xlsx"), "--quiet"],
        ["export-web", str(path), "--out", str(tmp_path / "m.html"), "--quiet"],
    ):
        assert cli_main(args) == 0, args
    assert no_network == []
