"""Counting at tracker scale: cached filter masks, the filtered weights, and weighted counts by
(code, breakdown column) in one `np.bincount` per statistic over the stored narrow integer codes.

Everything cached lives in the Survey's private cache (`survey_cache`: a Survey never changes
once loaded, so a cache can never be stale); each is a small LRU, and those holding an array per
respondent (masks, `selection`'s kept respondents) are bounded by bytes too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from explorer.core.survey.distinct import held_codes
from explorer.core.survey.selection import (  # noqa: F401  (the counting API's names)
    MASK_BYTES,
    MAX_CLASSES,
    SELECTION_BYTES,
    Selection,
    selection,
    weight_classes,
)
from explorer.core.survey.survey_cache import (  # noqa: F401
    cached,
    filter_key,
    forget,
    held_bytes,
    readonly,
)
from explorer.core.survey.variable_kind import SYSMIS_INT, Kind

if TYPE_CHECKING:  # only named in annotations: Survey.mask uses this module
    from explorer.core.survey.model import Survey, Variable


# Bins of an int8 column read through its uint8 view: bin r holds the code int8(r); bin 128 is
# system-missing (the int8 minimum).
_INT8_CODES = np.arange(256, dtype=np.uint8).view(np.int8).astype(np.float64)
_INT8_SYSMIS = 128
# Weight classes (`selection.MAX_CLASSES` values at most) are counted in one bincount when the
# (class, bin) table stays this small.
MAX_CLASS_BINS = 1 << 21


# --- masks ------------------------------------------------------------------------------------
def as_code(value: Any) -> float | None:
    """A code as a number; text that is not one (a tampered briefing's "x") matches nobody."""
    try:
        code = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return code if math.isfinite(code) else None


def code_equals(survey: Survey, name: str, codes: Iterable[float]) -> np.ndarray:
    """True where the stored column of `name` holds one of `codes` (NaN never matches).

    Integer columns are compared as stored (no float copy); a code the dtype cannot hold, or the
    system-missing sentinel itself, matches nobody.
    """
    col = survey.column(name)
    wanted = [c for c in map(as_code, codes) if c is not None]
    if col.dtype.kind in "iu":
        info = np.iinfo(col.dtype)
        sentinel = SYSMIS_INT.get(col.dtype)
        exact = [
            int(c) for c in wanted if c.is_integer() and info.min <= c <= info.max and c != sentinel
        ]
        out = np.zeros(col.shape, dtype=bool)
        for code in dict.fromkeys(exact):
            out |= col == code
        return out
    return np.isin(survey.values(name), np.asarray(wanted, dtype=np.float64))


# --- codes as bins ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Bins:
    """A column as small non-negative integers: `bins(column)` and the code each bin stands for
    (NaN for system-missing)."""

    values: np.ndarray  # per respondent, uint8 (or uint16), one bin each
    codes: np.ndarray  # float64 code of each bin; NaN = system-missing


def bins_of(survey: Survey, name: str) -> Bins | None:
    """The column of `name` as bins, or None when its codes are not small integers."""
    col = survey.columns.get(name)
    if col is None or col.dtype.kind not in "iu":
        return None
    if col.dtype == np.int8:
        codes = _INT8_CODES.copy()
        codes[_INT8_SYSMIS] = np.nan
        return Bins(col.view(np.uint8), codes)
    return cached(survey, "bins", name, lambda: _compact(col), 16)


def _compact(col: np.ndarray) -> Bins | None:
    """Wider integer columns: their distinct values numbered once (None if there are too many)."""
    present = np.unique(col)
    if present.size > 65535:
        return None
    dtype = np.uint8 if present.size <= 256 else np.uint16
    values = np.searchsorted(present, col).astype(dtype)
    codes = present.astype(np.float64)
    sentinel = SYSMIS_INT.get(col.dtype)
    codes[present == sentinel] = np.nan
    values.flags.writeable = False
    return Bins(values, codes)


@dataclass(frozen=True)
class Counts:
    """Per (bin, column) sums over the base's candidates: count, Σw, Σw²; column −1 is everyone
    outside every breakdown column (in the total only)."""

    codes: np.ndarray  # the code of each bin (NaN: system-missing)
    count: np.ndarray  # bins × (columns + 1)
    weight: np.ndarray
    square: np.ndarray


def count_by_bin(
    bins: Bins,
    sel: Selection,
    column_of_bin: np.ndarray | None,
    by_bins: Bins | None,
    n_columns: int | None = None,
) -> Counts:
    """One bincount per statistic over bin + n_bins × breakdown bin, folded into columns.

    `n_columns` is the breakdown's column count plus one (the "outside every column" slot); a
    column no bin maps to (a labelled code nobody has) still gets its (zero) place."""
    x = sel.take(bins.values)
    n_bins = bins.codes.size
    if by_bins is None:
        index = x.astype(np.intp)
        size, n_by = n_bins, 1
    else:
        n_by = by_bins.codes.size
        index = sel.take(by_bins.values).astype(np.intp)
        index *= n_bins
        index += x
        size = n_bins * n_by
    if sel.classes is not None and size * sel.class_weights.size <= MAX_CLASS_BINS:
        n_classes = sel.class_weights.size
        key = np.multiply(sel.classes, size, dtype=np.intp)
        key += index
        by_class = np.bincount(key, minlength=size * n_classes)
        del key
        by_class = by_class[: size * n_classes].reshape(n_classes, size).astype(np.float64)
        count = by_class.sum(axis=0)
        weight = sel.class_weights @ by_class
        square = (sel.class_weights * sel.class_weights) @ by_class
    else:
        count = np.bincount(index, minlength=size)[:size].astype(np.float64)
        weight = np.bincount(index, weights=sel.weights, minlength=size)[:size]
        square = np.bincount(index, weights=sel.squares, minlength=size)[:size]
    if by_bins is None:
        shape = (n_bins, 1)
        return Counts(
            bins.codes, count.reshape(shape), weight.reshape(shape), square.reshape(shape)
        )
    shape = (n_by, n_bins)
    return fold_columns(
        bins.codes,
        count.reshape(shape),
        weight.reshape(shape),
        square.reshape(shape),
        column_of_bin,
        n_columns,
    )


def fold_columns(
    codes: np.ndarray,
    count: np.ndarray,
    weight: np.ndarray,
    square: np.ndarray,
    column_of_bin: np.ndarray,
    n_columns: int | None,
) -> Counts:
    """Per (breakdown bin, code bin) sums (n_by × n_bins each) folded into the table's columns
    by a one-hot (n_by × columns+1) product: the Counts of each code bin per column."""
    n_by = count.shape[0]
    n_cols = int(column_of_bin.max()) + 1 if column_of_bin.size else 1
    n_cols = max(n_cols, n_columns or 0)
    fold = np.zeros((n_by, n_cols), dtype=np.float64)
    fold[np.arange(n_by), column_of_bin] = 1.0
    return Counts(codes, count.T @ fold, weight.T @ fold, square.T @ fold)


def present_codes(survey: Survey, name: str) -> frozenset[float]:
    """The codes of `name` that some respondent in the survey's base holds (whole file, not
    per filter, so rows and columns do not come and go as filters change)."""

    def make() -> frozenset[float]:
        held = held_codes(survey.columns[name], everyone(survey))  # narrow codes: a bincount
        if held is not None:
            return held
        values = survey.values(name)[everyone(survey)]
        return frozenset(float(v) for v in np.unique(values[~np.isnan(values)]))

    return cached(survey, "present", name, make, 64)


def shown_codes(
    survey: Survey, var: Variable, codes: Iterable[float], *, show_empty: bool
) -> list[float]:
    """`codes` of `var` without the labelled codes nobody in the file holds (unless asked)."""
    codes = list(codes)
    if show_empty or var.kind is Kind.MULTI or var.name not in survey.columns:
        return codes
    present = present_codes(survey, var.name)
    return [code for code in codes if code in present]


def breakdown_columns(
    by_var: Variable, by_bins: Bins, codes: list[float] | None = None
) -> tuple[list[float], np.ndarray]:
    """The breakdown's codes (`codes`, else its substantive codes, in order) and each by-bin's
    column number: 0…k−1 for those codes, k (the last) for every other bin."""
    codes = list(by_var.substantive_codes) if codes is None else list(codes)
    column = np.full(by_bins.codes.size, len(codes), dtype=np.intp)
    for c, code in enumerate(codes):
        column[by_bins.codes == code] = c
    return codes, column


def usable_breakdown(survey: Survey, by: str | None) -> Bins | None:
    """Bins of a single-choice breakdown; None when the fast path cannot break down by it."""
    if by is None:
        return None
    var = survey.variables.get(by)
    if var is None or var.kind not in (Kind.NOMINAL, Kind.SCALE):
        return None
    return bins_of(survey, by)


# --- what a table counts ----------------------------------------------------------------------
@dataclass(frozen=True)
class TableCounts:
    """Counts of one table: rows (codes, or items of a set) × columns (total first)."""

    codes: list[float]  # single choice: the codes shown, in order; MULTI: unused
    count: np.ndarray  # rows × columns, unweighted
    weight: np.ndarray  # rows × columns, Σw
    base_count: np.ndarray  # per column
    base_weight: np.ndarray
    base_square: np.ndarray  # Σw² of the base, for Kish's effective base


def _bin_counts(
    survey: Survey, name: str, by: str | None, sel: Selection, by_codes: list[float] | None
) -> tuple[Counts, int] | None:
    """(Counts of `name`'s bins per breakdown column, the breakdown's column count) from the
    kept respondents, or None when the codes (or the breakdown's) are not small integers."""
    bins = bins_of(survey, name)
    by_bins = usable_breakdown(survey, by)
    if bins is None or (by is not None and by_bins is None):
        return None
    if by_bins is not None:
        by_codes, column_of_bin = breakdown_columns(survey.variable(by), by_bins, by_codes)
        k = len(by_codes)
    else:
        column_of_bin, k = None, 0
    return count_by_bin(bins, sel, column_of_bin, by_bins, k + 1), k


def single_counts(
    survey: Survey,
    var: Variable,
    by: str | None,
    sel: Any,
    *,
    include_missing: bool,
    exclude_codes: frozenset[float],
    show_empty: bool = True,
    by_codes: list[float] | None = None,
) -> TableCounts | None:
    """A single-choice question's counts, or None when its codes are not small integers (or the
    breakdown cannot be binned); the caller then counts the general way."""
    if isinstance(sel, Selection):
        found = _bin_counts(survey, var.name, by, sel, by_codes)
    else:  # a cube's filter (explorer.core.survey.cube): the same counts from its cells
        found = sel.bin_counts(var.name, by, by_codes)
    if found is None:
        return None
    counts, k = found
    codes = counts.codes
    in_base = ~np.isnan(codes)
    if not include_missing:
        in_base &= ~var.missing_mask(codes)
    if exclude_codes:
        in_base &= ~np.isin(codes, np.asarray(sorted(exclude_codes), dtype=np.float64))

    def columns(a: np.ndarray) -> np.ndarray:
        # total (every column, including those outside the breakdown), then the breakdown's
        return np.column_stack([a.sum(axis=1), a[:, :k]]) if k else a.sum(axis=1)[:, None]

    count, weight, square = columns(counts.count), columns(counts.weight), columns(counts.square)

    def shown(code: float) -> bool:
        if code in exclude_codes:
            return False
        return include_missing or not var.is_missing(code)

    labelled = set(var.codes)
    rows = shown_codes(
        survey, var, [code for code in var.codes if shown(code)], show_empty=show_empty
    )
    # a bin nobody in the base has contributes only zeros, so rows look up the present bins
    present = np.flatnonzero(in_base & (count[:, 0] > 0))
    bin_of = {float(codes[b]): int(b) for b in present}
    rows += sorted(float(codes[b]) for b in present if float(codes[b]) not in labelled)
    n_cols = count.shape[1]
    rows_count = np.zeros((len(rows), n_cols))
    rows_weight = np.zeros((len(rows), n_cols))
    for r, code in enumerate(rows):
        b = bin_of.get(float(code))
        if b is not None:
            rows_count[r], rows_weight[r] = count[b], weight[b]
    return TableCounts(
        rows,
        rows_count,
        rows_weight,
        count[in_base].sum(axis=0),
        weight[in_base].sum(axis=0),
        square[in_base].sum(axis=0),
    )


def someone_left_out(survey: Survey) -> bool:
    """Whether the applied weight leaves anyone out (a zero, negative or missing weight)."""
    return cached(survey, "left_out", None, lambda: not bool(everyone(survey).all()), 1)


def everyone(survey: Survey) -> np.ndarray:
    """A read-only mask of every respondent the applied weight keeps; cached, so its Selection is
    too. When it keeps everyone (unweighted, or no weight zero, negative or missing) it is one
    True broadcast to every respondent (no bytes per respondent), else the weight's own mask."""

    def make() -> np.ndarray:
        usable = survey.left_in()
        if usable is None:
            return np.broadcast_to(np.True_, (survey.n,))  # read-only
        return usable

    return cached(survey, "everyone", None, make, 1)
