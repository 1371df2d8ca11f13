"""Plan versions through the command line and the real GeoPackage: save, list, load,
delete, compare (against two real ``site`` runs) and adopt."""

from __future__ import annotations

import hashlib
import json

import openpyxl
import pyogrio

from layers.project import Project
from tests.gisdesk.services.plans.conftest import run_cli


def _offices_of(path) -> dict[str, str]:
    """village -> office, read straight from a file's plan_assignment table."""
    frame = pyogrio.read_dataframe(path, layer="plan_assignment", read_geometry=False)
    return dict(zip(frame["village"], frame["office"], strict=True))


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_compare_lists_exactly_the_villages_whose_office_differs(two_runs, capsys, tmp_path):
    a, b = _offices_of(two_runs["fewest"]), _offices_of(two_runs["more"])
    expected = {v for v in set(a) | set(b) if a.get(v) != b.get(v)}
    assert expected, "the two site runs should differ"
    out = tmp_path / "对比.xlsx"
    code, s = run_cli(capsys, "plan", "compare", two_runs["project"], "fewest", "more", "--out", out)
    assert code == 0
    assert {c["village"] for c in s["villages_changed"]} == expected
    assert all(c["office_a"] == a.get(c["village"]) and c["office_b"] == b.get(c["village"])
               for c in s["villages_changed"])
    offices_a = set(pyogrio.read_dataframe(two_runs["fewest"], layer="plan_offices", read_geometry=False)["code"])
    offices_b = set(pyogrio.read_dataframe(two_runs["more"], layer="plan_offices", read_geometry=False)["code"])
    assert s["offices_added"] == sorted(offices_b - offices_a)
    assert s["offices_removed"] == sorted(offices_a - offices_b)
    assert s["offices"] == {"fewest": len(offices_a), "more": len(offices_b)}
    assert set(s["mean_km"]) == set(s["max_km"]) == set(s["violations"]) == {"fewest", "more"}
    assert s["mean_km"]["more"] < s["mean_km"]["fewest"]  # more offices, shorter trips
    assert s["violations"] == {"fewest": 0, "more": 0}

    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:2] == ["对比摘要", "变更村"]
    summary = [[c.value for c in row] for row in book["对比摘要"].iter_rows()]
    assert summary[0] == ["项目", "方案A：fewest", "方案B：more"]
    assert ["警务室", len(offices_a), len(offices_b)] in summary
    changed = [[c.value for c in row] for row in book["变更村"].iter_rows()]
    assert changed[0][:4] == ["村代码", "村", "乡镇", "派出所"]
    assert {r[0] for r in changed[1:]} == expected
    villages = pyogrio.read_dataframe(two_runs["project"], layer="villages", read_geometry=False).set_index("code")
    first = changed[1]
    assert first[1] == villages.at[first[0], "name"] and first[2] == villages.at[first[0], "township"]
    assert first[5] and first[7]  # both offices by name


def test_compare_with_the_current_plan(two_runs, capsys):
    code, named = run_cli(capsys, "plan", "compare", two_runs["project"], "fewest", "more")
    assert code == 0
    code, current = run_cli(capsys, "plan", "compare", two_runs["project"], "fewest", "当前")
    assert code == 0
    assert current["villages_changed"] == named["villages_changed"]
    assert current["mean_km"]["当前"] == named["mean_km"]["more"]


