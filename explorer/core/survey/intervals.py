"""Uncertainty for weighted percentages: the Wilson score interval on the effective base, and
pairwise two-proportion z-tests between breakdown columns that give a cell its significance letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist

import numpy as np

Z95 = 1.959963984540054


def wilson_interval(
    p: float | np.ndarray, n_eff: float | np.ndarray, z: float = Z95
) -> tuple[np.ndarray | float, np.ndarray | float]:
    """Wilson score interval (low, high) for proportion(s) `p` (0–1) on effective base(s) `n_eff`.

    Vectorised over numpy arrays; NaN where the base is not positive.
    """
    p_arr = np.asarray(p, dtype=np.float64)
    n_arr = np.asarray(n_eff, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        z2n = np.where(n_arr > 0, z * z / n_arr, np.nan)
        denom = 1.0 + z2n
        centre = (p_arr + z2n / 2.0) / denom
        spread = np.sqrt(np.clip(p_arr * (1.0 - p_arr), 0.0, None) / n_arr + z2n / (4.0 * n_arr))
        half = z * spread / denom
    low = np.clip(centre - half, 0.0, 1.0)
    high = np.clip(centre + half, 0.0, 1.0)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def critical_z(alpha: float) -> float:
    """The two-sided critical value of the standard normal for significance level `alpha`."""
    return NormalDist().inv_cdf(1.0 - alpha / 2.0)


def two_proportion_z(
    p1: float | np.ndarray, n1: float | np.ndarray, p2: float | np.ndarray, n2: float | np.ndarray
) -> np.ndarray | float:
    """Pooled two-proportion z statistic (p1 − p2) / se; NaN where it is undefined (se = 0)."""
    p1, n1, p2, n2 = (np.asarray(x, dtype=np.float64) for x in (p1, n1, p2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
        se = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
        z = np.where(se > 0, (p1 - p2) / se, np.nan)
    return float(z) if z.ndim == 0 else z


def column_significance(
    proportions: np.ndarray,
    n_eff: Sequence[float] | np.ndarray,
    letters: Sequence[str],
    *,
    alpha: float = 0.05,
    testable: np.ndarray | None = None,
) -> list[list[str]]:
    """Letters of the columns each cell is significantly above, per row and column.

    `proportions` is rows × columns (0–1); `n_eff` the columns' effective bases; `testable` (rows ×
    columns, bool) marks cells that may be compared (not suppressed, base not empty). A cell gets
    column j's letter when it is higher than column j's cell and the two-sided pooled z-test on
    effective bases rejects equality at `alpha`.
    """
    props = np.atleast_2d(np.asarray(proportions, dtype=np.float64))
    n_rows, n_cols = props.shape
    bases = np.asarray(n_eff, dtype=np.float64)
    ok = np.ones_like(props, dtype=bool) if testable is None else np.asarray(testable, dtype=bool)
    ok = ok & np.isfinite(props) & (bases > 0)[None, :]
    limit = critical_z(alpha)
    out = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for i in range(n_cols):
        for j in range(n_cols):
            if i == j:
                continue
            z = two_proportion_z(props[:, i], bases[i], props[:, j], bases[j])
            above = ok[:, i] & ok[:, j] & np.isfinite(z) & (z > limit)
            for row in np.flatnonzero(above):
                out[row][i] += letters[j]
    return out
