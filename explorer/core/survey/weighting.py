"""Weighted counting: the weight vector a table uses, weighted counts by code, and Kish's effective
base. Everything here is vectorised over respondents (np.bincount), so it scales to millions.
"""

from __future__ import annotations

import numpy as np

from explorer.core.errors import ExplorerError


def effective_base(weights: np.ndarray) -> float:
    """Kish's effective sample size (Σw)² / Σw²; 0.0 for no (or all-zero) weights."""
    w = np.asarray(weights, dtype=np.float64)
    total = float(w.sum())
    squares = float(np.dot(w, w))
    if squares <= 0.0:
        return 0.0
    return total * total / squares


def weighted_counts(
    codes_index: np.ndarray, weights: np.ndarray | None, n_codes: int
) -> np.ndarray:
    """Sum of weights per code index 0…n_codes−1 (unweighted counts when `weights` is None).

    `codes_index` holds non-negative integer positions, one per respondent already in the base.
    """
    index = np.asarray(codes_index, dtype=np.intp)
    if weights is None:
        counts = np.bincount(index, minlength=n_codes).astype(np.float64)
    else:
        counts = np.bincount(
            index, weights=np.asarray(weights, dtype=np.float64), minlength=n_codes
        )
    return counts[:n_codes]


def table_weights(survey, *, weighted: bool = True, weight: str | None = None) -> np.ndarray:
    """The weight of each respondent for a table: ones when unweighted, else the chosen variable.

    Missing weights count as zero (the respondent stays in the unweighted base but adds nothing
    to the estimate); negative or infinite weights are refused, as no estimate can be made from them.
    """
    from explorer.core.survey.counting import cached

    def make() -> np.ndarray:
        values = _table_weights(survey, weighted=weighted, weight=weight)
        values.flags.writeable = False  # shared by every table of this survey
        return values

    return cached(survey, "weights", (weighted, weight), make, 4)


def _table_weights(survey, *, weighted: bool, weight: str | None) -> np.ndarray:
    if not weighted:
        return np.ones(survey.n, dtype=np.float64)
    if weight is None:
        values = survey.weights()
        name = survey.weight
    else:
        survey.variable(weight)
        column = survey.columns[weight]
        if column.dtype.kind not in "iuf":
            raise ExplorerError(f"{weight} is not numeric, so it cannot be used as a weight.")
        values = np.nan_to_num(survey.values(weight), nan=0.0)
        name = weight
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ExplorerError(
            f"The weight variable {name} has negative or infinite values, so it cannot be used."
        )
    return values
