"""Turning latent scores into coded answers whose weighted shares hit given targets.

Each question has a latent score per respondent (low = the first code, e.g. "Strongly agree") and
ordered thresholds between its codes. A target is (subgroup, boundary, side, share): the weighted
share of the subgroup's base answering at or below the boundary ("le") or above it ("gt"). The
overall targets set the global thresholds; a subgroup target moves that boundary for the subgroup's
members only. Each move is a weighted quantile — so it reassigns exactly the members whose score
lies closest to the boundary — and overlapping subgroups (e.g. ethnic group and vote) are solved in
turn, Gauss–Seidel style, until every target holds. Everything is vectorised numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Target:
    """The weighted share of `mask`'s base with code ≤ `boundary` ("le") or > it ("gt")."""

    share: float
    boundary: int  # 1-based: boundary k separates code k from code k + 1
    side: str = "le"
    mask: np.ndarray | None = None  # None: everyone


def weighted_cut(values: np.ndarray, weights: np.ndarray, wanted: float) -> float:
    """A cut c such that the weight of `values` below c is as close as possible to `wanted`."""
    if values.size == 0:
        return 0.0
    order = np.argsort(values)
    ordered = values[order]
    cumulative = np.cumsum(weights[order])
    # j respondents below the cut hold cumulative[j - 1]; pick the j nearest to `wanted`.
    j = int(np.searchsorted(cumulative, wanted))
    if j < ordered.size:
        before = cumulative[j - 1] if j > 0 else 0.0
        if abs(cumulative[j] - wanted) < abs(before - wanted):
            j += 1
    if j == 0:
        return float(ordered[0] - 1.0)
    if j == ordered.size:
        return float(ordered[-1] + 1.0)
    return float((ordered[j - 1] + ordered[j]) / 2)


def calibrate(
    score: np.ndarray,
    weights: np.ndarray,
    n_codes: int,
    targets: list[Target],
    *,
    excluded: np.ndarray | None = None,
    base: np.ndarray | None = None,
    max_sweeps: int = 60,
    precision: float = 5e-4,
) -> np.ndarray:
    """Codes 1..n_codes from `score`, meeting every target as closely as the data allows.

    `excluded` respondents (those answering "Don't know") get code 0 and are never counted, but they
    stay in each subgroup's base; respondents outside `base` (user-missing) are not in any base.
    """
    n = score.size
    excluded = np.zeros(n, dtype=bool) if excluded is None else excluded
    base = np.ones(n, dtype=bool) if base is None else base
    counted = base & ~excluded
    # Start from global thresholds spread over the counted scores, so unconstrained boundaries
    # keep a sensible order. One contiguous array per boundary keeps the updates cheap.
    starts = np.quantile(score[counted], np.arange(1, n_codes) / n_codes) if counted.any() else 0
    bounds = [np.full(n, float(start)) for start in np.broadcast_to(starts, (n_codes - 1,))]
    plans = []
    for target in targets:
        member = base if target.mask is None else base & target.mask
        inside = np.flatnonzero(member & ~excluded)
        w = weights[inside]
        total = float(weights[member].sum())
        wanted = target.share * total
        if target.side == "gt":
            wanted = float(w.sum()) - wanted
        plans.append((target.boundary - 1, np.flatnonzero(member), inside, w, total, wanted))
    shifts = [0.0] * len(targets)
    for _ in range(max_sweeps):
        for i, (k, member, inside, w, _total, wanted) in enumerate(plans):
            u = score[inside] - bounds[k][inside] + shifts[i]
            new = weighted_cut(u, w, wanted)
            bounds[k][member] += new - shifts[i]
            shifts[i] = new
        # Later subgroups can disturb earlier ones where they overlap: check all without sorting.
        worst = 0.0
        for k, _member, inside, w, total, wanted in plans:
            below = w[score[inside] < bounds[k][inside]].sum()
            worst = max(worst, abs(below - wanted) / max(total, 1e-12))
        if worst < precision:
            break
    codes = np.ones(n, dtype=np.int16)
    for k in range(1, n_codes - 1):
        # Thresholds must not cross, or a respondent could skip a code.
        np.maximum(bounds[k], bounds[k - 1], out=bounds[k])
    for bound in bounds:
        codes += score >= bound
    codes[excluded] = 0
    return codes
