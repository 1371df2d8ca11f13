"""An office's villages form one connected area (issue 14): ``check`` finds an office area
in two pieces from the plan's membership; a violation, unless ``site`` recorded why the
station cannot be split contiguously, then a warning quoting that reason in Chinese."""

from __future__ import annotations

import json

import numpy as np
from openpyxl import load_workbook

from gisdesk import messages
from gisdesk.cli import main
from gisdesk.services.check import check_project
from gisdesk.services.siting.contiguity import village_adjacency
from gisdesk.services.workbook import write_workbook
from layers.project import Project
from tests.gisdesk.services.check.conftest import run_cli
from tests.gisdesk.services.check.test_mutations import _reassign
from tests.gisdesk.services.siting.test_plan import _split_station_project


def _cut_off_village(project: Project) -> tuple[str, str]:
    """(office, village): a village of the office's station, touching none of its villages."""
    v = project["villages"]
    a = project["plan_assignment"]
    office_of = dict(zip(a["village"], a["office"], strict=True))
    edges = village_adjacency(v, project.metric_epsg())
    codes = v["code"].to_numpy()
    sizes = a.groupby("office").size()
    for office in sorted(project["plan_offices"]["code"]):
        mine = np.flatnonzero([office_of.get(c) == office for c in codes])
        if not len(mine) or v["area_type"].iloc[mine[0]] != "rural":
            continue
        station = v["station"].iloc[mine[0]]
        near = set(edges[np.isin(edges[:, 0], mine), 1]) | set(edges[np.isin(edges[:, 1], mine), 0])
        for i in np.flatnonzero((v["station"] == station).to_numpy() & (v["area_type"] == "rural").to_numpy()):
            other = office_of.get(codes[i])
            if i not in near and i not in mine and other and sizes[other] > 5:
                return office, str(codes[i])
    raise AssertionError("no village to cut off")


def test_an_office_area_in_two_pieces_is_a_violation(copy, capsys):
    project = Project.open(copy)
    office, village = _cut_off_village(project)
    _reassign(project, [village], office)
    project.save()
    code, summary = run_cli(capsys, "check", str(copy))
    assert code == 1
    found = [f for f in summary["findings"] if f["rule"] == "office_contiguous"]
    assert [f["severity"] for f in found] == ["violation"]
    assert office in found[0]["codes"] and "2片" in found[0]["detail"]


def test_a_station_that_cannot_be_one_piece_is_a_warning_quoting_the_reason(tmp_path, capsys):
    path = _split_station_project().save(tmp_path / "split.gpkg")
    capsys.readouterr()
    assert main(["site", str(path), "--no-tradeoff", "--min-offices-per-station", "1", "--quiet"]) == 0
    assert "警务室服务区分成 2 片：本所农村行政村在地图上分成互不相连的 2 片" in capsys.readouterr().out
    code, summary = run_cli(capsys, "check", str(path))
    found = [f for f in summary["findings"] if f["rule"] == "office_contiguous"]
    assert [f["severity"] for f in found] == ["warning"]
    assert "the station's rural villages form 2 separate groups" in found[0]["detail"]  # --json: the recorded words
    capsys.readouterr()
    main(["check", str(path)])
    text = capsys.readouterr().out
    assert "警务室服务区不连片（office_contiguous）：1条" in text
    assert "选址时已记录原因：" in text and "无法按每室 5-8 个村连片划分" in text
    # the workbook (a Chinese report) quotes it in Chinese even when the command line is English
    messages.set_language("en")
    try:
        out = tmp_path / "r.xlsx"
        write_workbook(check_project(Project.open(path)), out, title="测试")
    finally:
        messages.set_language("zh")
    rows = [[c.value for c in r] for r in load_workbook(out)["问题与缺口"].iter_rows()]
    quoted = [r for r in rows if any("选址时已记录原因" in str(c) for c in r)]
    assert len(quoted) == 1 and any("无法按每室 5-8 个村连片划分" in str(c) for c in quoted[0])
    assert not any("separate groups" in str(c) for c in quoted[0])
    # without the recorded reason the same plan breaks the rule
    project = Project.open(path)
    params = json.loads(project.metadata["params.site"])
    params["exceptions"] = [e for e in params["exceptions"] if e.get("rule") != "office_contiguous"]
    project.metadata["params.site"] = json.dumps(params)
    project.save()
    code, summary = run_cli(capsys, "check", str(path))
    assert code == 1
    assert [f["severity"] for f in summary["findings"] if f["rule"] == "office_contiguous"] == ["violation"]
