"""The districting search schedule: seeds, merge-split annealing, flip annealing, polish.

Without fixed units (and up to ``cut_seed_max_n`` units) a share of the budget first
fills a pool of low-cut seed plans (``partition_cutseed``); restarts take them best first.
With coarse units at a tight tolerance the annealing mostly stays in its seed's basin, so
starting from the best of many cheap low-cut seeds is what finds the optimum on the
county benchmarks. Otherwise each restart draws a spanning-tree seed plan
(``partition_seed``). Each restart then alternates
cycles of merge-split annealing (``partition_recom``; moves whole blocks, keeps the balance
with coarse units and repairs it when the seed missed) and single-flip annealing
(``partition_search``; smooths boundaries cheaply where the tolerance leaves room). Each
phase starts from the best plan so far. The best restart gets a final polish cycle, unless
counted work stopped on a proof or a stall (measured: then it found nothing the restarts had not).

Without a time limit the work is counted (deterministic for a seed, whatever the
machine's load): each restart is a fixed count of proposals, and the restarts stop when
the best plan meets the proven lower bound on cut edges (:func:`cut_lower_bound`), or
when ``stall_rounds`` restarts in a row found nothing better (the rule measured in
``benchmarks/bench_grids.py``), or after the restarts the graph's size allows; a wall-clock ceiling
(:func:`ceiling_seconds`) only guards against a machine so slow the counted work would
never end, and is never reached on the benchmarks. With a time limit each phase runs
until its share of the wall-clock limit is used.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from algorithms.districting.budget import Budget
from algorithms.districting.cut_seed import cut_seed
from algorithms.districting.flips import FlipSearch
from algorithms.districting.graph import cut_lower_bound, repair_contiguity
from algorithms.districting.recom import RecomSearch
from algorithms.districting.tree_seed import recursive_seed
from algorithms.progress import CancelToken, ProgressCallback, check, report


@dataclass
class Problem:
    """Everything the search needs about one districting request (already validated)."""

    adj: csr_matrix
    edges: np.ndarray
    pop: np.ndarray
    k: int
    lo: float
    hi: float
    fixed: np.ndarray
    pieces: list[tuple[np.ndarray, int]]
    nbrs: list[list[int]]
    edge_list: list[tuple[int, int]] = field(default_factory=list)

    def key(self, labels: np.ndarray) -> tuple[bool, float]:
        """Rank of a plan: feasible before infeasible, then fewest cut edges / least excess."""
        pops = np.bincount(labels, weights=self.pop, minlength=self.k)
        ideal = (self.lo + self.hi) / 2
        scale = max(self.hi - ideal, 1e-3 * ideal, 1e-12)
        ex = float(np.sum(np.maximum(np.maximum(pops - self.hi, self.lo - pops), 0.0))) / scale
        if ex > 1e-12:
            return (True, ex)
        cut = int(np.count_nonzero(labels[self.edges[:, 0]] != labels[self.edges[:, 1]]))
        return (False, float(cut))


class Schedule:
    """Hands out phase budgets: seconds up to a cumulative share of the time limit, or a
    fixed count of proposals when there is no limit."""

    def __init__(self, time_limit: float | None, started: float):
        self.time_limit = time_limit
        self.started = started
        self.done = 0.0

    def phase(self, share: float) -> tuple[float | None, float]:
        """(seconds for a phase using ``share`` of the whole budget, share scale for counts)."""
        self.done += share
        if self.time_limit is None:
            return None, share
        end = self.started + self.time_limit * min(self.done, 1.0)
        return max(0.0, end - time.perf_counter()), share


# Tuned on the Validi-Buchanan county instances (coarse units, +-0.5 %) and the 100 x 100
# lattice (fine units): merge-split gets most of the time when units are coarse.
# With the low-cut seed pool, small graphs do best with a large pool of cheap seeds (60
# trees a split) and six short restarts; tested at 4 s (the CPU a 10 s limit gets on the
# loaded machine) as well as 10 s.
TUNING: dict[str, Any] = {"restarts_small": 4, "restarts_mid": 2, "cycles": 2, "trees": 8, "recom_t0": 2.0,
          "flip_share_coarse": 0.1, "flip_share_fine": 0.6, "recom_scale": 1.0, "flip_t0": 0.6,
          "pool_share": 0.25, "pool_max": 40, "pool_count": 12, "pool_trees": 150, "cut_seed_max_n": 1500,
          "pool_restarts_small": 6, "pool_cycles_small": 1, "pool_share_small": 0.4,
          "pool_trees_small": 60, "stall_rounds": 2, "polish": False, "flip_scale": 1.0}
"""``stall_rounds`` and ``polish`` apply to counted work only (no time limit); the polish runs
whenever the restarts ran out before stalling (larger graphs get only one or two). Two idle
restarts and no polish after them: on the county and city demos the same cut edges as every restart plus
the polish (and, on the county, as ten times the work) at about half their CPU (bench_grids.py)."""


def ceiling_seconds(n: int) -> float:
    """The wall-clock safety ceiling of counted work on ``n`` units: far above what the
    counted work takes even on a loaded machine (a community of 50 units: ~0.3 s)."""
    return 120.0 + 0.05 * n


def _restarts(n: int) -> int:
    if n <= 150:
        return TUNING["restarts_small"]
    if n <= 1000:
        return TUNING["restarts_mid"]
    return 1


def solve(
    prob: Problem,
    seed: int | None,
    time_limit: float | None,
    started: float,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> tuple[np.ndarray, dict]:
    """Run the schedule; returns the best labels and diagnostics."""
    n = len(prob.pop)
    np_rng = np.random.default_rng(seed)
    py_rng = random.Random(int(np_rng.integers(2**63)))
    starts = _restarts(n)
    cycles = TUNING["cycles"]
    use_pool = _use_cut_seeds(prob)
    pool_share = TUNING["pool_share"]
    if use_pool and n <= 150:
        starts, cycles = TUNING["pool_restarts_small"], TUNING["pool_cycles_small"]
        pool_share = TUNING["pool_share_small"]
    # a merge-split step costs about the size of two districts: budget ~ k / n steps
    recom_steps = int(TUNING["recom_scale"] * min(1200, 60 * n, max(600, 150_000 * prob.k / (2 * n))))
    flip_iters = int(TUNING["flip_scale"] * min(max(100_000, 100 * n), 2_000_000))
    sched = Schedule(time_limit, started)
    # seeding takes its time from the first phase; 80 % for restarts, 20 % final polish
    per_phase = (0.8 - (pool_share if use_pool else 0.0)) / (starts * cycles * 2)
    seed_tries = 200 if n <= 1000 else 40
    movable = (prob.fixed < 0).tolist()
    band = max(prob.hi - (prob.lo + prob.hi) / 2, 1e-12)
    coarse = float(np.median(prob.pop)) > band
    fshare = TUNING["flip_share_coarse"] if coarse else TUNING["flip_share_fine"]
    counted = time_limit is None
    bound = cut_lower_bound(prob.edges, n, prob.pieces) if counted else 0
    best_labels: np.ndarray | None = None
    best_key = (True, float("inf"))
    best_time = 0.0
    phases_total = starts * cycles * 2 + 2
    phase_no = 0
    stats = {"recom_steps": 0, "flip_iterations": 0, "seed_seconds": 0.0}

    def phase(share: float, count: int) -> Budget:
        nonlocal phase_no
        phase_no += 1
        if phase_no > 1:
            report(progress, (phase_no - 1) / phases_total, "improving districts")
        seconds, share = sched.phase(share)
        return Budget.of(seconds, count * share)

    def run_cycle(labels: np.ndarray, rec_share: float, flip_share: float, polish: bool) -> np.ndarray:
        recom = RecomSearch(
            prob.adj, prob.edges, prob.pop, labels, prob.k, prob.lo, prob.hi, prob.fixed,
            np_rng, prob.nbrs, trees=TUNING["trees"],
        )
        recom.run(phase(rec_share, recom_steps), 0.3 if polish else TUNING["recom_t0"], 0.03, cancel)
        stats["recom_steps"] += recom.steps
        flips = FlipSearch(
            prob.nbrs, prob.edge_list, prob.pop.tolist(), recom.best_labels.tolist(), prob.k,
            prob.lo, prob.hi, movable=movable, rng=py_rng,
        )
        flips.lam = 5.0
        flips.anneal(phase(flip_share, flip_iters), 0.3 if polish else TUNING["flip_t0"], 0.02, cancel=cancel)
        stats["flip_iterations"] += flips.iterations
        a, b = recom.best_labels, np.asarray(flips.best_labels, dtype=np.int64)
        return a if prob.key(a) <= prob.key(b) else b

    pool = _cut_seed_pool(prob, np_rng, sched, pool_share, cancel) if use_pool else []
    stats["pool"] = len(pool)
    done_restarts = gained = 0
    stopped = "rounds"
    for restart in range(starts):
        check(cancel)
        if counted:
            stopped = _counted_stop(best_key, bound, restart - gained, started, n)
            if stopped:
                break
            stopped = "rounds"
        elif restart and time_limit is not None and time.perf_counter() - started >= time_limit:
            break  # slow seeding (e.g. a star) used the limit up: polish what we have
        done_restarts = restart + 1
        t_seed = time.perf_counter()
        if restart < len(pool):
            labels = pool[restart]
        else:
            labels = recursive_seed(
                prob.adj, prob.pop, prob.pieces, prob.k, prob.lo, prob.hi, prob.fixed, np_rng,
                cancel, tries=seed_tries,
            )
        stats["seed_seconds"] += time.perf_counter() - t_seed
        labels = enforce_fixed(prob, labels)
        for _ in range(cycles):
            labels = run_cycle(labels, per_phase * 2 * (1 - fshare), per_phase * 2 * fshare, polish=False)
        key = prob.key(labels)
        if key < best_key:
            best_key, best_labels = key, labels
            best_time = time.perf_counter() - started
            gained = restart + 1
    assert best_labels is not None
    proven = counted and best_key == (False, float(bound))
    if not proven and (not counted or stopped == "rounds" or TUNING["polish"]):
        final = run_cycle(best_labels, 0.2 * (1 - fshare), 0.2 * fshare, polish=True)
        if prob.key(final) < best_key:
            best_key, best_labels = prob.key(final), final
            best_time = time.perf_counter() - started
    info: dict[str, Any] = {"restarts": done_restarts, "seconds_to_best": best_time, **stats}
    if counted:
        info.update(lower_bound=bound, proven=best_key == (False, float(bound)), stopped=stopped)
    return best_labels, info


def _counted_stop(best_key: tuple[bool, float], bound: int, idle: int, started: float, n: int) -> str:
    """Why counted work stops before its next restart ("" to go on): the best plan is
    balanced and meets the lower bound, ``idle`` restarts in a row found nothing better,
    or (never on the benchmarks) the safety ceiling is passed."""
    if best_key == (False, float(bound)):
        return "proven"
    if idle >= TUNING["stall_rounds"]:
        return "stalled"
    if time.perf_counter() - started >= ceiling_seconds(n):
        return "ceiling"
    return ""


def _use_cut_seeds(prob: Problem) -> bool:
    return bool(np.all(prob.fixed < 0)) and len(prob.pop) <= TUNING["cut_seed_max_n"]


def _cut_seed_pool(
    prob: Problem, rng: np.random.Generator, sched: Schedule, share: float,
    cancel: CancelToken | None,
) -> list[np.ndarray]:
    """Low-cut seed plans (``partition_cutseed``), distinct, fewest cut edges first.

    Drawn for ``share`` of the time limit (at most ``pool_max``), or a fixed number
    of ``pool_count`` attempts without a limit (deterministic for a seed)."""
    seconds, _ = sched.phase(share)
    trees = TUNING["pool_trees_small"] if len(prob.pop) <= 150 else TUNING["pool_trees"]
    t0 = time.perf_counter()
    attempts = TUNING["pool_count"] if seconds is None else 10**9
    found: dict[bytes, tuple[float, np.ndarray]] = {}
    for _ in range(attempts):
        if seconds is not None and (time.perf_counter() - t0 >= seconds or len(found) >= TUNING["pool_max"]):
            break
        lab = cut_seed(prob.nbrs, prob.pop, prob.pieces, prob.k, prob.lo, prob.hi, rng,
                       trees=trees, cancel=cancel)
        if lab is not None:
            found.setdefault(lab.tobytes(), (prob.key(lab)[1], lab))
    return [lab for _, lab in sorted(found.values(), key=lambda t: t[0])]


def enforce_fixed(prob: Problem, labels: np.ndarray) -> np.ndarray:
    """Give fixed units their districts; when that splits a district, repair contiguity."""
    wrong = (prob.fixed >= 0) & (labels != prob.fixed)
    if not wrong.any():
        return labels
    labels = labels.copy()
    labels[wrong] = prob.fixed[wrong]
    return repair_contiguity(prob.edges, labels, prob.k, prob.fixed)
