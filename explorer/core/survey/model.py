"""The survey variable model: what each variable is (its kind, labels, missing codes, nets) and
the respondent-level data held as narrow numpy arrays, one per variable.

Every loader (SPSS, CSV/XLSX, Triple-S, Parquet) returns a `Survey`; statistics read from it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from explorer.core.errors import ExplorerError

if TYPE_CHECKING:  # pandas is imported where a frame is read, not to start the app
    import pandas as pd

# Kind and SYSMIS_INT live in variable_kind so that counting (which Survey.mask uses) needs no
# import of this module; they are re-exported here for every other reader.
from explorer.core.survey.variable_kind import SYSMIS_INT, Kind

__all__ = ["SYSMIS_INT", "Kind", "Net", "SourceInfo", "Survey", "Variable", "narrow"]


@dataclass(frozen=True)
class Net:
    """A combination of codes reported as one row, e.g. "Support" = codes 1+2."""

    key: str  # stable id: "support", "oppose"
    label: str  # shown: "Support (net)"
    codes: tuple[float, ...]


@dataclass(frozen=True)
class Variable:
    """One variable (or multiple-response set) and everything needed to tabulate it."""

    name: str
    label: str
    kind: Kind
    # Value labels in code order: ((1, "Strongly agree"), (2, "Somewhat agree"), …).
    value_labels: tuple[tuple[float, str], ...] = ()
    # User-missing codes and ranges (SPSS semantics): excluded from bases unless asked otherwise.
    missing_values: frozenset[float] = frozenset()
    missing_ranges: tuple[tuple[float, float], ...] = ()
    nets: tuple[Net, ...] = ()
    # Net score rows ("Net support" = support − oppose): (key, label, positive net key, negative).
    net_scores: tuple[tuple[str, str, str, str], ...] = ()
    # For MULTI: the item variables, in order, and the value that counts as "selected".
    members: tuple[str, ...] = ()
    counted_value: float | None = None
    measure: str = "unknown"  # as delivered: nominal / ordinal / scale / unknown
    # A variable banding a number (Data ▸ Band a number…): the number's variable, whose means
    # are shown beside the banded distribution.
    banded_from: str | None = None

    @property
    def charted(self) -> bool:
        return self.kind.charted

    @property
    def codes(self) -> tuple[float, ...]:
        return tuple(code for code, _ in self.value_labels)

    @property
    def labels(self) -> dict[float, str]:
        return dict(self.value_labels)

    def label_for(self, code: float) -> str:
        for value, text in self.value_labels:
            if value == code:
                return text
        return format_code(code)

    def is_missing(self, code: float) -> bool:
        if code is None or (isinstance(code, float) and math.isnan(code)):
            return True
        if code in self.missing_values:
            return True
        return any(lo <= code <= hi for lo, hi in self.missing_ranges)

    def missing_mask(self, values: np.ndarray) -> np.ndarray:
        """True where `values` are user-missing (system-missing is handled by the Survey)."""
        mask = np.zeros(values.shape, dtype=bool)
        for code in self.missing_values:
            mask |= values == code
        for lo, hi in self.missing_ranges:
            mask |= (values >= lo) & (values <= hi)
        return mask

    @property
    def substantive_codes(self) -> tuple[float, ...]:
        return tuple(code for code in self.codes if not self.is_missing(code))


def format_code(code: float) -> str:
    """1.0 → "1", 2.5 → "2.5": how a code is written in labels, filters and JSON."""
    if isinstance(code, float) and code.is_integer():
        return str(int(code))
    return str(code)


@dataclass(frozen=True)
class SourceInfo:
    """Where the data came from, for captions, exports and the briefing's data check."""

    path: str
    format: str  # "spss", "csv", "xlsx", "triple-s", "parquet"
    file_label: str = ""
    notes: tuple[str, ...] = ()
    sha256: str = ""
    modified: str = ""  # ISO date of the file's modification time


