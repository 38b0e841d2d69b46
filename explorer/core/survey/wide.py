"""Reading a very wide CSV (thousands to hundreds of thousands of columns) column-wise, without
building a pandas frame: pandas spends about 100 µs on each column it reads, selects or infers, so
a 100,000-column CSV took minutes. Cells are parsed with the csv module into one array, blanks and
numbers are found for the whole table at once, and each numeric column's variable is decided by
the same rules as `tabular.infer_column` (checked against it in the tests); a column holding text
still goes through `infer_column` itself.

`ArrayFrame` hands the columns to `parsed.finish` as arrays; it answers the few frame questions
`finish` asks (width, rows, a column by name).
"""

from __future__ import annotations

import csv
import io
from collections import Counter

import numpy as np
import pandas as pd

from explorer.core.bulk import no_cycle_collection
from explorer.core.survey import kinds
from explorer.core.survey.model import SYSMIS_INT, Kind, Variable, format_code
from explorer.core.survey.parsed import Parsed

_BLANKS = ["", "nan", "NaN", "None", "NA"]
# Text columns still go through `infer_column` one by one (about 1-10 ms each): a table with more
# is refused rather than left to run for minutes.
MAX_TEXT_COLUMNS = 5_000


class ArrayFrame:
    """Columns by name, each a float64 array or a pandas Series (text, dates), all `rows` long;
    `narrowed` holds the numeric columns already narrowed (as `model.narrow` would)."""

    def __init__(
        self,
        columns: dict[str, np.ndarray | pd.Series],
        rows: int,
        narrowed: dict[str, np.ndarray] | None = None,
    ) -> None:
        self._columns = columns
        self._rows = rows
        self._narrowed = narrowed or {}

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    @property
    def shape(self) -> tuple[int, int]:
        return (self._rows, len(self._columns))

    def __len__(self) -> int:
        return self._rows

    def __contains__(self, name: object) -> bool:
        return name in self._columns

    def __getitem__(self, name: str) -> pd.Series:
        values = self._columns[name]
        return values if isinstance(values, pd.Series) else pd.Series(values)

    def stored(self, name: str) -> np.ndarray | None:
        """A numeric column narrowed as `parsed._column` would, or None for the others."""
        return self._narrowed.get(name)


def read_cells(text: str, sep: str) -> tuple[list[str], np.ndarray]:
    """(header, cells rows × columns as str) of CSV text; blank lines skipped, short rows padded
    and long rows refused (ValueError), as pandas does."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    if not rows:
        raise ValueError("the file has no data")
    header, body = rows[0], rows[1:]
    width = len(header)
    for number, row in enumerate(body, start=2):
        if len(row) > width:
            raise ValueError(f"line {number} has {len(row):,} fields, the header {width:,}")
    cells = np.empty((len(body), width), dtype=object)
    for i, row in enumerate(body):
        cells[i, : len(row)] = row
        cells[i, len(row) :] = ""
    return header, cells


def build_wide(
    names: list[str], cells: np.ndarray, *, infer_column, max_codes: int, fmt: str = "csv"
) -> Parsed:
    """The Parsed survey of a wide table with no codebook: as `tabular.build` would make it.
    `infer_column` and `max_codes` are tabular's (passed in: tabular imports this module)."""

    names = [str(c).strip() for c in names]
    if len(set(names)) != len(names):
        dupes = sorted(n for n, k in Counter(names).items() if k > 1)
        shown = ", ".join(dupes[:5]) + ("…" if len(dupes) > 5 else "")
        raise ValueError(f"the column names {shown} appear more than once")
    rows = cells.shape[0]
    with no_cycle_collection():
        stripped = np.char.strip(cells.astype(str))
        blank = np.isin(stripped, _BLANKS)
        numbers, numeric = _numbers(stripped, blank)
        texts = int(numeric.size - np.count_nonzero(numeric))
        if texts > MAX_TEXT_COLUMNS:  # checked before any is inferred
            raise ValueError(
                f"{texts:,} of its columns hold text, more than the {MAX_TEXT_COLUMNS:,} this app "
                "reads in one table (each is sorted into categories on its own); save the "
                "questions you need"
            )
        by_column = np.ascontiguousarray(numbers.T)  # one contiguous row per column
        numeric_at = np.flatnonzero(numeric)
        found = numeric_variables([names[j] for j in numeric_at], by_column[numeric_at], max_codes)
        narrowed_rows = narrow_rows(by_column[numeric_at])
        columns: dict[str, np.ndarray | pd.Series] = {}
        variables: dict[str, Variable] = {}
        narrowed: dict[str, np.ndarray] = {}
        at = {j: k for k, j in enumerate(numeric_at.tolist())}
        for j, name in enumerate(names):
            k = at.get(j)
            if k is not None:
                columns[name], variables[name] = by_column[j], found[k]
                narrowed[name] = narrowed_rows[k]
            else:
                series, variables[name] = infer_column(name, pd.Series(cells[:, j], dtype=object))
                columns[name] = series
    return Parsed(frame=ArrayFrame(columns, rows, narrowed), variables=variables, format=fmt)


