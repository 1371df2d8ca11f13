"""Solving ONE large group (hundreds of villages, unit sizes) of the size-bounded p-median.

A county without station boundaries is one group of 300-1,000 villages. The per-station
pipeline (:mod:`algorithms.location.bounded_station`) spends its time there on a swap
search whose evaluations re-solve the whole assignment for a handful of neighbours, and on a
MIP that the bound cannot shrink. Here instead:

1. the Lagrangian bound (:func:`~algorithms.location.bounded_lagrangian.lagrangian_bound`,
   the relaxation of "every village once"; with unit sizes its value is the LP bound of the
   strong formulation) is valid for the FULL model and is what the result reports;
2. the incumbent is the best of the greedy plan and the open sets the relaxation chose,
   each assigned exactly (a transportation problem, :func:`assignment.assign_unit`);
3. a swap search ranks every (close a, open b) pair by its uncapacitated saving (computed for
   all pairs at once, Whitaker's swap formula) and evaluates the most promising ones
   EXACTLY with the bounds; when no ranked swap improves, it perturbs and descends again
   (deterministic for a seed). Three such searches (seeds apart) run one after the other
   and HiGHS merges their plans (:mod:`~algorithms.location.bounded_merge`): on 300-500
   clustered villages the merge is 1-3 % better than one search given the same time. When
   a search gets too few perturbations in its share (at 1,000 villages in 20 s), it goes on
   alone instead. From the best plan, HiGHS re-solves regions of 4-9 neighbouring offices
   exactly (:mod:`~algorithms.location.bounded_regions`: several offices move at once, which
   swaps cannot do; 0.4-8 % better plans on clustered villages), then the swap search goes
   on with the time left;
4. from step 2 on, beside steps 3 in a second thread, HiGHS solves the core MIP
   (:mod:`~algorithms.location.bounded_core`: the pairs the bound prices cheapest, growing
   while solved to optimality, the last one the proof); the region search goes on from its
   plan when better and stops when it is proven. With offices to spare this is what finds
   the optimum of 1,000 villages in 20 s;
5. if the bound's penalties leave few enough (village, site) pairs, HiGHS solves the MIP on
   them with the time that is left, which proves the plan (as in the per-station path).

Every step checks the deadline first, and the search stops as soon as the plan is proven
(or within the requested gap).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from algorithms.location.assignment import assign_unit
from algorithms.location.bounded_core import CoreRun
from algorithms.location.bounded_lagrangian import bounds_by_count, lagrangian_bound
from algorithms.location.bounded_merge import Plan, merge_plans
from algorithms.location.bounded_model import GroupModel
from algorithms.location.bounded_regions import region_search
from algorithms.location.bounded_swaps import Evaluator, greedy_open
from algorithms.location.pairs_mip import (
    ROOT_SECONDS_PER_PAIR,
    mip_work,
    overhead_seconds,
    solve_pairs,
)
from algorithms.location.result import Effort, GroupResult, proven, stop_reason, tolerance
from algorithms.progress import CancelToken, check

LARGE_POINTS = 200  # groups of at least this many unit-size points take this path
RANKED = 24  # exactly evaluated swaps per round before the search perturbs
PAIR_CAP = 60_000  # largest pairs MIP handed to HiGHS
LAG_SHARE = 0.45  # of the time limit, for the bound (at n = 1,000 it needs ~450 iterations)
CORE_SHARE = 0.6  # of the search time, for the core MIP beside the search (bounded_core)
STREAMS = 3  # independent swap searches whose plans HiGHS merges
STREAM_SHARE = 0.3  # of the search time, for the streams; the rest for regions and swaps
STREAM_ROUNDS = 30  # fewer perturbations than this in a stream's share: no streams
NEAR = 64  # each point's cheapest sites kept in order for ranking swaps
SEARCH_SECONDS = 20.0  # the search's cap when the MIP can follow (see search_cap)
SEARCH_SECONDS_PER_POINT = 0.04
LOCAL_SLOTS = 8  # a local re-assignment takes at most 3x this many points that prefer b


def large_applicable(sizes: np.ndarray, min_size: float, max_size: float) -> bool:
    """This path takes groups of at least LARGE_POINTS points of size 1 with whole bounds."""
    return (len(sizes) >= LARGE_POINTS and bool(np.all(sizes == 1))
            and float(min_size).is_integer() and float(max_size).is_integer())


def solve_large(
    model: GroupModel,
    *,
    time_limit: float,
    seed: int = 0,
    other_p: tuple[int, ...] = (),
    cancel: CancelToken | None = None,
    start=(),
    gap: float = 0.0,
    effort: Effort | None = None,
) -> GroupResult:
    """Best plan of ``model`` (unit sizes) and a bound valid for the full model; never runs past ``time_limit`` (seconds) by more than
    one exact assignment. ``effort``: stop on counted work (the Lagrangian's iterations,
    ``search_rounds`` perturbations, ``mip_nodes``), the time limit only a ceiling."""
    t0 = time.perf_counter()
    deadline = t0 + max(0.05, float(time_limit))
    wcost, sizes, p = model.wcost, model.sizes, model.p
    fixed = np.asarray(sorted(set(int(f) for f in model.fixed)), dtype=np.int64)
    ev = Evaluator(wcost, sizes, model.min_size, model.max_size)
    best_sites = greedy_open(wcost, p, fixed)
    ub, best_assign = ev(best_sites)
    warm = np.asarray(start, dtype=np.int64)
    if len(warm):
        keep = np.concatenate([fixed, np.setdiff1d(warm, fixed)])[:p]
        s2 = greedy_open(wcost, p, keep)
        o2, a2 = ev(s2)
        if o2 < ub:
            best_sites, ub, best_assign = s2, o2, a2
    info: dict = {"p": p, "path": "large"}
    check(cancel)
    lag = lagrangian_bound(model, ub,
                           deadline=t0 + LAG_SHARE * (deadline - t0) if effort is None
                           else deadline,
                           max_iter=2000, cancel=cancel)
    info["lagrangian_bound"] = lag.bound
    info["lagrangian_iterations"] = lag.iterations
    if not np.isfinite(lag.bound):
        return GroupResult(best_sites, best_assign, np.inf, np.inf, False, {}, info)
    lb = lag.bound

    def settled() -> bool:
        return np.isfinite(ub) and (proven(ub, lb) or ub - lb <= gap * abs(ub))

    for cand in reversed(lag.sets[-6:]):
        if settled() or time.perf_counter() > deadline:
            break
        cand_sites = np.array(cand, dtype=np.int64)
        if len(cand_sites) != p:
            continue
        o2, a2 = ev(cand_sites)
        if o2 < ub - tolerance(ub):
            best_sites, ub, best_assign = cand_sites, o2, a2
    # Keep a quarter of the time for the exact MIP only when the bound already leaves a
    # model small enough for it (twice the cap: the search usually shrinks it further) and
    # that quarter fits its root LP.
    fits = _quarter_fits(int(_open_pairs(lag, ub).sum()), 2 * PAIR_CAP, deadline)
    reserve = 0.25 if fits and effort is None else 0.0
    search_end = deadline - reserve * (deadline - time.perf_counter())
    if effort is None:
        search_end = min(search_end, time.perf_counter() + search_cap(len(sizes)))

    def rest_of_search(obj: float) -> float:
        """After the streams: keep the MIP's quarter after all when the better plan now
        leaves it few enough pairs (the demo city's 500 villages with 77 offices: 4,000)."""
        if reserve or effort is not None or not _quarter_fits(
                int(_open_pairs(lag, obj).sum()), PAIR_CAP, deadline):
            return search_end
        return min(search_end, deadline - 0.25 * (deadline - time.perf_counter()))

    if not settled() and np.isfinite(ub):
        now = time.perf_counter()
        core = CoreRun(model, lag, (best_sites, ub, best_assign),
                       deadline=now + CORE_SHARE * (search_end - now), proof_deadline=deadline,
                       cancel=cancel, effort=effort)
        best_sites, ub, best_assign, moves = merged_search(
            model, ev, (best_sites, ub, best_assign), fixed, deadline=search_end, seed=seed,
            cancel=cancel, stop_at=lb + max(gap * abs(lb), tolerance(lb)), effort=effort,
            info=info, replan=rest_of_search, incoming=core.take)
        info["swaps_evaluated"] = moves
        late = core.take(wait=True)
        if late is not None and late[0][1] < ub - tolerance(ub):
            best_sites, ub, best_assign = late[0]
        if core.proven:  # the core's plan is optimal: no plan is better than it
            lb = max(lb, min(ub, core.proven_objective))
        info.update(core.info)
    info["mip"] = "skipped"
    if not settled() and np.isfinite(ub):
        lb, ub, best_sites, best_assign = _pairs_mip(
            model, lag, ub, best_sites, best_assign, deadline, gap, info, cancel, ev, effort)
    if not settled() and np.isfinite(ub) and effort is None and time.perf_counter() < deadline - 0.5:
        best_sites, ub, best_assign, moves = swap_search(  # no proof: search the rest
            ev, best_sites, ub, best_assign, fixed, deadline=deadline, seed=seed + 1,
            cancel=cancel, stop_at=lb + max(gap * abs(lb), tolerance(lb)))
        info["swaps_evaluated"] = info.get("swaps_evaluated", 0) + moves
    optimal = proven(ub, lb)
    info["stopped"] = stop_reason(settled=settled(), clock=info["mip"] == "time limit",
                                  deadline=deadline, timed=effort is None)
    if optimal:
        lb = ub
    bounds = bounds_by_count(model, lag.lam, other_p, lb)
    return GroupResult(best_sites, best_assign, ub, min(lb, ub), optimal, bounds, info)


def _pairs_mip(model, lag, ub, sites, assign, deadline, gap, info, cancel, ev, effort):
    """The exact MIP on the pairs the penalties leave, when they are few enough."""
    wcost = model.wcost
    n = wcost.shape[0]
    lb = lag.bound
    need = _open_pairs(lag, ub)
    need[np.arange(n), assign] = True
    count = int(need.sum())
    info["pairs_needed"] = count
    # HiGHS's limit does not count building the model, nor its own last node, nor the root
    # LP: run it only when that fits, with a margin. Its last node can hold an LP as long as
    # the root's (one 20 s run on 300 clustered villages ended 1.8 s late under load): keep
    # that much in hand too.
    left = deadline - time.perf_counter() - 0.1
    remaining = left - overhead_seconds(count)
    if count > PAIR_CAP or remaining < 0.1:  # (the root LP then fits too)
        return lb, ub, sites, assign
    check(cancel)
    assert lag.close_penalty is not None
    must_open = np.flatnonzero(lag.bound + lag.close_penalty > ub + tolerance(ub))
    ii, jj = np.nonzero(need)
    res = solve_pairs(model, ii, jj,
                      must_open=must_open, time_limit=remaining, rel_gap=max(1e-7, gap),
                      **mip_work(effort))
    info["mip"] = res.outcome
    if res.sites is not None and len(res.sites) == model.p:
        obj, a2 = ev(res.sites)
        if obj < ub - tolerance(ub):
            ub, sites, assign = obj, res.sites, a2
    restricted = res.bound if res.status != 2 else np.inf
    # Pairs left out each raise the Lagrangian bound above the incumbent: the optimum is
    # at least min(incumbent, the restricted MIP's bound).
    return max(lb, min(ub, restricted)), ub, sites, assign


def search_cap(points: int) -> float:
    """Most seconds the swap search gets before the exact MIP (more than a 20 s run can
    give it, more for larger groups): time beyond that goes to proving the plan first, and
    back to the search only if the MIP does not apply or ends unproven. On 300 clustered
    villages with 55 offices the 20 s plan was already optimal and the MIP proved it in
    90 s more, where the search would have spent the time finding nothing."""
    return max(SEARCH_SECONDS, SEARCH_SECONDS_PER_POINT * points)


def _open_pairs(lag, objective: float) -> np.ndarray:
    """(point, site) pairs the bound's penalties cannot rule out from a plan better than
    ``objective`` (disallowed pairs have an infinite penalty): the exact MIP's variables."""
    return lag.bound + lag.penalty < objective - tolerance(objective)


def _quarter_fits(pairs: int, most: int, deadline: float) -> bool:
    """Whether to keep a quarter of the time left for the exact MIP: the bound leaves at
    most ``most`` pairs and that quarter fits HiGHS's root LP on up to PAIR_CAP of them."""
    seconds = 0.25 * (deadline - time.perf_counter()) - 0.1
    return pairs <= most and _root_fits(seconds, min(pairs, PAIR_CAP))


def _root_fits(seconds: float, pairs: int) -> bool:
    """HiGHS finishes the pairs MIP's root LP whatever its time limit (measured: 0.5 s for
    20,000 pairs, 1.3 s for 50,000): True when that fits in ``seconds``."""
    return seconds >= ROOT_SECONDS_PER_PAIR * pairs


def merged_search(
    model: GroupModel,
    ev: Evaluator,
    start: Plan,
    fixed: np.ndarray,
    *,
    deadline: float,
    seed: int,
    cancel: CancelToken | None,
    stop_at: float,
    effort: Effort | None,
    info: dict,
    replan: Callable[[float], float] | None = None,
    incoming: Callable[..., tuple[Plan, bool] | None] | None = None,
) -> tuple[np.ndarray, float, np.ndarray, int]:
    """Iterated swap search in STREAMS streams whose plans HiGHS merges; returns (sites,
    objective, assignment, swaps evaluated). ``replan``: after the merge, the search's new
    deadline given the best objective so far (never later than ``deadline``).

    From the first local optimum, STREAMS searches (seeds apart) share STREAM_SHARE of the
    time, :func:`~algorithms.location.bounded_merge.merge_plans` merges their plans, and
    one more search goes on from the best. Streams pay only when each gets enough
    perturbation rounds: when the first one managed fewer than STREAM_ROUNDS in its share
    (the search is starved), it simply goes on alone. With
    ``effort`` the streams share its perturbation rounds instead of the time.
    """
    rounds = None if effort is None else max(1, effort.search_rounds // (STREAMS + 1))
    s, o, a, moves = swap_search(ev, *start, fixed, deadline=deadline, seed=seed,
                                 cancel=cancel, stop_at=stop_at, rounds=0)
    start = (s, o, a)
    t0 = time.perf_counter()
    if o <= stop_at or t0 >= deadline:
        return s, o, a, moves
    share = STREAM_SHARE * (deadline - t0) / STREAMS
    plans: list[Plan] = []
    stats: dict = {}
    for k in range(STREAMS):
        end = deadline if effort is not None else min(deadline, t0 + (k + 1) * share)
        s, o, a, m = swap_search(ev, *start, fixed, deadline=end, seed=seed * 7919 + k,
                                 cancel=cancel, stop_at=stop_at, rounds=rounds, stats=stats)
        moves += m
        plans.append((s, o, a))
        info.setdefault("stream_rounds", []).append(stats["perturbed"])
        if o <= stop_at or time.perf_counter() >= deadline or (
                effort is None and stats["perturbed"] < STREAM_ROUNDS):
            break
    best = min(plans, key=lambda pl: pl[1])
    if best[1] > stop_at and len(plans) > 1:
        check(cancel)
        merged = merge_plans(model, ev, plans, time_limit=(deadline - time.perf_counter()) / 2,
                             effort=effort)
        info["merged"] = merged is not None and merged[1] < best[1] - tolerance(best[1])
        if merged is not None and info["merged"]:
            best = merged
    if replan is not None:
        deadline = min(deadline, replan(best[1]))
    proven = False

    def poll(wait: bool = False) -> tuple[Plan, bool] | None:
        nonlocal proven
        got = None if incoming is None else incoming(wait=wait)
        proven = proven or (got is not None and got[1])
        return got

    other = poll(wait=effort is not None)  # counted work: wait, so the plan is the same
    if other is not None:
        best = _better(best, other[0])
    if not proven and best[1] > stop_at and time.perf_counter() < deadline:
        best, solved = region_search(model, ev, best, deadline=deadline, seed=seed,
                                     cancel=cancel, stop_at=stop_at, effort=effort,
                                     incoming=poll)
        info["regions"] = solved
    if not proven and best[1] > stop_at and time.perf_counter() < deadline:
        s, o, a, m = swap_search(ev, *best, fixed, deadline=deadline,
                                 seed=seed * 7919 + len(plans), cancel=cancel,
                                 stop_at=stop_at, rounds=rounds)
        moves += m
        if o < best[1] - tolerance(best[1]):
            best = (s, o, a)
    return best[0], best[1], best[2], moves


def _better(plan: Plan, other: Plan | None) -> Plan:
    """``other`` when it is given and better than ``plan``."""
    return other if other is not None and other[1] < plan[1] - tolerance(plan[1]) else plan


def swap_search(
    ev: Evaluator,
    sites: np.ndarray,
    obj: float,
    assign: np.ndarray,
    fixed: np.ndarray,
    *,
    deadline: float,
    seed: int = 0,
    cancel: CancelToken | None = None,
    stop_at: float = -np.inf,
    rounds: int | None = None,
    stats: dict | None = None,
) -> tuple[np.ndarray, float, np.ndarray, int]:
    """Ranked swaps with exact evaluation, perturbed when stuck; returns (sites, objective,
    assignment, swaps evaluated). Stops at ``deadline``, at the local optimum reached after
    ``rounds`` perturbations when given (0: the first local optimum), or once the objective
    is at most ``stop_at`` (a proven bound)."""
    rng = np.random.default_rng(seed)
    costs = SwapCosts(ev.wcost)
    fixed_set = {int(f) for f in fixed}
    best = (sites, obj, assign)
    cur = best
    evaluated = perturbed = 0
    while time.perf_counter() < deadline and best[1] > stop_at:
        check(cancel)
        pairs = _ranked_swaps(costs, cur[0], cur[2], fixed_set, RANKED)
        moved = False
        for a, b in pairs:
            if time.perf_counter() > deadline:
                break
            trial = np.sort(np.concatenate([cur[0][cur[0] != a], [b]]))
            t_obj, t_assign = _local_swap(ev, costs.big, cur[2], cur[1], a, b)
            evaluated += 1
            if t_obj < cur[1] - tolerance(cur[1]):
                full = ev(trial)  # the exact assignment to the new sites is never worse
                if full[0] < t_obj:
                    t_obj, t_assign = full
                cur = (trial, t_obj, t_assign)
                moved = True
                break
        if cur[1] < best[1] - tolerance(best[1]):
            best = cur
        if moved:
            continue
        if rounds is not None and perturbed >= rounds:
            break
        # Stuck: restart from the best plan with two or three random ranked swaps applied.
        cur = _perturb(ev, costs, best, fixed_set, rng)
        evaluated += 1
        perturbed += 1
    if stats is not None:
        stats["perturbed"] = perturbed
    return best[0], best[1], best[2], evaluated


def _local_swap(ev: Evaluator, big: np.ndarray, assign: np.ndarray, obj: float, a: int,
                b: int) -> tuple[float, np.ndarray]:
    """Objective and assignment after closing a and opening b, re-assigning exactly only
    near the move: the points of a, the points that would rather use b, and every point of
    the sites these use now or would use next. The rest keeps its site, so the result is
    feasible (the same number of sites serves the same points) and an upper bound on the
    exact re-assignment of all points."""
    n = big.shape[0]
    cur = big[np.arange(n), assign]
    members = np.flatnonzero(assign == a)
    save = cur - big[:, b]
    gainers = np.flatnonzero(save > 0)
    if len(gainers) > 3 * LOCAL_SLOTS:
        gainers = gainers[np.argsort(-save[gainers], kind="stable")[:3 * LOCAL_SLOTS]]
    open_sites = np.unique(assign)
    touched = np.unique(np.concatenate([assign[gainers], [a]]))
    if len(members):  # where a's points would go next
        alt = big[np.ix_(members, open_sites)]
        alt[:, np.searchsorted(open_sites, a)] = np.inf
        touched = np.union1d(touched, open_sites[np.argmin(alt, axis=1)])
    sites = np.union1d(np.setdiff1d(touched, [a]), [b])
    pts = np.flatnonzero(np.isin(assign, touched))
    sub_obj, sub_assign = assign_unit(ev.wcost[pts], sites, int(round(ev.min_size)),
                                      int(np.floor(ev.max_size + 1e-9)))
    if not np.isfinite(sub_obj):
        return np.inf, assign
    out = assign.copy()
    out[pts] = sub_assign
    return float(obj - cur[pts].sum() + sub_obj), out


class SwapCosts:
    """The weighted costs as the swap search reads them (``inf`` = not allowed), with each
    point's NEAR cheapest sites in order, so that "the sites cheaper than t_i for point i"
    is found without scanning all n x m costs again at every move."""

    def __init__(self, wcost: np.ndarray):
        self.big = np.where(np.isfinite(wcost), wcost, np.inf)
        n, m = self.big.shape
        k = min(NEAR, m)
        idx = np.argpartition(self.big, k - 1, axis=1)[:, :k]
        vals = np.take_along_axis(self.big, idx, axis=1)
        order = np.argsort(vals, axis=1, kind="stable")
        self.near = np.take_along_axis(idx, order, axis=1)
        self.near_cost = np.take_along_axis(vals, order, axis=1)
        self.complete = k == m
        self.cap = 1e3 * (float(np.max(self.big, where=np.isfinite(self.big), initial=0.0)) + 1.0)

    def cheaper(self, thr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(points, sites) of every pair whose cost is below the point's ``thr``."""
        below = self.near_cost < thr[:, None]
        more = np.zeros(len(thr), dtype=bool) if self.complete else below[:, -1].copy()
        below[more] = False
        ii, kk = np.nonzero(below)
        bb = self.near[ii, kk]
        if more.any():
            rows = np.flatnonzero(more)
            ri, rb = np.nonzero(self.big[rows] < thr[rows, None])
            ii, bb = np.concatenate([ii, rows[ri]]), np.concatenate([bb, rb])
        return ii, bb


def _ranked_swaps(costs: SwapCosts, sites: np.ndarray, assign: np.ndarray,
                  fixed_set: set[int], k: int) -> list[tuple[int, int]]:
    """The k swaps (close a, open b) with the best uncapacitated saving, best first.

    A swap changes a point's cost from its current c_i to min(c_ib, c_i), and for a's own
    points to min(c_ib, their best other open site). Summed over the points, that is one
    term per a (what its points lose without it) plus terms only at the sites b cheaper for
    a point than both its current and its best other site: a few dozen per point, so the
    work is in those pairs, not in all n x m."""
    big = costs.big
    n, m = big.shape
    p = len(sites)
    rows = np.arange(n)
    pos = np.searchsorted(sites, assign)
    cur = big[rows, assign]
    sub = big[:, sites]
    sub[rows, pos] = np.inf
    second = np.minimum(sub.min(axis=1), costs.cap)
    ii, bb = costs.cheaper(np.maximum(second, cur))
    c, now, other = big[ii, bb], cur[ii], second[ii]
    gain = np.minimum(c - now, 0.0)
    delta = (np.bincount(bb, weights=gain, minlength=m)[None, :]
             + np.bincount(pos, weights=second - cur, minlength=p)[:, None])
    extra = np.minimum(c, other) - other - gain
    delta += np.bincount(pos[ii] * m + bb, weights=extra, minlength=p * m).reshape(p, m)
    delta[:, sites] = np.inf
    for row, s in enumerate(sites):
        if int(s) in fixed_set:
            delta[row] = np.inf
    flat = np.argpartition(delta.ravel(), min(k, delta.size - 1))[:k]
    flat = flat[np.argsort(delta.ravel()[flat], kind="stable")]
    return [(int(sites[f // m]), int(f % m)) for f in flat if np.isfinite(delta.ravel()[f])]


def _perturb(ev: Evaluator, costs: SwapCosts, best, fixed_set: set[int], rng):
    sites, _, assign = best
    pairs = _ranked_swaps(costs, sites, assign, fixed_set, 3 * RANKED)
    if not pairs:
        return best
    k = int(rng.integers(2, 4))
    trial = sites.copy()
    for idx in rng.permutation(len(pairs)):
        a, b = pairs[idx]
        if a in trial and b not in trial:
            trial[trial == a] = b
            k -= 1
            if k == 0:
                break
    trial = np.sort(trial)
    t_obj, t_assign = ev(trial)
    if not np.isfinite(t_obj):
        return best
    return trial, t_obj, t_assign
