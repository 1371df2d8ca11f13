"""Urban or rural, inferred when a village list has no such column.

In this order, the first that answers wins for each row:

1. the statistics bureau's 城乡分类代码 (``ur_code``: 1xx urban, 2xx rural);
2. the 12-digit statistical division code: its last three digits 001-199 are
   居民委员会 (urban), 200-399 村民委员会 (rural);
3. the name's suffix: 社区 / 居委会 / 居民委员会 urban; 村 / 村委会 / 村民委员会 / 行政村 rural.

A row none of them answers stays empty and is reported by validation like any other.
"""

from __future__ import annotations

import re

from layers.importing.fields import area_type_from_ur_code

SOURCES = ("ur_code", "division_code", "name_suffix")

_URBAN_SUFFIXES = ("社区居委会", "社区居民委员会", "居民委员会", "居委会", "社区")
_RURAL_SUFFIXES = ("村民委员会", "村委会", "行政村", "村")


def from_division_code(code) -> str | None:
    """``411426100206`` -> rural (206: a 村委会); None unless a 12-digit village-level code."""
    text = str(code).strip() if code is not None else ""
    if text.endswith(".0"):
        text = text[:-2]
    if not re.fullmatch(r"\d{12}", text):
        return None
    last = int(text[-3:])
    if 1 <= last <= 199:
        return "urban"
    if 200 <= last <= 399:
        return "rural"
    return None


def from_name(name) -> str | None:
    """社区/居委会 -> urban, 村 -> rural, else None."""
    text = str(name).strip() if isinstance(name, str) else ""
    if text.endswith(_URBAN_SUFFIXES):
        return "urban"
    if text.endswith(_RURAL_SUFFIXES):
        return "rural"
    return None


def infer(ur_codes: list, codes: list, names: list) -> tuple[list[str | None], dict[str, int]]:
    """Per row the inferred area type (or None) and how many rows each source decided."""
    counts = dict.fromkeys(SOURCES, 0)
    out: list[str | None] = []
    for ur, code, name in zip(ur_codes, codes, names, strict=True):
        for source, value in (
            ("ur_code", area_type_from_ur_code(ur) if ur is not None else None),
            ("division_code", from_division_code(code)),
            ("name_suffix", from_name(name)),
        ):
            if value is not None:
                counts[source] += 1
                out.append(value)
                break
        else:
            out.append(None)
    return out, {k: v for k, v in counts.items() if v}
