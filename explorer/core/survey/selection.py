"""The respondents a direct-path table counts (a filter on a question, a multiple-response set,
or no cubes): the kept respondents' positions and their weights or weight classes, made once per
mask and shared by every chart of a filter state, within a byte bound.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from explorer.core.survey.distinct import few_values
from explorer.core.survey.release import released
from explorer.core.survey.survey_cache import cached, readonly

if TYPE_CHECKING:
    from explorer.core.survey.model import Survey

# Weight classes are used when the weights take at most this many values (uint8 class ids up to
# 256, else uint16).
MAX_CLASSES = 4096
# Direct-path caches (a filter on a question, a multiple-response set, or no cubes) hold arrays
# of one entry per respondent: at ten million respondents a mask is 10 MB. They keep what fits
# in these many bytes (the newest always), so memory does not grow with each filter state.
MASK_BYTES = 16 << 20
SELECTION_BYTES = 16 << 20
CHUNK = 1 << 20  # kept respondents whose weight class is looked up at a time
# Up to this many respondents, one weight class per respondent of the survey (a byte each, made
# once) is held and gathered per filter state; above it, each state's kept classes are looked up
# from the cells' weights instead (no 10 MB array at ten million, but ~17 ms a state at a
# million, which was a third of a filter change there).
CELL_CLASSES_FROM = 4_000_000


@dataclass(frozen=True)
class Selection:
    """The respondents a mask keeps, with their weights, made once per mask.

    `index` (int32 when it fits) is None when everyone is kept (columns are then used as stored,
    with no copy). When the weights take few distinct values (rim weights: one per weighting
    cell), only each kept respondent's weight class is held (one byte each for up to 256
    values): one unweighted bincount over (class, bin) then gives the count, Σw and Σw² of every
    bin at once, and `weights` is looked up from the classes when asked. Otherwise the kept
    weights and their squares are held.
    """

    index: np.ndarray | None
    stored_weights: np.ndarray | None
    stored_squares: np.ndarray | None
    classes: np.ndarray | None = None
    class_weights: np.ndarray | None = None

    def take(self, column: np.ndarray) -> np.ndarray:
        return column if self.index is None else column[self.index]

    @property
    def weights(self) -> np.ndarray:
        """The kept respondents' weights (looked up from their classes when not held)."""
        if self.stored_weights is not None:
            return self.stored_weights
        return self.class_weights[self.classes]

    @property
    def squares(self) -> np.ndarray:
        if self.stored_squares is not None:
            return self.stored_squares
        return (self.class_weights * self.class_weights)[self.classes]


def selection(
    survey: Survey, keep: np.ndarray, weights: np.ndarray, weight_key: Hashable
) -> Selection:
    """The Selection of `keep` (cached while `keep` is a read-only cached mask)."""

    def make() -> Selection:
        index = None
        if not keep.all():
            index = np.flatnonzero(keep)
            if index.size and index[-1] < np.iinfo(np.int32).max:
                index = index.astype(np.int32)
        found = None
        if survey.n > CELL_CLASSES_FROM:
            found = _classes_from_cells(survey, weights, weight_key, index)
        if found is not None:
            return Selection(index, None, None, *found)
        classes, values = weight_classes(survey, weights, weight_key)
        if classes is not None:
            kept = classes if index is None else classes[index]
            return Selection(index, None, None, kept, values)
        if index is None:
            squares = cached(survey, "squares", weight_key, lambda: readonly(weights * weights), 4)
            return Selection(None, weights, squares)
        kept = weights[index]
        return Selection(index, kept, kept * kept)

    if keep.flags.writeable:  # the caller's own array may still change: nothing to key it by
        return make()
    # A weak reference: a remembered selection must not keep its (10 MB) mask alive.
    found = cached(
        survey,
        "selection",
        (id(keep), weight_key),
        lambda: (weakref.ref(keep), released(make())),
        4,
        SELECTION_BYTES,
    )
    if found[0]() is not keep:  # an id reused after the old mask was freed
        return make()
    return found[1]


def _classes_from_cells(
    survey: Survey, weights: np.ndarray, weight_key: Hashable, index: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray] | None:
    """(each kept respondent's weight class, the distinct weights) from the cells the tables'
    cubes count by (explorer.core.survey.cube, cached under "cells"), whose weights are every
    weight a respondent in the base holds: each kept weight is looked up among them, so no
    class per respondent of the whole survey is held besides, nor each respondent's cell. None
    when there are no such cells under this weight, or a kept weight is none of theirs (a
    respondent outside the base)."""
    for key, cells in list(survey._cache.get("cells", {}).items()):
        if cells is None or key[1] != weight_key:
            continue
        values = cells.weights  # np.unique of the cells' weights
        if values.size > MAX_CLASSES:
            return None
        size = survey.n if index is None else index.size
        classes = np.empty(size, dtype=np.uint8 if values.size <= 256 else np.uint16)
        for start in range(0, size, CHUNK):
            part = slice(start, start + CHUNK)
            kept = weights[part] if index is None else weights[index[part]]
            at = np.searchsorted(values, kept)
            at[at == values.size] = 0
            if not np.array_equal(values[at], kept):
                return None
            classes[part] = at
        return classes, values
    return None


def weight_classes(
    survey: Survey, weights: np.ndarray, weight_key: Hashable
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(class of each respondent, the distinct weights) when there are at most MAX_CLASSES; the
    classes are uint8 for up to 256 distinct weights, else uint16."""

    def make() -> tuple[np.ndarray | None, np.ndarray | None]:
        found = few_values(weights, MAX_CLASSES)  # np.unique's answer, without sorting them
        if found is None:
            return None, None
        values, inverse = found
        narrow = np.uint8 if values.size <= 256 else np.uint16
        return readonly(inverse.astype(narrow).reshape(-1)), values

    return cached(survey, "classes", weight_key, make, 4)
