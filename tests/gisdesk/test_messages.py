"""The command line speaks Chinese by default and English when asked (--lang en, LANG=en_*)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gisdesk import messages
from gisdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _restore_language():
    yield
    messages.set_language("zh")


def test_language_from_option_then_environment():
    assert messages.detect([], {"LANG": "C.UTF-8"}) == "zh"
    assert messages.detect([], {}) == "zh"
    assert messages.detect([], {"LANG": "en_US.UTF-8"}) == "en"
    assert messages.detect([], {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"
    assert messages.detect(["site", "p.gpkg", "--lang", "en"], {"LANG": "zh_CN.UTF-8"}) == "en"
    assert messages.detect(["--lang=zh"], {"LANG": "en_GB"}) == "zh"


def test_help_is_chinese_by_default_and_english_on_request(capsys):
    with pytest.raises(SystemExit):
        main(["grids", "--help"])
    zh = capsys.readouterr().out
    assert "用法" in zh and "城区每名民警服务人口（3000）" in zh and "显示本帮助并退出" in zh
    assert "residents per urban officer" not in zh
    with pytest.raises(SystemExit):
        main(["grids", "--help", "--lang", "en"])
    en = capsys.readouterr().out
    assert "usage:" in en and "residents per urban officer (3000)" in en and "用法" not in en


def test_every_option_help_has_chinese(capsys):
    """No English help line is left in the Chinese help of any command."""
    from gisdesk.cli import COMMANDS, build_parser

    messages.set_language("zh")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    english = []
    for name in COMMANDS:
        for action in sub.choices[name]._actions:
            text = action.help or ""
            if text and not any("\u4e00" <= ch <= "\u9fff" for ch in text):
                english.append((name, action.dest, text))
    assert not english, english


def test_progress_and_messages_follow_the_language(tmp_path, capsys):
    project = tmp_path / "p.gpkg"
    assert main(["new", str(project), "--json"]) == 0
    capsys.readouterr()
    out = tmp_path / "r.xlsx"
    assert main(["report", str(project), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "按标准检查" in captured.err and "已写入" in captured.out
    assert main(["report", str(project), "--out", str(out), "--lang", "en", "--json"]) == 0
    captured = capsys.readouterr()
    assert "checking the standards" in captured.err and "wrote" in captured.err
    summary = json.loads(captured.out.strip().splitlines()[-1])
    assert set(summary) >= {"out", "sheets", "passed"}  # --json keys stay the contract's English


def test_lang_environment_in_a_real_process(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"}
    run = subprocess.run([sys.executable, "main.py", "check", "--help"], cwd=ROOT, capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0 and "usage:" in run.stdout
    env["LANG"] = "zh_CN.UTF-8"
    run = subprocess.run([sys.executable, "main.py", "check", "--help"], cwd=ROOT, capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0 and "用法" in run.stdout


def test_siting_and_grid_exceptions_are_chinese():
    """Every exception sentence `site` and `grids` write (and `check` quotes) reads in
    Chinese: the relaxed-rule reasons as the station planner writes them, the others in the
    formats the services write; nothing English is left but codes and option names."""
    import re

    from gisdesk.services.siting.results import SitingParams
    from gisdesk.services.siting.stations import office_range
    from layers.standard import Standard

    params = SitingParams(standard=Standard(min_offices=2))
    relaxed = [office_range(3, 0, params)[4], office_range(12, 3, params)[4],
               office_range(9, 0, params, remote=True)[4], office_range(9, 0, params)[4]]
    assert all(relaxed) and len(set(relaxed)) == 4
    written = relaxed + [
        "no plan with 5 offices keeps every village within 8 km",
        "village 411426100201 (张庄村) is 9.2 km from its office, more than --max-km 8",
        "village 411426100201 (张庄村) has no usable key site: its office stands at the village's point",
        "existing office O01 (张庄警务室) could not be kept: it is not in or near a village of station S01",
        "village 411426100201 (张庄村) has no road path to its office: straight-line distance used",
        "village 411426100201 (张庄村) cannot reach any candidate over the road network: straight-line distance used",
        "village 411426100201 is 1.4 km from the nearest road",
        "5 offices: the search reached its time limit before its counted work, so this plan may differ on "
        "another machine or under another load",
        "villages without a station (fill in their station): 411426100201 张庄村, 411426100202 李庄村",
        "villages without a station (fill in their station): 411426100201 张庄村 and 3 more",
        "no usable key site: offices placed at village points",
        "population unknown (empty) for 2 villages, planned as one person each: 411426100201 张庄村",
        "population unknown (empty) for 9 villages, planned as one person each: 411426100201 张庄村 and 1 more",
        "only 3 candidate sites for 5 offices",
        "no roads layer: distances are straight-line x 1.3",
        "the road network has 3 disconnected pieces (2.5 km of road off the main one)",
        "  S01: 张庄村: cannot be cut into 3 balanced grids (unit 12 is larger than a grid)",
    ]
    messages.set_language("zh")
    for text in written:
        zh = messages.tr(text)
        left = re.sub(r"--max-km|\(unit 12 is larger than a grid\)|unit 12 is larger than a grid", "", zh)
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[A-Za-z]{3,}", left), (text, zh)
    assert messages.tr(written[-3]) == "没有道路图层：距离按直线距离 × 1.3 计算"


def test_the_partitioners_reason_inside_a_grid_exception_is_chinese():
    """What balanced_partition says (its own words, units renamed by their codes) reads in
    Chinese inside grids' exception line."""
    import numpy as np

    from algorithms.districting import balanced_partition

    edges, pop = np.array([[0, 1], [1, 2]]), np.array([100.0, 5000.0, 100.0])
    with pytest.raises(ValueError) as caught:
        balanced_partition(edges, pop, 2, tolerance=0.1, seed=0)
    reason = str(caught.value).replace("unit 1", "unit U0002")
    messages.set_language("zh")
    line = messages.tr(f"  S01: 金桥社区: cannot be cut into 2 balanced grids ({reason})")
    assert line == "  S01：金桥社区：无法划分为 2 个人口均衡的警格（楼栋单元 U0002 人口 5000，超过一个警格的上限 2860）", line
    parts = str(ValueError("the units form 3 separate connected parts, more than the 2 districts (a district "
                           "must be contiguous)"))
    assert messages.tr(f"  S01: 金桥社区: cannot be cut into 2 balanced grids ({parts})").endswith(
        "（楼栋单元分成 3 片互不相连的部分，多于 2 个警格（警格须连片））")
