"""A multiple-response set's counts (items × breakdown columns) from the stored integer codes of
its items, over a Selection of respondents (explorer.core.survey.counting), in one pass per item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from explorer.core.survey.counting import (
    Selection,
    TableCounts,
    breakdown_columns,
    usable_breakdown,
)
from explorer.core.survey.variable_kind import SYSMIS_INT

if TYPE_CHECKING:
    from explorer.core.survey.model import Survey, Variable


def multi_counts(
    survey: Survey,
    var: Variable,
    by: str | None,
    sel: Selection,
    *,
    include_missing: bool,
    by_codes: list[float] | None = None,
    everyone_in_base: bool = False,
) -> TableCounts | None:
    """A multiple-response set's counts (items × columns), or None when it cannot be binned."""
    by_bins = usable_breakdown(survey, by)
    members = [survey.columns.get(m) for m in var.members]
    if (by is not None and by_bins is None) or any(
        c is None or c.dtype.kind not in "iu" for c in members
    ):
        return None
    if by_bins is not None:
        by_codes, column_of_bin = breakdown_columns(survey.variable(by), by_bins, by_codes)
        k = len(by_codes)
        slot = column_of_bin[sel.take(by_bins.values)]
    else:
        k, slot = 0, None
    counted = 1.0 if var.counted_value is None else float(var.counted_value)
    items = [sel.take(c) for c in members]
    w = sel.weights  # looked up once per table when the selection holds weight classes
    answered = np.zeros(w.shape, dtype=bool)
    for name, item in zip(var.members, items):
        ok = item != SYSMIS_INT[item.dtype] if item.dtype in SYSMIS_INT else np.ones_like(answered)
        if not include_missing:
            ok &= ~survey.variables[name].missing_mask(item)
        answered |= ok
    if everyone_in_base:  # the base is every respondent, not only those who answered an item
        answered[:] = True

    def sums(where: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
        """Per column (total first) sums over respondents in `where`."""
        if slot is None:
            if weights is None:
                return np.array([float(np.count_nonzero(where))])
            return np.array([float(weights[where].sum())])
        per = np.bincount(
            slot[where], weights=None if weights is None else weights[where], minlength=k + 1
        ).astype(np.float64)
        return np.concatenate([[per.sum()], per[:k]])

    n_cols = k + 1
    count = np.zeros((len(items), n_cols))
    weight = np.zeros((len(items), n_cols))
    for i, item in enumerate(items):
        picked = answered & (item == counted)
        count[i], weight[i] = sums(picked, None), sums(picked, w)
    return TableCounts(
        [],
        count,
        weight,
        sums(answered, None),
        sums(answered, w),
        sums(answered, w * w),
    )