def test_save_list_load_delete_round_trip(project_copy, two_runs, capsys):
    code, s = run_cli(capsys, "plan", "list", project_copy)
    assert code == 0 and [v["name"] for v in s["versions"]] == ["fewest", "more"]
    assert s["versions"][0]["note"] == "最少警务室" and not s["versions"][0]["adopted"]
    tables = {str(n) for n, _ in pyogrio.list_layers(project_copy)}
    assert {"plan_versions", "plan_version_offices", "plan_version_workstations", "plan_version_assignment"} <= tables

    code, s = run_cli(capsys, "plan", "load", project_copy, "fewest")
    assert code == 0 and s["project"] and s["version"] == "fewest"
    reopened = Project.open(project_copy)
    assert _offices_of(project_copy) == _offices_of(two_runs["fewest"])
    assert len(reopened["plan_offices"]) == len(Project.open(two_runs["fewest"])["plan_offices"])
    fewest_params = json.loads(Project.open(two_runs["fewest"]).metadata["params.site"])
    assert json.loads(reopened.metadata["params.site"]) == fewest_params

    code, s = run_cli(capsys, "plan", "save", project_copy, "手工调整", "--note", "试一试")
    assert code == 0 and s["saved"]["offices"] == len(reopened["plan_offices"])
    code, s = run_cli(capsys, "plan", "delete", project_copy, "more")
    assert code == 0 and s["deleted"] == "more"
    reopened = Project.open(project_copy)
    assert list(reopened["plan_versions"]["name"]) == ["fewest", "手工调整"]
    assert "more" not in set(reopened["plan_version_offices"]["version"])
    assert set(reopened["plan_version_assignment"]["version"]) == {"fewest", "手工调整"}


def test_bad_names_exit_2_naming_the_plan_and_change_nothing(project_copy, capsys):
    before = _digest(project_copy)
    for argv in (("load", "nope"), ("delete", "nope"), ("adopt", "nope"), ("compare", "fewest", "nope"),
                 ("save", "fewest"), ("save", "current")):
        capsys.readouterr()
        from gisdesk.cli import main

        assert main(["plan", argv[0], str(project_copy), *argv[1:]]) == 2, argv
        err = capsys.readouterr().err
        assert argv[-1] in err and len(err.strip().splitlines()) == 1, err
    assert _digest(project_copy) == before


def test_adopt_opens_the_plan_and_closes_what_it_drops(project_copy, capsys):
    before = Project.open(project_copy)
    posts = before["posts"]
    open_offices = set(posts.loc[(posts["tier"] == "office") & (posts["status"] != "closed"), "code"])
    code, s = run_cli(capsys, "plan", "adopt", project_copy, "fewest")
    assert code == 0 and s["version"] == "fewest" and s["adopted_at"]
    after = Project.open(project_copy)
    plan = after["plan_offices"]
    posts_after = after["posts"].set_index("code")
    assert len(after["posts"]) == len(posts) + len(s["opened"])  # nothing deleted
    for code_ in plan["code"]:
        assert posts_after.at[code_, "status"] == "open" and posts_after.at[code_, "tier"] == "office"
    dropped = open_offices - set(plan["code"])
    assert dropped and all(posts_after.at[c, "status"] == "closed" for c in dropped)
    assert set(s["closed"]) >= dropped
    new_workstations = posts_after[posts_after.index.isin(s["opened"]) & (posts_after["tier"] == "workstation")]
    assert len(new_workstations) and (new_workstations["status"] == "open").all()
    open_posts = posts_after[(posts_after["status"] == "open") & (posts_after["tier"] == "workstation")]
    assert len(open_posts) == len(after["plan_workstations"])  # one open workstation post per proposed one
    row = after["plan_versions"].set_index("name").loc["fewest"]
    assert bool(row["adopted"]) and row["adopted_at"][:10] == s["adopted_at"][:10]
    assert not bool(after["plan_versions"].set_index("name").loc["more", "adopted"])


def test_saving_without_a_plan_is_refused(tmp_path, capsys):
    from gisdesk.cli import main

    path = tmp_path / "empty.gpkg"
    assert main(["new", str(path), "--quiet"]) == 0
    before = _digest(path)
    capsys.readouterr()
    assert main(["plan", "save", str(path), "v1", "--lang", "en"]) == 2
    assert "no plan to save" in capsys.readouterr().err
    code, s = run_cli(capsys, "plan", "list", path)
    assert code == 0 and s["versions"] == []
    assert _digest(path) == before