@dataclass
class Survey:
    """A loaded survey: variables in file order and one narrow numpy array per variable.

    Integer-coded columns use the smallest integer dtype that holds them, with system-missing
    stored as the dtype's minimum (`SYSMIS_INT`); numeric columns are float (NaN = missing); text
    and date columns are object arrays. Arrays are read-only: a Survey never changes once loaded.
    """

    variables: dict[str, Variable]
    # A dict, or a `lazy_columns.LazyColumns` (a tracker folder) that reads a column on first use.
    columns: dict[str, np.ndarray]
    source: SourceInfo
    weight: str | None = None
    illustrative: bool = False
    warnings: list[str] = field(default_factory=list)
    # Variables named or labelled like a weight (the choices offered by Data ▸ Weight…), and the
    # notes in `warnings` that are about the applied weight (replaced when the weight changes).
    weight_candidates: tuple[str, ...] = ()
    weight_notes: tuple[str, ...] = ()
    # Derived arrays (masks, filtered weights, code bins) remembered by explorer.core.survey.counting;
    # safe because a Survey never changes.
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.columns, dict):  # a lazy mapping checks each column as it reads it
            lengths = {len(col) for col in self.columns.values()}
            if len(lengths) > 1:
                raise ExplorerError(
                    "The survey's columns have different lengths.", self.source.path
                )
            for col in self.columns.values():
                col.flags.writeable = False
        if self.weight is not None and self.weight not in self.columns:
            raise ExplorerError(f"There is no weight variable named {self.weight!r}.")

    # --- construction -------------------------------------------------------------------------
    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        variables: Mapping[str, Variable],
        source: SourceInfo,
        *,
        weight: str | None = None,
        illustrative: bool = False,
        warnings: Iterable[str] = (),
    ) -> Survey:
        """Build a Survey from a DataFrame of raw codes, narrowing each column's dtype."""
        columns = {name: narrow(frame[name].to_numpy()) for name in frame.columns}
        return cls(
            dict(variables),
            columns,
            source,
            weight=weight,
            illustrative=illustrative,
            warnings=list(warnings),
        )

    # --- access -------------------------------------------------------------------------------
    @property
    def n(self) -> int:
        rows = getattr(self.columns, "rows", None)  # a lazy mapping knows without reading
        if rows is not None:
            return rows
        return len(next(iter(self.columns.values()))) if self.columns else 0

    @property
    def name(self) -> str:
        import os

        return os.path.basename(self.source.path)

    def variable(self, name: str) -> Variable:
        try:
            return self.variables[name]
        except KeyError:
            raise ExplorerError(
                f"{self.name} has no variable named {name!r}.", self.source.path
            ) from None

    def column(self, name: str) -> np.ndarray:
        """The raw stored array of a (non-MULTI) variable."""
        self.variable(name)
        return self.columns[name]

    def values(self, name: str) -> np.ndarray:
        """A variable's codes as float64 with NaN for system-missing (user-missing kept)."""
        col = self.column(name)
        if col.dtype.kind in "iu":
            out = col.astype(np.float64)
            sentinel = SYSMIS_INT.get(col.dtype)
            if sentinel is not None:
                out[col == sentinel] = np.nan
            return out
        if col.dtype.kind == "f":
            return col.astype(np.float64, copy=False)
        raise ExplorerError(f"{name} is not a coded variable.", self.source.path)

    def valid(self, name: str, *, include_user_missing: bool = False) -> np.ndarray:
        """True for respondents with a substantive answer to `name` (its base, before filters)."""
        var = self.variable(name)
        if var.kind is Kind.MULTI:
            items = [self.values(m) for m in var.members]
            answered = np.zeros(self.n, dtype=bool)
            for item, member in zip(items, var.members):
                ok = ~np.isnan(item)
                if not include_user_missing:
                    ok &= ~self.variables[member].missing_mask(item)
                answered |= ok
            return answered
        vals = self.values(name)
        ok = ~np.isnan(vals)
        if not include_user_missing:
            ok &= ~var.missing_mask(vals)
        return ok

    def weights(self) -> np.ndarray:
        """The weight of every respondent: all ones when the survey is unweighted, else the
        weight with 0 where it is zero, negative or missing (those respondents are left out)."""
        from explorer.core.survey.weighting import table_weights

        return table_weights(self)

    @property
    def weighted(self) -> bool:
        return self.weight is not None

    def mask(self, filters: Mapping[str, Iterable[float]] | None) -> np.ndarray:
        """Respondents kept by `filters`: variable → allowed codes (AND across, OR within).

        The result is read-only and remembered for the same filters (the filter panel, the status
        bar and every chart ask for it after each change).
        """
        from explorer.core.survey import counting
        from explorer.core.survey.release import released

        filters = {name: tuple(codes) for name, codes in (filters or {}).items()}
        key = counting.filter_key(filters)
        made = counting.cached(
            self, "mask", key, lambda: released(self._mask(filters)), 16, counting.MASK_BYTES
        )
        made.flags.writeable = False
        return made

    def left_in(self) -> np.ndarray | None:
        """Read-only mask of the respondents the applied weight keeps (zero, negative and
        missing weights are in no base), or None when it keeps everyone."""
        from explorer.core.survey.weighting import weight_mask

        return weight_mask(self, self.weight)

    def _mask(self, filters: Mapping[str, tuple]) -> np.ndarray:
        from explorer.core.survey.counting import code_equals

        usable = self.left_in()
        keep = np.ones(self.n, dtype=bool) if usable is None else usable.copy()
        for name, codes in (filters or {}).items():
            var = self.variable(name)
            codes = tuple(codes)
            if var.kind is Kind.MULTI:
                # Filtering on a multiple-response set keeps those who selected any given item.
                any_selected = np.zeros(self.n, dtype=bool)
                for member in codes:
                    if member not in var.members:
                        raise ExplorerError(f"{member!r} is not an item of {name}.")
                    any_selected |= self.values(str(member)) == var.counted_value
                keep &= any_selected
                continue
            keep &= code_equals(self, name, codes)
        return keep

    def charted_variables(self) -> list[Variable]:
        return [v for v in self.variables.values() if v.charted]


