"""One line for every way a job can fail, the same in the command line and the window."""

from __future__ import annotations

from gisdesk.failures import describe_failure
from layers.errors import InputError


def test_our_errors_name_the_place_and_are_bad_input():
    f = describe_failure(InputError("bad_value", "population: not a number", file="a.csv", layer="villages", row=7))
    assert f.line == "a.csv: layer villages: row 7: population: not a number"
    assert f.bad_input and not f.bug


def test_a_refused_request_gives_its_first_line():
    f = describe_failure(ValueError("more offices than villages\ndetails for developers"))
    assert (f.line, f.bad_input, f.bug) == ("more offices than villages", True, False)
    assert describe_failure(ValueError()).line == "invalid request"


def test_out_of_memory_and_bugs_are_not_the_users_fault():
    assert describe_failure(MemoryError()).line == "out of memory; nothing was changed"
    bug = describe_failure(KeyError("plan_offices"))
    assert bug.line == "internal error: KeyError: 'plan_offices'" and bug.bug and not bug.bad_input
    assert "\n" not in describe_failure(RuntimeError("first\nsecond")).line
