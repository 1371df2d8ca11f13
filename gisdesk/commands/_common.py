"""Small helpers shared by the sub-commands: opening projects, checking outputs and options."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from layers.errors import InputError


def existing_file(path: str, what: str = "file") -> Path:
    """``path`` as a Path, or an InputError naming it when it does not exist."""
    p = Path(path)
    if not p.exists():
        raise InputError("not_found", f"{what} not found", file=str(p))
    if p.is_dir():
        raise InputError("is_folder", f"{what} is a folder", file=str(p))
    return p


def open_project(path: str, *, validate: tuple[str, ...] = (), unknown_ok: tuple[str, ...] = (),
                 unique: tuple[str, ...] = (), every_layer: bool = False):
    """Open a project for a command; errors name the file.

    Each layer is read when the command first uses it (a command that checks the whole
    project asks for ``every_layer``); one that cannot be read stops the command then, with
    a line naming it, before anything is saved.

    A layer that could not be read is refused (saving would replace it by an empty one);
    the layers named in ``validate`` must hold no invalid rows, counting the values stored
    as text or left empty in numeric columns (the first is named). ``unknown_ok``: columns
    whose empty cells the command handles as unknown (``site`` plans a village of unknown
    population with weight 1), so they are not refused. ``unique``: layers whose codes must
    not repeat (a command that reads the rest of the data as it is still needs to tell rows
    apart).
    """
    from layers.project import Project

    project = Project.open(existing_file(path, "project"), lazy=not every_layer)
    for problem in project.problems:
        if problem.code != "missing_layer":
            raise InputError("damaged_layer", f"cannot read: {problem.message.splitlines()[0][:160]}",
                             file=str(path), layer=problem.layer or None)
    for name in validate:
        check_layer(project, name, path, unknown_ok)
    for name in unique:
        refuse_repeated_codes(project, name, path)
    return project


def refuse_repeated_codes(project, name: str, path: str) -> None:
    """InputError naming the first row whose code an earlier row of the layer already has."""
    frame = project[name]
    if "code" not in frame.columns or len(frame) == 0:
        return
    codes = frame["code"].reset_index(drop=True)
    known = codes[codes.notna() & (codes.astype(str) != "")]
    repeated = known[known.duplicated(keep="first")]
    if len(repeated):
        row = int(repeated.index[0])
        first = int(known[known == repeated.iloc[0]].index[0])
        raise InputError("duplicate_code", f"code {repeated.iloc[0]} is also in row {first + 1}",
                         file=str(path), layer=name, row=row + 1)


def check_layer(project, name: str, path: str, unknown_ok: tuple[str, ...] = ()) -> None:
    """InputError naming the first invalid row of a layer, with the count of the others."""
    from layers.validation import validate_layer

    frame = project[name]
    if len(frame) == 0:
        return
    stored = [p for p in project.value_problems if p.layer == name]
    problems = [p for p in stored + validate_layer(name, frame)
                if p.severity == "error" and not (p.code == "missing_value" and p.field in unknown_ok)]
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        field = f"{first.field}: " if first.field and not first.message.startswith(first.field) else ""
        code = ""
        if first.row is not None and "code" in frame.columns and 0 < first.row <= len(frame):
            value = frame["code"].iloc[first.row - 1]
            code = f"{value}: " if value else ""
        raise InputError(first.code, f"{code}{field}{first.message}{more}", file=str(path), layer=name, row=first.row)


def output_file(path: str, suffix: str, project: str | None = None, option: str = "--out") -> Path:
    """A writable output path with the right suffix that is not the project itself."""
    out = Path(path)
    if out.suffix.lower() != suffix:
        raise InputError("bad_option", f"{option} must end in {suffix}", file=str(out))
    if not out.parent.is_dir():
        raise InputError("no_folder", "folder does not exist", file=str(out))
    if out.is_dir():
        raise InputError("is_folder", f"{option} is a folder", file=str(out))
    if project is not None and out.exists() and out.resolve() == Path(project).resolve():
        raise InputError("would_overwrite_project", f"{option} is the project itself", file=str(out))
    writable_folder(out.parent, out)
    return out


def writable_folder(folder: Path, shown: Path | None = None) -> None:
    """InputError unless a file can be created in ``folder`` (root ignores permission bits)."""
    probe = folder / f".gisdesk-write-test-{os.getpid()}"
    try:
        with open(probe, "wb"):
            pass
    except OSError as exc:
        raise InputError("not_writable", f"cannot write here ({exc.strerror or exc})", file=str(shown or folder)) from exc
    finally:
        try:
            probe.unlink()
        except OSError:
            pass


def output_folder(path: str, option: str) -> Path:
    """A folder for several output files, created if missing; InputError when impossible."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise InputError("not_a_folder", f"{option} is a file, not a folder", file=str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError("not_writable", f"cannot create the folder ({exc.strerror or exc})", file=str(folder)) from exc
    writable_folder(folder)
    return folder


