"""The web map's grid popups name the people of the ``assignments`` (name, 民警/辅警, 警号,
phone), a grid no one covers says 未分配, and ``personal=False`` leaves every name and
phone of the roster out of the page."""

from __future__ import annotations

import pandas as pd

from maps.web.export import export_web
from maps.web.features import page_data
from tests.maps.web.test_export import small_project


def _assigned():
    p = small_project()
    grids = p["grids"].copy()
    grids[["officer_name", "officer_phone"]] = ""  # what the assignment leaves: nobody on G1
    p["grids"] = grids
    p["officers"] = pd.DataFrame({
        "code": ["41140001", "F41140002", "41140003"], "name": ["周振华", "吴秀兰", "郑卫国"],
        "phone": ["13800000101", "13900000102", "13800000103"], "role": ["officer", "auxiliary", "officer"],
        "station": ["S01"] * 3, "post": ["S01", "S01J01", ""], "max_grids": [1, 1, 1], "active": [True] * 3})
    p["assignments"] = pd.DataFrame({"officer": ["F41140002", "41140003"], "grid": ["G2", "G2"]})
    return p


def _popup(data: dict, grid_name: str) -> dict:
    layer = next(x for x in data["layers"] if x["id"] == "grids")
    feature = next(f for f in layer["features"] if f[2] == grid_name)
    return dict(zip(layer["fields"], feature[3], strict=True))


def test_grid_popups_name_the_assigned_people(tmp_path):
    p = _assigned()
    data = page_data(p)
    assert _popup(data, "张庄村警格")["责任人"] == "郑卫国（民警 41140003）、吴秀兰（辅警 F41140002）"
    assert _popup(data, "张庄村警格")["联系电话"] == "13800000103、13900000102"
    assert _popup(data, "北关一格")["责任人"] == "未分配"
    out = tmp_path / "bare.html"
    export_web(p, out, personal=False)
    page = out.read_text(encoding="utf-8")
    for private in ("郑卫国", "吴秀兰", "13800000103", "13900000102", "41140003"):
        assert private not in page
    assert "责任人" not in _popup(page_data(p, personal=False), "张庄村警格")
