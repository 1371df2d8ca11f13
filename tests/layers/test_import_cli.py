"""``main.py import``: refusal leaves the project byte-for-byte unchanged, --skip-invalid,
append/replace, the JSON summary, real Shangqiu data, and a fuzzed CSV importer."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gisdesk.cli import main
from gisdesk.commands.importing import LAYER_NAMES
from layers.errors import InputError
from layers.importing import ImportOptions, import_file
from layers.importing.chinacoords import gcj02_to_wgs84
from layers.project import Project
from layers.schema import LAYERS, PLAN_VERSION_LAYERS

ROOT = Path(__file__).resolve().parents[2]
SHANGQIU = ROOT / ".." / "shared" / "data" / "cn" / "shangqiu"

GOOD = (
    "统计用区划代码,村名,经度,纬度,常住人口,户数,城乡分类代码\n"
    "411426100201,张庄村,116.10,34.20,1200,300,220\n"
    "411426100202,李楼村,116.20,34.25,800,210,220\n"
)
BAD = GOOD + (
    "411426100203,王集村,116.15,34.30,2300,600,220\n"
    "411426100204,赵庄村,116.16,34.31,900,250,220\n"
    "411426100205,钱楼村,116.17,34.32,700,190,220\n"
    "411426100206,孙集村,116.18,34.33,-35,190,220\n"  # row 7
    "411426100207,周庄村,,,600,150,220\n"  # row 8: no coordinates
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def project(tmp_path) -> Path:
    path = tmp_path / "city.gpkg"
    Project.new().save(path)
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    """``main.py import ARGV --lang en``: these tests read the English refusals."""
    code = main(["import", *map(str, argv), "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


def summary(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def test_layer_names_match_the_schema():
    assert list(LAYER_NAMES) == [n for n in LAYERS if n not in PLAN_VERSION_LAYERS]  # versions are saved, not imported


def test_import_appends_and_reports(tmp_path, project, capsys):
    csv = tmp_path / "villages.csv"
    csv.write_text(GOOD, encoding="utf-8")
    code, out, _err = run(capsys, project, "villages", csv, "--json", "--quiet")
    assert code == 0
    s = summary(out)
    assert {"layer", "imported", "skipped", "warnings", "crs", "encoding"} <= set(s)
    assert s["layer"] == "villages" and s["imported"] == 2 and s["skipped"] == []
    assert s["crs"] == "EPSG:4490" and s["encoding"] == "utf-8"
    villages = Project.open(project)["villages"]
    assert list(villages["name"]) == ["张庄村", "李楼村"] and list(villages["population"]) == [1200, 800]

    # appending the same codes again is refused, the project untouched
    before = digest(project)
    code, _out, err = run(capsys, project, "villages", csv, "--quiet")
    assert code == 2 and "already in layer villages" in err and "row 2" in err
    assert digest(project) == before

    # --replace swaps the rows
    other = tmp_path / "other.csv"
    other.write_text(GOOD.replace("411426100201", "X1").replace("411426100202", "X2"), encoding="utf-8")
    assert run(capsys, project, "villages", other, "--quiet")[0] == 0
    assert len(Project.open(project)["villages"]) == 4
    assert run(capsys, project, "villages", csv, "--replace", "--quiet")[0] == 0
    assert list(Project.open(project)["villages"]["code"]) == ["411426100201", "411426100202"]


def test_bad_file_is_refused_whole_and_the_project_is_unchanged(tmp_path, project, capsys):
    csv = tmp_path / "villages.csv"
    csv.write_text(BAD, encoding="utf-8")
    before = digest(project)
    code, out, err = run(capsys, project, "villages", csv, "--json", "--quiet")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("main.py import: villages.csv: row 7: 常住人口 is -35; row 8: no coordinates")
    assert digest(project) == before


def test_skip_invalid_imports_the_good_rows_and_lists_the_others(tmp_path, project, capsys):
    csv = tmp_path / "villages.csv"
    csv.write_text(BAD, encoding="utf-8")
    code, out, err = run(capsys, project, "villages", csv, "--json", "--quiet", "--skip-invalid")
    assert code == 0
    s = summary(out)
    assert s["imported"] == 5
    assert s["skipped"] == [{"row": 7, "reason": "常住人口 is -35"}, {"row": 8, "reason": "no coordinates"}]
    assert "villages.csv: skipped: row 7: 常住人口 is -35" in err
    assert len(Project.open(project)["villages"]) == 5


def test_locked_project_is_refused(tmp_path, project, capsys):
    import fcntl
    import os

    from layers.locking import lock_path

    csv = tmp_path / "villages.csv"
    csv.write_text(GOOD, encoding="utf-8")
    fd = os.open(lock_path(project.resolve()), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        before = digest(project)
        code, _out, err = run(capsys, project, "villages", csv, "--quiet")
        assert code == 2 and "open for writing in another program" in err
        assert digest(project) == before
    finally:
        os.close(fd)


def test_bad_options_are_one_line(tmp_path, project, capsys):
    csv = tmp_path / "villages.csv"
    csv.write_text(GOOD, encoding="utf-8")
    for extra, fragment in (
        (["--crs", "nowhere"], "--crs: unknown coordinate system"),
        (["--encoding", "klingon"], "--encoding: unknown encoding"),
        (["--field", "name"], "--field: expected TARGET=SOURCE"),
        (["--field", "name=zzz"], "--field: no column 'zzz'"),
        (["--where", "99=x"], "--where: column 99 does not exist"),
        (["--set", "colour=red"], "--set: layer villages has no column 'colour'"),
    ):
        code, _out, err = run(capsys, project, "villages", csv, "--quiet", *extra)
        assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1, (extra, err)
    code, _out, err = run(capsys, tmp_path / "nowhere" / "missing.gpkg", "villages", csv, "--quiet")
    assert code == 2 and "folder does not exist" in err and len(err.strip().splitlines()) == 1
    # CONTRACT: import into a missing project file creates it
    code, _out, err = run(capsys, tmp_path / "missing.gpkg", "villages", csv, "--quiet")
    assert code == 0 and (tmp_path / "missing.gpkg").exists()


def test_malformed_file_through_the_real_command_line(tmp_path, project):
    fake = tmp_path / "roads.shp"
    fake.write_text("not a shapefile at all\n" * 20)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "import", str(project), "roads", str(fake), "--lang", "en"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "main.py import: roads.shp: not a shapefile (bad .shp header)" or (
        proc.stderr.strip().splitlines()[-1] == "main.py import: roads.shp: not a shapefile (bad .shp header)"
    )
    assert "Traceback" not in proc.stderr


# ------------------------------------------------------------------ real data
@pytest.fixture
def xiayi() -> Path:
    path = SHANGQIU / "adcode_411426.csv"
    if not path.exists():
        pytest.skip("../shared/data/cn is not beside the repository")
    return path


def fence_wgs84(code: str):
    geom = shapely.from_geojson((SHANGQIU / f"fence_{code}.json").read_text(encoding="utf-8"))

    def fix(coords):
        lon, lat = gcj02_to_wgs84(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geom, fix)


def test_shangqiu_townships_become_points_inside_the_county(xiayi, project, capsys):
    code, out, _err = run(capsys, project, "villages", xiayi, "--where", "level=town", "--skip-invalid", "--json", "--quiet")
    assert code == 0
    s = summary(out)
    towns = [line for line in xiayi.read_text(encoding="utf-8").splitlines() if ",town," in line]
    without = [t for t in towns if t.split(",")[12] == ""]
    assert s["imported"] == len(towns) - len(without) > 15
    assert len(s["skipped"]) == len(without) and all(r["reason"] == "no coordinates" for r in s["skipped"])
    assert s["crs"] == "gcj02"
    villages = Project.open(project)["villages"]
    fence = fence_wgs84("411426").buffer(0.02)
    assert villages.geometry.within(fence).all()
    assert set(villages["area_type"]) <= {"rural", "urban"}
    assert villages["code"].str.fullmatch(r"411426\d{3}000").all()


def test_shangqiu_villages_without_coordinates_are_reported_not_invented(xiayi, project, capsys):
    before = digest(project)
    code, _out, err = run(capsys, project, "villages", xiayi, "--where", "level=village", "--quiet")
    assert code == 2 and "no coordinates" in err and "--skip-invalid" in err
    assert digest(project) == before
    code, out, _err = run(capsys, project, "villages", xiayi, "--where", "level=village", "--skip-invalid", "--json", "--quiet")
    s = summary(out)
    rows = [line.split(",") for line in xiayi.read_text(encoding="utf-8").splitlines() if ",village," in line]
    located = [r for r in rows if r[12]]
    assert s["imported"] == len(located)
    assert len(s["skipped"]) == len(rows) - len(located) > 500
    villages = Project.open(project)["villages"]
    assert set(villages["code"]) == {r[0] for r in located}
    assert (villages["area_type"] == [("urban" if r[8].startswith("1") else "rural") for r in located]).all()
    assert villages.geometry.within(fence_wgs84("411426").buffer(0.05)).all()


def test_shangqiu_with_explicit_column_numbers(xiayi, project, capsys):
    code, out, _err = run(
        capsys, project, "villages", xiayi, "--no-header", "--field", "code=1", "--field", "name=3",
        "--field", "lon=13", "--field", "lat=14", "--field", "area_type=9", "--crs", "gcj02",
        "--skip-invalid", "--json", "--quiet",
    )
    assert code == 0
    s = summary(out)
    assert s["imported"] > 15 and s["crs"] == "gcj02"
    assert all(r["reason"] for r in s["skipped"])


# ------------------------------------------------------------------ fuzz
cells = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
    st.integers(-10**9, 10**9).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["", "代码", "经度", "纬度", "人口", "名称", "农村", "116.1", "34.2", "-35", "1.2万", '"', "\r\n", "POINT (1 2)",
         '"POLYGON ((116 34, 116.1 34, 116 34.1, 116.1 34.1, 116 34))"', "1e400", "nan"]
    ),
)


def _try_import(data: bytes, layer: str = "villages", **options) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        try:
            result = import_file(path, layer, options=ImportOptions(**options))
        except InputError as exc:
            assert "\n" not in exc.line() and "\r" not in exc.line()
            return
        assert len(result.frame) >= 1
        assert list(result.frame.columns[: len(LAYERS[layer].columns)]) == LAYERS[layer].column_names


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data):
    _try_import(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(rows=[["", "", "POINT (1 2)"]], encoding="utf-8", skip=False, layer="villages", crs="4527")
@given(
    st.lists(st.lists(cells, min_size=0, max_size=9), min_size=0, max_size=8),
    st.sampled_from(["utf-8", "gbk", "utf-8-sig"]),
    st.booleans(),
    st.sampled_from(["villages", "key_sites", "roads", "grid_members", "boundaries"]),
    st.sampled_from([None, "gcj02", "bd09", "3857", "4527"]),
)
def test_fuzz_random_rows(rows, encoding, skip, layer, crs):
    header = "代码,名称,经度,纬度,常住人口,户数,城乡分类代码,类别,道路等级\n"
    if layer == "boundaries":
        header = "code,name,wkt,level\n"
    body = "\n".join(",".join(r) for r in rows)
    data = (header + body).encode(encoding, errors="replace")
    _try_import(data, layer, skip_invalid=skip, crs=crs)


def test_station_and_village_names_become_codes(tmp_path, project, capsys):
    posts = tmp_path / "posts.csv"
    posts.write_text("编号,名称,层级,经度,纬度\nS01,城关派出所,派出所,116.1,34.2\nO01,张庄警务室,警务室,116.1,34.21\n")
    assert run(capsys, project, "posts", posts, "--quiet")[0] == 0
    villages = tmp_path / "v.csv"
    villages.write_text(GOOD.replace("城乡分类代码\n", "城乡分类代码,派出所\n").replace(",220\n", ",220,城关派出所\n"))
    code, out, _err = run(capsys, project, "villages", villages, "--quiet", "--json")
    assert code == 0 and "2 station names replaced by their codes" in summary(out)["warnings"]
    sites = tmp_path / "sites.csv"
    sites.write_text("编号,名称,类型,所属村,经度,纬度\nK1,张庄村室,村室,张庄村,116.1,34.2\nK2,一中,中学,,116.1,34.2\n")
    assert run(capsys, project, "key_sites", sites, "--quiet")[0] == 0
    proj = Project.open(project)
    assert list(proj["villages"]["station"]) == ["S01", "S01"]
    assert list(proj["key_sites"]["village"]) == ["411426100201", ""]
    assert list(proj["key_sites"]["category"]) == ["village_office", "school"]
    assert list(proj["posts"]["tier"]) == ["station", "office"]


def test_missing_required_column_is_refused_with_a_hint(tmp_path, project, capsys):
    csv = tmp_path / "v.csv"
    csv.write_text("代码,名称,经度,纬度\nV1,甲,116.1,34.2\n")
    code, _out, err = run(capsys, project, "villages", csv, "--quiet", "--skip-invalid")
    assert code == 2 and "needs a column for area_type" in err and "--set area_type=VALUE" in err
    assert run(capsys, project, "villages", csv, "--quiet", "--set", "area_type=农村")[0] == 0
    assert list(Project.open(project)["villages"]["area_type"]) == ["rural"]


def test_what_an_import_decided_reads_in_one_language(xiayi, tmp_path, capsys):
    """The import's report (missing columns, unknown populations, the coordinate system) is
    Chinese by default and English with --lang en, never one inside the other."""
    import re

    cjk = re.compile(r"[\u4e00-\u9fff]")
    zh_project, en_project = tmp_path / "zh.gpkg", tmp_path / "en.gpkg"
    assert main(["import", str(zh_project), "villages", str(xiayi), "--where", "level=town", "--skip-invalid"]) == 0
    out, err = capsys.readouterr()
    zh = [line for line in (out + err).splitlines() if line.startswith("adcode_411426.csv")]
    assert any("人口未知" in line and "存为空值而非 0" in line for line in zh), zh
    assert any("缺少 households 列（视为未知，存为空值）" in line for line in zh), zh
    assert any(line.endswith("（坐标系 gcj02）") for line in zh), zh
    assert any("adcode 格式：坐标按 gcj02（高德）读取" in line for line in zh), zh
    assert not [line for line in zh if re.search(r"\b(unknown|stored|empty|crs|layout|taken)\b", line)], zh
    code, out, err = run(capsys, en_project, "villages", xiayi, "--where", "level=town", "--skip-invalid")
    en = [line for line in (out + err).splitlines() if line.startswith("adcode_411426.csv")]
    assert code == 0 and any("population unknown" in line for line in en), en
    # only the suffixes the rule reads (街道, 乡, 镇) are Chinese in English
    assert not [line for line in en if cjk.search(line.split(":", 1)[1].replace("街道", "").replace("乡/镇", ""))], en
