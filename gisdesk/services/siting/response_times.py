"""Coverage within response times: the share of villages, and of people, whose office is
within 10, 15 and 20 minutes by road (the trade-off table, ``site`` and ``evaluate``)."""

from __future__ import annotations

import numpy as np

COVERAGE_MINUTES = (10, 15, 20)
"""The response times coverage is reported within."""


def coverage_shares(minutes: np.ndarray, population: np.ndarray) -> dict[str, dict[str, float | None]]:
    """Share of villages and of (known) population within 10/15/20 minutes of their office:
    ``{"10": {"villages": .., "population": ..}, ...}`` (population None when none is known)."""
    minutes = np.asarray(minutes, float)
    pop = np.asarray(population, float)
    known = np.isfinite(pop)
    total = float(pop[known].sum())
    out: dict[str, dict[str, float | None]] = {}
    for m in COVERAGE_MINUTES:
        inside = minutes <= m
        out[str(m)] = {
            "villages": round(float(inside.mean()), 4) if len(minutes) else None,
            "population": round(float(pop[known & inside].sum() / total), 4) if total > 0 else None,
        }
    return out


def share_text(value: dict | None) -> str:
    """``villages% (population%)`` of a coverage entry; "-" when not known."""
    if not value or value.get("villages") is None:
        return "-"
    pop = "-" if value.get("population") is None else f"{value['population']:.0%}"
    return f"{value['villages']:.0%} ({pop})"