def positive(value, option: str, *, allow_zero: bool = False, allow_none: bool = True):
    """The value, or an InputError naming the option when it is not positive."""
    if value is None and allow_none:
        return value
    if value is None or value < 0 or (value == 0 and not allow_zero):
        raise InputError("bad_option", f"{option}: must be {'zero or more' if allow_zero else 'positive'}, got {value}")
    return value


@contextmanager
def named_options() -> Iterator[None]:
    """Make a service's parameter type inside: its refusal of a bad value (an InputError
    whose ``field`` is the parameter, e.g. ``urban_people``) names the option instead
    (``--urban-people: must be ...``). The parameter type holds the one check."""
    try:
        yield
    except InputError as exc:
        if not exc.field:
            raise
        raise InputError(exc.code, f"--{exc.field.replace('_', '-')}: {exc.message}") from exc


STANDARD_OPTIONS = {
    "--urban-people": ("urban_people", "residents per urban officer"),
    "--urban-households": ("urban_households", "households per urban officer"),
    "--rural-people": ("rural_people", "residents per rural officer"),
    "--min-villages": ("min_villages", "fewest villages per rural office"),
    "--max-villages": ("max_villages", "most villages per rural office"),
    "--min-offices": ("min_offices", "offices a remote station has at least"),
    "--min-offices-per-station": ("min_offices", "offices a remote station gets at least"),
}
"""The options that change one number of the bureau's standard: the number they change
(a field of :class:`layers.standard.Standard`) and their help."""


def add_standard_options(parser, *options: str) -> None:
    """The ``options`` (of :data:`STANDARD_OPTIONS`), each defaulting to the bureau's number
    and showing it in its help."""
    from layers.standard import Standard

    bureau = Standard()
    for option in options:
        name, help_text = STANDARD_OPTIONS[option]
        value = getattr(bureau, name)
        parser.add_argument(option, type=int, default=value, help=f"{help_text} ({value})")


def add_worker_options(parser) -> None:
    """``--workers N`` and ``--scheduler ADDRESS``: where a command's independent tasks run."""
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: every core; 1 works in this process)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run the tasks on a Dask cluster, e.g. tcp://host:8786 (the cluster extra)")


def workers_from(args):
    """The :class:`gisdesk.services.workers.Workers` the options ask for; a bad value names its option."""
    from gisdesk.services.workers import Workers, cluster_client_module

    with named_options():
        workers = Workers(args.workers, args.scheduler)
        if workers.scheduler is not None:
            cluster_client_module()  # not installed: say so before any work
        return workers


def parse_lonlat(text: str, option: str = "--at") -> tuple[float, float]:
    """``"115.65,34.41"`` -> (lon, lat); InputError naming the option otherwise."""
    try:
        lon_s, lat_s = text.replace("，", ",").split(",")
        return float(lon_s), float(lat_s)
    except ValueError as exc:
        raise InputError("bad_option", f"{option}: expected LON,LAT, got {text!r}") from exc
