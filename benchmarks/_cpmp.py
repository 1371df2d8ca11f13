"""Readers for the shared capacitated p-median benchmark instances (../shared/bench/cpmp).

Every node is both a customer and a candidate median; see the README beside the data for
the format and for how each group measures distance.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CPMP_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "cpmp"


@dataclass
class CpmpInstance:
    name: str
    p: int
    xy: np.ndarray  # (n, 2)
    capacity: np.ndarray  # (n,)
    demand: np.ndarray  # (n,)
    cost: np.ndarray  # (n, n) distance customer -> median


def read_instance(path: Path, *, floor: bool) -> CpmpInstance:
    """Read one ``n p`` + ``x y capacity demand`` file; ``floor`` floors each distance."""
    rows = [line.split() for line in path.read_text().splitlines() if line.strip()]
    n, p = int(rows[0][0]), int(rows[0][1])
    data = np.array([[float(v) for v in r[:4]] for r in rows[1 : n + 1]])
    xy = data[:, :2]
    cost = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    if floor:
        cost = np.floor(cost)
    return CpmpInstance(path.stem, p, xy, data[:, 2], data[:, 3], cost)


def best_known() -> dict[str, tuple[float, bool]]:
    """name -> (objective, proven optimal) from solutions_lit/best_known_values.csv."""
    out: dict[str, tuple[float, bool]] = {}
    with open(CPMP_DIR / "solutions_lit" / "best_known_values.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["name"]] = (float(row["objective"]), row["proven_optimal"] == "true")
    return out


def osman_christofides() -> list[CpmpInstance]:
    folder = CPMP_DIR / "osman_christofides"
    return [read_instance(folder / f"cpmp{i:02d}.txt", floor=True) for i in range(1, 21)]


def lorena_senne_sjc() -> list[CpmpInstance]:
    folder = CPMP_DIR / "lorena_senne_sjc"
    names = ["SJC1", "SJC2", "SJC3a", "SJC3b", "SJC4a", "SJC4b"]
    return [read_instance(folder / f"{name}.dat", floor=False) for name in names]
