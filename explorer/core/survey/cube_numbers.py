"""Numbering for the cubes (explorer.core.survey.cube): a column's codes as small consecutive
numbers (cached per survey), and the distinct keys of the respondents' combinations of codes
numbered in order, through a lookup table when the keys are few enough, else by sorting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from explorer.core.survey import counting
from explorer.core.survey.distinct import bin_totals
from explorer.core.survey.variable_kind import Kind

if TYPE_CHECKING:
    from explorer.core.survey.model import Survey

MAX_DIM_CODES = 255  # distinct codes of a dimension (else it is counted directly)
DENSE_KEYS = 1 << 23  # combinations numbered through a lookup table up to this many, else sorted


def numbered(survey: Survey, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(stored bins, bin → number lookup, code of each number) for a column with few codes. The
    lookup and codes are cached (the codes present take a pass over the column: 23 ms at 10M);
    the bins are not held here (a wide column's are `counting.bins_of`'s, within its bound)."""
    var = survey.variables.get(name)
    if var is None or var.kind not in (Kind.NOMINAL, Kind.SCALE):
        return None
    bins = counting.bins_of(survey, name)
    if bins is None:
        return None
    found = counting.cached(survey, "numbered", name, lambda: numbering(bins), 64)
    return None if found is None else (bins.values, *found)


def numbering(bins: counting.Bins) -> tuple[np.ndarray, np.ndarray] | None:
    present = np.flatnonzero(bin_totals(bins.values, bins.codes.size))
    if present.size > MAX_DIM_CODES:
        return None
    lookup = np.zeros(bins.codes.size, dtype=np.intp)
    lookup[present] = np.arange(present.size)
    return lookup, bins.codes[present]


def number_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct non-negative keys, in order; each row's number among them as int32, −1
    for a key of −1)."""
    top = int(keys.max(initial=-1)) + 1
    if top <= DENSE_KEYS:
        seen = np.zeros(top + 1, dtype=bool)
        seen[keys] = True  # −1 marks the last slot, which is no key
        seen[top] = False
        number = np.cumsum(seen, dtype=np.int32)
        number -= 1
        number[top] = -1
        return np.flatnonzero(seen).astype(np.int64), number[keys]
    distinct, inverse = np.unique(keys, return_inverse=True)
    inverse = inverse.reshape(-1).astype(np.int32)
    if distinct.size and distinct[0] < 0:  # the rows outside the base
        return distinct[1:], inverse - 1
    return distinct, inverse
