"""One line for every way a job can fail, the same in the command line and the window:
English with ``--lang en``, Chinese by default (the place in Chinese words, the reason
translated through :mod:`gisdesk.refusals`)."""

from __future__ import annotations

import pytest

from gisdesk import messages
from gisdesk.failures import describe_failure
from layers.errors import InputError


@pytest.fixture
def english():
    messages.set_language("en")
    yield
    messages.set_language("zh")


@pytest.fixture
def chinese():
    messages.set_language("zh")
    yield


def test_our_errors_name_the_place_and_are_bad_input(english):
    f = describe_failure(InputError("bad_value", "population: not a number", file="a.csv", layer="villages", row=7))
    assert f.line == "a.csv: layer villages: row 7: population: not a number"
    assert f.bad_input and not f.bug


def test_a_refused_request_gives_its_first_line(english):
    f = describe_failure(ValueError("more offices than villages\ndetails for developers"))
    assert (f.line, f.bad_input, f.bug) == ("more offices than villages", True, False)
    assert describe_failure(ValueError()).line == "invalid request"


def test_out_of_memory_and_bugs_are_not_the_users_fault(english):
    assert describe_failure(MemoryError()).line == "out of memory; nothing was changed"
    bug = describe_failure(KeyError("plan_offices"))
    assert bug.line == "internal error: KeyError: 'plan_offices'" and bug.bug and not bug.bad_input
    assert "\n" not in describe_failure(RuntimeError("first\nsecond")).line


def test_in_chinese_the_line_names_file_layer_row_and_field(chinese):
    f = describe_failure(InputError("wrong_type", "人口 is 'abc', not a number", file="villages.csv",
                                    layer="villages", row=2, field="population"))
    assert f.line == "villages.csv：图层 villages（行政村）：第 2 行：字段 population：人口 为 'abc'，不是数字"
    assert f.bad_input


def test_in_chinese_each_row_of_an_import_refusal_is_translated(chinese):
    text = ("row 7: 常住人口 is -35; row 8: no coordinates (and 2 more bad rows); "
            "--skip-invalid imports the other rows")
    line = describe_failure(InputError("negative_value", text, file="villages.csv", field="population")).line
    assert line == ("villages.csv：第 7 行：字段 population：常住人口 为 -35，不能为负数；第 8 行：没有坐标（另有 2 行有误）；"
                    "加 --skip-invalid 可只导入其余正确的行")


def test_in_chinese_options_and_requests(chinese):
    assert describe_failure(InputError("bad_option", "--offices: must be at least 1, got 0")).line == "--offices：至少为 1，实际为 0"
    assert describe_failure(InputError("not_found", "project not found", file="x.gpkg")).line == "x.gpkg：项目不存在"
    assert describe_failure(ValueError("layer villages: the project has no villages to site offices for")).line == \
        "图层 villages（行政村）：项目中没有可选址的村"
    assert describe_failure(MemoryError()).line == "内存不足；未做任何改动"


def test_an_unknown_reason_stays_english_inside_the_chinese_frame(chinese):
    f = describe_failure(InputError("odd", "something new happened", file="a.csv", layer="units", row=3, field="name"))
    assert f.line == "a.csv：图层 units（楼栋单元）：第 3 行：字段 name：something new happened"