def narrow(values: np.ndarray) -> np.ndarray:
    """The smallest dtype that holds `values` exactly (ints with SYSMIS for NaN; else as given)."""
    if values.dtype.kind in "iub":
        return _narrow_ints(values.astype(np.int64), has_missing=False)
    if values.dtype.kind == "f":
        # A sample settles most columns of fractions (weights) at once: a fraction in the sample
        # is a fraction in the column, a double in it is not a float32 in the column.
        sample = values[:: values.size // _SAMPLE] if values.size > 2 * _SAMPLE else None
        as_ints = None if sample is not None and _has_fraction(sample) else _integral(values)
        if as_ints is not None:
            return as_ints
        if not np.any(~np.isnan(values)):
            return np.full(values.shape, SYSMIS_INT[np.dtype(np.int8)], dtype=np.int8)
        if (sample is None or _float32_exact(sample)) and _float32_exact(values):
            return values.astype(np.float32)
        return values.astype(np.float64)
    if values.dtype.kind == "O":
        # Nullable pandas arrays arrive as objects; try numbers before giving up on them.
        import pandas as pd

        try:
            as_float = pd.to_numeric(pd.Series(values), errors="raise").to_numpy(dtype=np.float64)
        except (ValueError, TypeError):
            return values
        return narrow(as_float)
    return values


_SAMPLE = 1 << 16


def _has_fraction(values: np.ndarray) -> bool:
    finite = values[np.isfinite(values)]
    return bool(np.any(finite != np.floor(finite)))


def _float32_exact(values: np.ndarray) -> bool:
    return np.array_equal(values.astype(np.float32).astype(np.float64), values, equal_nan=True)


def _integral(values: np.ndarray) -> np.ndarray | None:
    """Float codes that are all whole numbers (NaN aside) in the smallest integer dtype, with
    system-missing as its minimum; None otherwise. A few passes over the column, no copies of it:
    a million-row file has dozens of such columns."""
    missing = np.isnan(values)
    n_missing = int(np.count_nonzero(missing))
    if n_missing == values.size:
        return None
    lo, hi = float(np.fmin.reduce(values)), float(np.fmax.reduce(values))
    if not (math.isfinite(lo) and math.isfinite(hi)) or max(abs(lo), abs(hi)) >= 2**62:
        return None
    dtype = code_dtype(lo, hi)
    with np.errstate(invalid="ignore"):  # NaN casts to garbage, replaced below
        ints = values.astype(dtype)
    if int(np.count_nonzero(ints == values)) != values.size - n_missing:
        return None  # a fraction somewhere
    if n_missing:
        ints[missing] = np.iinfo(dtype).min
    return ints


CODE_DTYPES = (np.int8, np.int16, np.int32, np.int64)


def code_dtype(lo, hi, at_least=None):
    """The smallest integer dtype (no narrower than `at_least`) holding lo..hi with its minimum
    free, since the minimum marks system-missing; None when even int64 cannot."""
    start = 0 if at_least is None else CODE_DTYPES.index(at_least)
    for dtype in CODE_DTYPES[start:]:
        info = np.iinfo(dtype)
        if info.min < lo and hi <= info.max:
            return dtype
    return None


def _narrow_ints(values: np.ndarray, *, has_missing: bool) -> np.ndarray:
    finite = values[~np.isnan(values)] if values.dtype.kind == "f" else values
    lo = finite.min() if finite.size else 0
    hi = finite.max() if finite.size else 0
    dtype = code_dtype(lo, hi)
    if dtype is None:
        return values.astype(np.float64)
    if has_missing:
        return np.where(np.isnan(values), np.iinfo(dtype).min, values).astype(dtype)
    return values.astype(dtype)
