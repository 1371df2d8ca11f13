"""``check --lang en``: the findings the rule modules word in Chinese read in English, all
but the data's own names (stations, villages, grids, people)."""

from __future__ import annotations

import re

import pandas as pd

from gisdesk import messages
from gisdesk.cli import main
from gisdesk.finding_words import english
from gisdesk.services.check import SEVERITY_TITLES, check_project, rule_titles
from layers.project import Project
from tests.gisdesk.services.check.test_mutations import _reassign, _rural_sizes

CJK = re.compile(r"[\u4e00-\u9fff]")


def _without_names(text: str, project: Project) -> str:
    names = set()
    for layer in ("villages", "posts", "plan_offices", "grids", "units", "key_sites", "officers", "boundaries"):
        frame = project[layer]
        if "name" in frame.columns:
            names |= {str(n) for n in frame["name"].dropna() if str(n)}
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return text


def _break(project: Project) -> None:
    """Five rules broken at once: workstations gone, a population unknown, an office of 13
    villages and others short, a grid's stored population stale, nobody assigned."""
    w = project["plan_workstations"]
    project["plan_workstations"] = w.drop(w.iloc[::12].head(40).index)
    v = project["villages"].copy()
    v["population"] = v["population"].astype("Int64")
    v.loc[3, "population"] = pd.NA
    project["villages"] = v
    sizes = _rural_sizes(project)
    station_of = project["plan_offices"].set_index("code")["station"]
    mine = sizes[station_of[sizes.index] == station_of[sizes.index[0]]]
    a = project["plan_assignment"]
    moved = list(a[a["office"].isin(mine.index[1:])]["village"])[: 13 - int(mine.iloc[0])]
    _reassign(project, moved, str(mine.index[0]))
    g = project["grids"].copy()
    g.loc[g.index[0], "population"] = int(g["population"].iloc[0]) + 999
    project["grids"] = g
    project["assignments"] = project["assignments"].iloc[0:0]


def test_every_rule_title_and_severity_reads_in_english():
    for text in [*rule_titles().values(), *SEVERITY_TITLES.values()]:
        assert not CJK.search(english(text)), text


def test_a_value_stored_as_text_reads_back_in_english():
    """bad_value's detail is the data model's reason in Chinese (refusals), saying what the
    cell was read as; the English check reads it back word for word."""
    from gisdesk.refusals import chinese_reason

    for reason in ("population is 'abc', not a number (read as unknown)",
                   "officers_required is 'abc', not a number (read as 0)",
                   "population is stored as text '1,200' (read as 1200)",
                   "population is empty (taken as 0)",
                   "population holds binary data, not a number (read as unknown)"):
        said = chinese_reason(reason)
        assert CJK.search(said) and "read as" not in said and english(said) == reason


def test_a_broken_plan_reads_in_english_but_for_names(copy, capsys):
    project = Project.open(copy)
    _break(project)
    project.save()
    project = Project.open(copy)
    report = check_project(project)
    rules = {f.rule for f in report.findings}
    assert {"village_without_post", "unknown_population", "office_size", "grid_stored_counts",
            "grid_without_officer"} <= rules, rules
    for f in report.findings:
        for text in (f.where, f.shown(messages.tr)):
            assert not CJK.search(_without_names(english(text), project)), (f.rule, text, english(text))
    capsys.readouterr()
    assert main(["check", str(copy), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Checked the siting plan: not passed (violation: ")
    assert "grid without a responsible officer (grid_without_officer): " in out
    assert not CJK.search(_without_names(out, project)), out[:2000]
    messages.set_language("zh")
    assert main(["check", str(copy)]) == 1
    assert capsys.readouterr().out.startswith("检查选址方案：未通过（违规")
