"""Security: nothing in a project or an imported file is executed, nothing leaves the machine."""

from __future__ import annotations

import ast
import re
import socket
from pathlib import Path

import pytest

from gisdesk.cli import main as cli_main
from tests.gisdesk.services.grids.test_plan import _town

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


SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|DROP|ALTER)\b")


def _safe_sql_part(node: ast.AST, safe_names: set[str]) -> bool:
    """A value written into SQL text: a constant, ``identifier(...)``, or a name bound only to those."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "identifier":
        return True
    if isinstance(node, ast.IfExp):
        return _safe_sql_part(node.body, safe_names) and _safe_sql_part(node.orelse, safe_names)
    return isinstance(node, ast.Name) and node.id in safe_names


def _safe_names(tree: ast.AST) -> set[str]:
    bound: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bound.setdefault(target.id, []).append(node.value)
    safe: set[str] = set()
    for _ in range(3):  # names bound to names bound to identifier(...)
        safe |= {n for n, values in bound.items() if all(_safe_sql_part(v, safe) for v in values)}
    return safe


def test_sql_is_never_built_from_data():
    """Every value written into SQL text is a constant or a schema name passed through
    ``layers.sql.identifier``: data only ever goes in as parameters."""
    offenders = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        safe = _safe_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if not SQL_WORDS.search(text):
                continue
            for part in node.values:
                if isinstance(part, ast.FormattedValue) and not _safe_sql_part(part.value, safe):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(part.value)}")
    assert not offenders, offenders


def test_sql_identifiers_are_only_schema_names():
    from layers.sql import identifier

    assert identifier("villages") == '"villages"' and identifier("population") == '"population"'
    for name in ('villages"; DROP TABLE villages; --', "sqlite_master", "Villages", ""):
        with pytest.raises(ValueError):
            identifier(name)


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
        assert cli_main(args) in ((0, 1) if args[0] == "check" else (0,)), args  # check: 1 = violations found
    assert no_network == []