def _numbers(stripped: np.ndarray, blank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(float64 cells, NaN where blank or not a number; which columns are wholly numeric)."""
    filled = np.where(blank, "nan", stripped)
    try:
        numbers = filled.astype(np.float64)  # the usual case: every column numeric
        bad = np.zeros(numbers.shape, dtype=bool)
    except (ValueError, OverflowError):
        numbers = np.full(filled.shape, np.nan)
        bad = np.zeros(filled.shape, dtype=bool)
        for j in range(filled.shape[1]):
            try:
                numbers[:, j] = filled[:, j].astype(np.float64)
            except (ValueError, OverflowError):
                bad[:, j] = True
    with np.errstate(invalid="ignore"):
        bad |= ~np.isfinite(numbers) & ~blank  # "inf", "NaN" written out are text here
    return numbers, ~bad.any(axis=0)


def numeric_variables(names: list[str], by_column: np.ndarray, max_codes: int) -> list[Variable]:
    """`tabular.infer_column`'s rules for numeric columns with no codebook (one row of
    `by_column` each), counted for all columns at once: a few distinct integers (not an
    identifier, not a weight) are codes, anything else a number."""
    ordered = np.sort(by_column, axis=1)  # NaN last
    valid = ~np.isnan(ordered)
    new = np.ones(ordered.shape, dtype=bool)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = valid & new
    distinct = first.sum(axis=1)
    with np.errstate(invalid="ignore"):
        integer = np.all(~valid | (np.mod(ordered, 1) == 0), axis=1)
    coded = (distinct > 0) & (distinct <= max_codes) & integer
    out = []
    labels_of: dict[bytes, tuple[tuple[float, str], ...]] = {}  # columns share their codes
    for k, name in enumerate(names):
        number = Variable(name, name, Kind.NUMERIC)
        if (
            coded[k]
            and not kinds.is_id_like(name, by_column[k])
            and not kinds.weight_candidates({name: number})
        ):
            codes = ordered[k][first[k]]
            key = codes.tobytes()
            labels = labels_of.get(key)
            if labels is None:
                labels = labels_of[key] = tuple((float(c), format_code(float(c))) for c in codes)
            out.append(Variable(name, name, Kind.NOMINAL, labels))
        else:
            out.append(number)
    return out


def narrow_rows(by_column: np.ndarray) -> list[np.ndarray]:
    """`model.narrow` of each row of a float64 (columns × rows) array, decided for all at once:
    whole numbers in the smallest integer type (its minimum for missing), else float32 where
    exact, else float64; a column with no value an int8 column of missing."""
    count, rows = by_column.shape
    out: list[np.ndarray | None] = [None] * count
    if count == 0:
        return []
    missing = np.isnan(by_column)
    empty = missing.all(axis=1)
    with np.errstate(invalid="ignore"):
        lo = np.fmin.reduce(by_column, axis=1)
        hi = np.fmax.reduce(by_column, axis=1)
        whole = np.all(missing | (by_column == np.trunc(by_column)), axis=1)
        span = np.fmax(np.abs(lo), np.abs(hi))
    integral = ~empty & np.isfinite(lo) & np.isfinite(hi) & (span < 2**62) & whole
    decided = np.zeros(count, dtype=bool)
    for dtype in (np.int8, np.int16, np.int32, np.int64):
        info = np.iinfo(dtype)
        fits = np.flatnonzero(integral & ~decided & (lo > info.min) & (hi <= info.max))
        decided[fits] = True
        if fits.size:
            with np.errstate(invalid="ignore"):
                ints = by_column[fits].astype(dtype)
            ints[missing[fits]] = info.min
            for i, k in enumerate(fits.tolist()):
                out[k] = ints[i]
    for k in np.flatnonzero(empty).tolist():
        out[k] = np.full(rows, SYSMIS_INT[np.dtype(np.int8)], dtype=np.int8)
    rest = np.flatnonzero(~decided & ~empty)
    if rest.size:
        values = by_column[rest]
        single = values.astype(np.float32)
        exact = np.all((single.astype(np.float64) == values) | np.isnan(values), axis=1)
        for i, k in enumerate(rest.tolist()):
            out[k] = single[i] if exact[i] else values[i].copy()
    return out
