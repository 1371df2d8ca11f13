"""Bad input on the command line: every sub-command exits 2 with one line naming the culprit.

The matrix of CONTRACT.md section 2 and issue 7: for every sub-command, a missing project,
a text file named ``.gpkg``, a truncated GeoPackage, an empty project and bad option
values. Each refusal must

- exit with code 2 (never 1, never a traceback),
- print exactly one line on stderr (``--quiet``: no progress lines) that names the file,
  layer, row, field or option at fault,
- leave the project byte-for-byte unchanged (sha256 before and after) and write no output.

The cases run in-process through :func:`gisdesk.cli.main` (quick); the importers are in
``test_bad_input_import.py``, infeasible requests and Ctrl-C in ``test_bad_input_infeasible.py``.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from gisdesk.cli import main as cli_main
from layers.project import Project
from tests.gisdesk.services.grids.test_plan import _town

ROOT = Path(__file__).resolve().parents[2]
AT = "115.61,34.41"  # inside the town of _town()


# ---------------------------------------------------------------------------- harness
@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def describe(self) -> str:
        return f"exit {self.code}, stderr:\n{self.stderr}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(argv: list[str], capsys, lang: str | None = "en") -> Outcome:
    """One in-process run; argparse's own refusals arrive as SystemExit.

    ``lang``: the culprits these tests look for are the English words (``row 7``, ``layer
    villages``), so they run with ``--lang en``; ``None`` runs in the default language
    (Chinese). ``screenshot`` builds a whole QApplication with translators, which is meant
    to happen once per process: it runs in a child process, like a user's call.
    """
    if lang is not None and argv:
        argv = [*argv, "--lang", lang]
    if argv and argv[0] == "screenshot":
        return run_main_py(argv)
    capsys.readouterr()
    with warnings.catch_warnings(record=True) as caught:
        # Python's own filters for a script (pytest's would hide what a user sees on stderr)
        warnings.resetwarnings()
        warnings.simplefilter("default")
        for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
            warnings.simplefilter("ignore", category)
        try:
            code = cli_main([str(a) for a in argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    err += "".join(f"{w.filename}:{w.lineno}: {w.category.__name__}: {w.message}\n" for w in caught)
    return Outcome(code, out, err)


def run_main_py(argv: list[str]) -> Outcome:
    res = subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, argv)],
                         capture_output=True, text=True, cwd=ROOT, timeout=180)
    return Outcome(res.returncode, res.stdout, res.stderr)


def snapshot(folder: Path) -> dict[str, str]:
    """Name -> sha256 of every file in ``folder`` (hidden ones too)."""
    return {p.name: sha256(p) for p in folder.iterdir() if p.is_file()}


def assert_refused(argv: list[str], capsys, culprits: tuple[str, ...] | str, folder: Path,
                   lang: str | None = "en") -> Outcome:
    """Exit 2, one stderr line naming one of ``culprits``, nothing in ``folder`` changed."""
    if isinstance(culprits, str):
        culprits = (culprits,)
    before = snapshot(folder)
    res = run_cli([*argv, "--quiet"], capsys, lang)
    assert "Traceback" not in res.stderr, res.describe()
    assert res.code == 2, res.describe()
    assert len(res.lines) == 1, res.describe()
    assert any(c.lower() in res.lines[0].lower() for c in culprits), f"names none of {culprits}: {res.lines[0]}"
    assert snapshot(folder) == before, "files changed or written: " + res.describe()
    return res


def xfail(reason: str):
    """A product bug this test exposes, reported to the command's owner (strict: fixed -> XPASS fails)."""
    return pytest.mark.xfail(strict=True, reason=reason)


# ---------------------------------------------------------------------------- projects
@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    monkeypatch.delenv("GISDESK_DEBUG", raising=False)


