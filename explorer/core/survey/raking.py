"""Rim weighting: iterative proportional fitting of respondent weights to population margins.

Generic over any number of margins (age × gender, ethnic group, region, …), with weight trimming.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from explorer.core.errors import ExplorerError


def rake(
    sample: Mapping[str, np.ndarray],
    targets: Mapping[str, Mapping[float, float]],
    *,
    base_weights: np.ndarray | None = None,
    max_iter: int = 500,
    tol: float = 1e-9,
    cap: tuple[float, float] | None = (0.2, 5.0),
) -> np.ndarray:
    """Weights, mean 1, under which every margin's weighted shares equal its target shares.

    `sample` maps each raking dimension to the respondents' codes on it; `targets` maps the same
    dimension to {code: population share} (shares are normalised to sum to 1, and every code the
    sample holds needs a target). Each sweep scales the weights of every category of every margin
    in turn to its target, then — when `cap` is given — clips them to [low, high] times the mean,
    the usual trimming, which later sweeps compensate for. Stops when no margin is further than
    `tol` (as a share) from its target; raises `ExplorerError` if that does not happen.
    """
    if not sample:
        raise ExplorerError("Raking needs at least one margin.")
    n = len(next(iter(sample.values())))
    weights = np.ones(n) if base_weights is None else np.asarray(base_weights, dtype=np.float64)
    weights = weights * (n / weights.sum())
    plans = [_plan(name, np.asarray(codes), targets.get(name)) for name, codes in sample.items()]
    for _ in range(max_iter):
        for index, shares in plans:
            totals = np.bincount(index, weights=weights, minlength=len(shares))
            factors = np.divide(
                shares * weights.sum(), totals, where=totals > 0, out=np.ones_like(totals)
            )
            weights = weights * factors[index]
        if cap is not None:
            mean = weights.mean()
            weights = np.clip(weights, cap[0] * mean, cap[1] * mean)
        weights = weights * (n / weights.sum())
        if max(_gap(index, shares, weights) for index, shares in plans) < tol:
            # The final rescale can nudge a trimmed weight past its cap by rounding only.
            return weights if cap is None else np.clip(weights, cap[0], cap[1])
    raise ExplorerError(
        f"Raking did not converge in {max_iter} sweeps; the targets may be out of reach "
        "of the sample within the weight caps."
    )


def weighted_shares(codes: np.ndarray, weights: np.ndarray) -> dict[float, float]:
    """{code: weighted share} of one margin — the check that raking hit its targets."""
    values, index = np.unique(np.asarray(codes), return_inverse=True)
    totals = np.bincount(index, weights=weights, minlength=len(values))
    return {float(v): float(t / weights.sum()) for v, t in zip(values, totals)}


def _plan(name: str, codes: np.ndarray, target: Mapping[float, float] | None):
    if target is None:
        raise ExplorerError(f"Raking margin {name!r} has no targets.")
    categories = np.array(sorted(target), dtype=np.float64)
    shares = np.array([target[c] for c in sorted(target)], dtype=np.float64)
    if np.any(shares < 0) or shares.sum() <= 0:
        raise ExplorerError(f"Raking targets for {name!r} must be non-negative shares.")
    shares = shares / shares.sum()
    position = np.searchsorted(categories, codes.astype(np.float64))
    position = np.clip(position, 0, len(categories) - 1)
    if not np.all(categories[position] == codes):
        stray = sorted(set(np.unique(codes).tolist()) - set(categories.tolist()))
        raise ExplorerError(f"Raking margin {name!r} has no target for codes {stray}.")
    present = np.bincount(position, minlength=len(categories)) > 0
    if np.any((shares > 0) & ~present):
        raise ExplorerError(f"Raking margin {name!r} has a target for a code nobody has.")
    return position, shares


def _gap(index: np.ndarray, shares: np.ndarray, weights: np.ndarray) -> float:
    totals = np.bincount(index, weights=weights, minlength=len(shares))
    return float(np.abs(totals / weights.sum() - shares).max())