@pytest.fixture(scope="module")
def town_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("town") / "town.gpkg"
    _town().save(path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def empty_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("empty") / "empty.gpkg"
    Project.new().save(path)
    return path.read_bytes()


@pytest.fixture
def town(tmp_path, town_bytes) -> Path:
    path = tmp_path / "town.gpkg"
    path.write_bytes(town_bytes)
    return path


def make_project(kind: str, folder: Path, town_bytes: bytes, empty_bytes: bytes) -> Path:
    path = folder / f"{kind}.gpkg"
    if kind == "text":
        path.write_text("村名,人口\n张庄村,1800\n", encoding="utf-8")
    elif kind == "truncated":
        path.write_bytes(town_bytes[: len(town_bytes) // 3])
    elif kind == "header_only":
        path.write_bytes(town_bytes[:100])
    elif kind == "zero_bytes":
        path.write_bytes(b"")
    elif kind == "empty":
        path.write_bytes(empty_bytes)
    elif kind == "folder":
        path.mkdir()
    # "missing": nothing written
    return path


def command_argv(command: str, project: Path, out_dir: Path, csv: Path) -> list[str]:
    """A well-formed call of ``command`` on ``project`` (outputs into ``out_dir``)."""
    return {
        "import": ["import", project, "villages", csv],
        "site": ["site", project],
        "evaluate": ["evaluate", project, "--at", AT],
        "grids": ["grids", project],
        "assign": ["assign", project],
        "plan": ["plan", "list", project],
        "check": ["check", project],
        "print": ["print", project, "--out", out_dir / "atlas.pdf"],
        "export-web": ["export-web", project, "--out", out_dir / "map.html"],
        "report": ["report", project, "--out", out_dir / "tables.xlsx"],
        "screenshot": ["screenshot", project, "--out", out_dir / "shot.png"],
    }[command]


PROJECT_COMMANDS = ("import", "site", "evaluate", "grids", "assign", "plan", "check", "print", "export-web", "report",
                    "screenshot")


@pytest.fixture
def good_csv(tmp_path) -> Path:
    path = tmp_path / "in" / "villages.csv"
    path.parent.mkdir()
    path.write_text("代码,名称,经度,纬度,人口,户数\nV9,新村,115.62,34.43,900,300\n", encoding="utf-8")
    return path


def test_every_command_is_in_the_matrix():
    from gisdesk.cli import COMMANDS

    assert set(COMMANDS) == {"demo", "new", *PROJECT_COMMANDS}


# ---------------------------------------------------------------------------- bad projects
UNREADABLE = ("missing", "text", "truncated", "header_only", "zero_bytes", "folder")


def _unreadable_cases():
    for command in PROJECT_COMMANDS:
        for kind in UNREADABLE:
            if (command, kind) != ("import", "missing"):  # CONTRACT: import into a missing file creates it
                yield pytest.param(command, kind, id=f"{command}-{kind}")


@pytest.mark.parametrize(("command", "kind"), list(_unreadable_cases()))
def test_unreadable_project_is_refused(command, kind, tmp_path, capsys, town_bytes, empty_bytes, good_csv):
    work = tmp_path / "work"
    work.mkdir()
    project = make_project(kind, work, town_bytes, empty_bytes)
    assert_refused(command_argv(command, project, work, good_csv), capsys, project.name, work)


@pytest.mark.parametrize("kind", [k for k in (*UNREADABLE, "empty") if k != "missing"])
def test_new_on_an_existing_file_is_refused(kind, tmp_path, capsys, town_bytes, empty_bytes):
    """``new`` never overwrites: whatever is there (a project, a text file, a folder) stays."""
    work = tmp_path / "work"
    work.mkdir()
    project = make_project(kind, work, town_bytes, empty_bytes)
    assert_refused(["new", project], capsys, project.name, work)


@pytest.mark.parametrize("where", ["missing_folder", "read_only", "not_gpkg"])
def test_new_where_no_project_can_be_made(where, tmp_path, capsys):
    out = {"missing_folder": tmp_path / "no" / "p.gpkg", "read_only": READ_ONLY / "p.gpkg",
           "not_gpkg": tmp_path / "p.txt"}[where]
    assert_refused(["new", out], capsys, (out.name, "gpkg"), tmp_path)
    assert not out.exists()


def test_new_and_import_create_a_missing_project(tmp_path, capsys, good_csv):
    """CONTRACT: ``new`` creates an empty project; ``import`` into a missing file creates it and says so."""
    made = tmp_path / "new.gpkg"
    res = run_cli(["new", made, "--quiet"], capsys)
    assert res.code == 0 and "Traceback" not in res.stderr, res.describe()
    project = Project.open(made)
    assert project.problems == [] and all(len(project[name]) == 0 for name in project.layers)
    imported = tmp_path / "imported.gpkg"
    res = run_cli(["import", imported, "villages", good_csv, "--quiet", "--json"], capsys)
    assert res.code == 0, res.describe()
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["created"] is True and summary["imported"] == 1
    res = run_cli(["import", tmp_path / "said.gpkg", "villages", good_csv], capsys, lang=None)
    assert res.code == 0 and "已新建项目" in res.stderr, res.describe()
    assert list(Project.open(imported)["villages"]["code"]) == ["V9"]


@pytest.mark.parametrize("command", ["site", "evaluate", "grids"])
def test_empty_project_is_refused_naming_the_layer(command, tmp_path, capsys, town_bytes, empty_bytes, good_csv):
    project = make_project("empty", tmp_path, town_bytes, empty_bytes)
    assert_refused(command_argv(command, project, tmp_path, good_csv), capsys, ("layer villages", "layer units"), tmp_path)


@pytest.mark.parametrize("command", ["assign", "plan", "check", "print", "export-web", "report", "screenshot"])
def test_empty_project_is_handled(command, tmp_path, capsys, town_bytes, empty_bytes, good_csv):
    """Nothing to draw or count is not an error, or a one-line refusal; never a crash.
    ``check`` says that there is nothing to check as a violation (exit 1, CONTRACT)."""
    project = make_project("empty", tmp_path, town_bytes, empty_bytes)
    before = sha256(project)
    res = run_cli([*command_argv(command, project, tmp_path, good_csv), "--quiet"], capsys)
    assert "Traceback" not in res.stderr, res.describe()
    assert res.code in ((0, 1, 2) if command == "check" else (0, 2)), res.describe()
    if res.code == 2:
        assert len(res.lines) == 1, res.describe()
    assert sha256(project) == before


# ---------------------------------------------------------------------------- bad options
BAD_OPTIONS = [
    # site
    ("site", ["--min-villages", "-1"], "--min-villages"),
    ("site", ["--min-villages", "0"], "--min-villages"),
    ("site", ["--min-villages", "five"], "--min-villages"),
    ("site", ["--max-villages", "0"], "--max-villages"),
    ("site", ["--min-villages", "8", "--max-villages", "5"], "--max-villages"),
    ("site", ["--offices", "0"], "--offices"),
    ("site", ["--offices", "-3"], "--offices"),
    ("site", ["--offices", "2.5"], "--offices"),
    ("site", ["--offices", "99999999999999999999"], "--offices"),
    ("site", ["--max-km", "0"], "--max-km"),
    ("site", ["--max-km", "-5"], "--max-km"),
    ("site", ["--max-km", "far"], "--max-km"),
    ("site", ["--max-km", "nan"], "--max-km"),
    ("site", ["--time-limit", "0"], "--time-limit"),
    ("site", ["--time-limit", "-1"], "--time-limit"),
    ("site", ["--min-offices-per-station", "0"], "--min-offices-per-station"),
    ("site", ["--seed", "x"], "--seed"),
    # evaluate
    ("evaluate", ["--at", "200,95"], "--at"),
    ("evaluate", ["--at", "115.6,95"], "--at"),
    ("evaluate", ["--at", "garbage"], "--at"),
    ("evaluate", ["--at", ""], "--at"),
    ("evaluate", ["--at", "115.6,34.4,7"], "--at"),
    ("evaluate", ["--at", "nan,nan"], "--at"),
    ("evaluate", ["--at", "inf,34.4"], "--at"),
    ("evaluate", ["--at", "34.41,115.61"], "--at"),  # latitude first: outside China
    ("evaluate", ["--at", "0,0"], "--at"),
    ("evaluate", ["--at", AT, "--crs", "EPSG:999999"], "--crs"),
    ("evaluate", ["--at", AT, "--crs", "foo"], "--crs"),
    ("evaluate", ["--at", AT, "--within-km", "0"], "--within-km"),
    ("evaluate", ["--at", AT, "--within-km", "-2"], "--within-km"),
    ("evaluate", ["--at", AT, "--within-km", "nan"], "--within-km"),
    # grids
    ("grids", ["--urban-people", "0"], "--urban-people"),
    ("grids", ["--urban-people", "-3000"], "--urban-people"),
    ("grids", ["--urban-households", "lots"], "--urban-households"),
    ("grids", ["--rural-people", "0"], "--rural-people"),
    ("grids", ["--tolerance", "0"], "--tolerance"),
    ("grids", ["--tolerance", "-0.1"], "--tolerance"),
    ("grids", ["--tolerance", "1.5"], "--tolerance"),
    ("grids", ["--tolerance", "nan"], "--tolerance"),
    ("grids", ["--time-limit", "0"], "--time-limit"),
    ("grids", ["--time-limit", "-1"], "--time-limit"),
    ("grids", ["--seed", "-1"], "--seed"),
    # check
    ("check", ["--min-villages", "-1"], "--min-villages"),
    ("check", ["--min-villages", "0"], "--min-villages"),
    ("check", ["--min-villages", "8", "--max-villages", "5"], "--max-villages"),
    ("check", ["--max-villages", "x"], "--max-villages"),
    # print
    ("print", ["--paper", "A5"], "--paper"),
    ("print", ["--by", "foo"], "--by"),
    ("print", ["--dpi", "0"], "--dpi"),
    ("print", ["--dpi", "-300"], "--dpi"),
    # screenshot
    ("screenshot", ["--width", "10"], "--width"),
    ("screenshot", ["--height", "-1"], "--height"),
    ("screenshot", ["--language", "fr"], "--language"),
    ("screenshot", ["--panel", "foo"], "--panel"),
]


@pytest.mark.parametrize(("command", "extra", "culprit"), BAD_OPTIONS, ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_bad_option_value_is_refused(command, extra, culprit, town, tmp_path, capsys, good_csv):
    argv = command_argv(command, town, tmp_path, good_csv)
    if "--at" in extra:
        i = argv.index("--at")
        argv = argv[:i] + argv[i + 2 :]
    assert_refused([*argv, *extra], capsys, culprit, tmp_path)


# ---------------------------------------------------------------------------- outputs
READ_ONLY = Path("/proc")  # nobody, not even root, may create files there


OUTPUTS = {"print": "atlas.pdf", "export-web": "map.html", "report": "tables.xlsx", "screenshot": "shot.png"}
UNWRITABLE: dict[tuple[str, str], str] = {}  # every unwritable output is refused now


def _output_cases():
    for where in ("missing_folder", "read_only", "is_folder"):
        for command in OUTPUTS:
            reason = UNWRITABLE.get((command, where))
            yield pytest.param(command, where, marks=xfail(reason) if reason else (), id=f"{command}-{where}")


@pytest.mark.parametrize(("command", "where"), list(_output_cases()))
def test_output_that_cannot_be_written_is_refused(command, where, town, tmp_path, capsys, good_csv):
    name = OUTPUTS[command]
    if where == "missing_folder":
        out = tmp_path / "no" / "such" / name
    elif where == "read_only":
        out = READ_ONLY / name
    else:
        out = tmp_path / name
        out.mkdir()
    argv = command_argv(command, town, tmp_path, good_csv)
    argv[argv.index("--out") + 1] = out
    assert_refused(argv, capsys, (name, "--out"), tmp_path)
    assert not (where == "missing_folder" and out.parent.exists())


@pytest.mark.parametrize(("command", "name"), [("print", "atlas.txt"), ("report", "tables.csv")])
def test_output_with_wrong_suffix_is_refused(command, name, town, tmp_path, capsys, good_csv):
    argv = command_argv(command, town, tmp_path, good_csv)
    argv[argv.index("--out") + 1] = tmp_path / name
    assert_refused(argv, capsys, (name, "--out"), tmp_path)


def test_print_png_folder_that_cannot_be_made_is_refused(town, tmp_path, capsys, good_csv):
    argv = [*command_argv("print", town, tmp_path, good_csv), "--png", READ_ONLY / "pages"]
    assert_refused(argv, capsys, ("pages", "--png"), tmp_path)


def test_print_png_onto_a_file_is_refused(town, tmp_path, capsys, good_csv):
    (tmp_path / "pages").write_text("a file, not a folder")
    argv = [*command_argv("print", town, tmp_path, good_csv), "--png", tmp_path / "pages"]
    assert_refused(argv, capsys, ("pages", "--png"), tmp_path)


@pytest.mark.parametrize("command", [
    "export-web",
    "screenshot",
])
def test_output_onto_the_project_itself_is_refused(command, town, tmp_path, capsys):
    """``--out`` naming the project file would destroy the planner's work."""
    argv = [command, town, "--out", town]
    assert_refused(argv, capsys, ("town.gpkg", "--out"), tmp_path)


# ---------------------------------------------------------------------------- demo
@pytest.mark.parametrize(("extra", "culprit"), [
    (["--seed", "-1"], "--seed"),
    (["--seed", "one"], "--seed"),
    (["--scale", "country"], "--scale"),
])
def test_demo_bad_options(extra, culprit, tmp_path, capsys):
    assert_refused(["demo", tmp_path / "demo.gpkg", *extra], capsys, culprit, tmp_path)


@pytest.mark.parametrize("where", ["missing_folder", "read_only", "is_folder", "not_gpkg"])
def test_demo_output_that_cannot_be_written(where, tmp_path, capsys):
    out = {
        "missing_folder": tmp_path / "no" / "demo.gpkg",
        "read_only": READ_ONLY / "demo.gpkg",
        "is_folder": tmp_path / "demo.gpkg",
        "not_gpkg": tmp_path / "demo.txt",
    }[where]
    if where == "is_folder":
        out.mkdir()
    assert_refused(["demo", out], capsys, (out.name, "--out"), tmp_path)


# ---------------------------------------------------------------------------- end to end
def test_refusal_through_main_py_is_one_line_and_exit_2(tmp_path):
    """The real entry point, progress on: the refusal is still one line after the progress."""
    bogus = tmp_path / "bogus.gpkg"
    bogus.write_text("not a database")
    before = sha256(bogus)
    for args in (["site", bogus], ["grids", bogus, "--tolerance", "2"], ["print", bogus, "--out", tmp_path / "a.pdf", "--paper", "A5"]):
        res = subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
        lines = [ln for ln in res.stderr.splitlines() if ln.strip() and not ln.startswith("[")]
        assert res.returncode == 2 and len(lines) == 1 and "Traceback" not in res.stderr, (args, res.stderr)
    assert sha256(bogus) == before
    assert not (tmp_path / "a.pdf").exists()


# ---------------------------------------------------------------------------- locked project
@pytest.mark.parametrize("command", ["site", "grids"])
def test_project_locked_by_another_program_is_refused(command, town, tmp_path, capsys, good_csv):
    """Another process writing the project (the window, a second command): refuse, change nothing."""
    import fcntl
    import os

    from layers.locking import lock_path

    fd = os.open(lock_path(town.resolve()), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        before = sha256(town)
        res = run_cli([*command_argv(command, town, tmp_path, good_csv), "--quiet"], capsys)
        assert res.code == 2 and len(res.lines) == 1 and "Traceback" not in res.stderr, res.describe()
        assert "town.gpkg" in res.lines[0] or "another program" in res.lines[0], res.describe()
        assert sha256(town) == before
    finally:
        os.close(fd)


def test_refusal_with_json_prints_no_summary(town, tmp_path, capsys, good_csv):
    """A refused run has no JSON summary: a script reading the last stdout line must not
    mistake a refusal for a result."""
    res = run_cli(["site", town, "--offices", "0", "--json", "--quiet"], capsys)
    assert res.code == 2 and res.stdout.strip() == "", res.describe()
