"""A .sav's columns taken batch by batch as polars-readstat reads them, each float column narrowed
as its batches arrive: the reader decodes on one core (it is single-threaded) while numpy narrows
the batch before on the other, so the columns are narrow when the last batch is read.

`NarrowColumn` gives exactly `model.narrow` of the whole float64 column (as
`sav_frame.narrow_chunks` does for chunks held all at once), without ever holding that column:
whole-number codes go into the smallest integer dtype the values so far need (system-missing as
its minimum), widened if a later batch needs more; a column that turns out not to be whole-number
codes (a fraction, an infinity, huge numbers, nothing but missing) is narrowed from its float64
values, rebuilt exactly from the integers already kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from explorer.core.survey.distinct import held_codes
from explorer.core.survey.model import code_dtype, narrow
from explorer.core.survey.sav_frame import SavFrame

_HUGE = 2.0**62  # beyond this a float64 no longer holds every integer exactly


class NarrowColumn:
    """One float column, narrowed a chunk at a time (`add`), whole at the end (`finish`)."""

    def __init__(self) -> None:
        self.size = 0
        self.dtype: type | None = None  # the integer dtype the codes so far need
        # (integers, positions of system-missing or None) per chunk; (None, n) for n all missing
        self.parts: list[tuple[np.ndarray | None, np.ndarray | int | None]] = []
        self.floats: list[np.ndarray] | None = None  # once the column is not whole-number codes
        # the codes the integers so far hold (for int8/int16 columns), found batch by batch
        self.held: set[float] | None = set()

    def add(self, chunk: np.ndarray, *, no_nan: bool = False) -> None:
        """Take the next chunk (float64, NaN for system-missing; `no_nan` when it has none)."""
        self.size += chunk.size
        if self.floats is not None:
            self.floats.append(chunk)
            return
        missing = None if no_nan else np.isnan(chunk)
        n_missing = 0 if missing is None else int(np.count_nonzero(missing))
        if n_missing == chunk.size:
            self.parts.append((None, chunk.size))
            return
        lo, hi = float(np.fmin.reduce(chunk)), float(np.fmax.reduce(chunk))
        if not (math.isfinite(lo) and math.isfinite(hi)) or max(abs(lo), abs(hi)) >= _HUGE:
            self._as_floats(chunk)
            return
        dtype = code_dtype(lo, hi, self.dtype)  # |values| < 2**62: int64 at most
        part = np.empty(chunk.size, dtype=dtype)
        with np.errstate(invalid="ignore"):  # NaN casts to garbage, replaced below
            part[...] = chunk
        if int(np.count_nonzero(part == chunk)) != chunk.size - n_missing:
            self._as_floats(chunk)  # a fraction somewhere
            return
        where = None
        if n_missing:
            where = np.flatnonzero(missing)
            part[where] = np.iinfo(dtype).min
        self.dtype = dtype
        self.parts.append((part, where))
        if self.held is not None:
            found = held_codes(part, None)  # None for a dtype wider than int16
            self.held = None if found is None else self.held | found

    def _as_floats(self, chunk: np.ndarray) -> None:
        """From now on keep float64 values: those kept as integers so far, rebuilt, then `chunk`."""
        floats = []
        for part, where in self.parts:
            if part is None:
                floats.append(np.full(where, np.nan))
                continue
            values = part.astype(np.float64)
            if where is not None:
                values[where] = np.nan
            floats.append(values)
        self.parts = []
        self.floats = [*floats, chunk]
        self.held = None

    def finish(self) -> np.ndarray:
        """The column, exactly as `model.narrow` narrows its float64 values."""
        if self.floats is not None:
            return narrow(_joined(self.floats))
        if self.dtype is None:  # nothing but system-missing (or no rows)
            return narrow(np.full(self.size, np.nan))
        dtype, sysmis = self.dtype, np.iinfo(self.dtype).min
        out = np.empty(self.size, dtype=dtype)
        start = 0
        for part, where in self.parts:
            if part is None:
                out[start : start + where] = sysmis
                start += where
                continue
            piece = out[start : start + part.size]
            piece[...] = part
            if where is not None and part.dtype != dtype:  # its missing marker was a narrower one
                piece[where] = sysmis
            start += part.size
        return out

    def codes(self) -> np.ndarray | None:
        """After `finish`, the column's sorted distinct values (system-missing left out), as
        `SavFrame.codes` would find them; None when not found on the way (wide or float)."""
        if self.held is None or self.dtype is None or np.dtype(self.dtype).itemsize > 2:
            return None
        return np.array(sorted(self.held), dtype=np.float64)


def _joined(chunks: list[np.ndarray]) -> np.ndarray:
    if len(chunks) == 1:
        return chunks[0]
    return np.concatenate(chunks) if chunks else np.empty(0)


def collect(batches: Iterable, wanted: Sequence[str], rows: int) -> SavFrame | None:
    """The SavFrame of polars DataFrame `batches` (in file order) holding `wanted`: float columns
    narrowed as they come (with the codes they hold), others joined at the end (text as objects,
    dates as datetime64). None when the batches are not `rows` rows of exactly those columns."""
    import polars as pl

    wanted = list(wanted)
    floats: dict[str, NarrowColumn] = {}
    others: dict[str, list] = {}
    seen, first = 0, True
    for batch in batches:
        if batch.columns != wanted:
            return None
        for name, series in zip(wanted, batch.get_columns()):
            if first and series.dtype == pl.Float64:
                floats[name] = NarrowColumn()
            if name in floats:
                if series.dtype != pl.Float64:
                    return None  # a column whose type changed between batches: not expected
                for chunk in series.get_chunks():
                    floats[name].add(chunk.to_numpy(), no_nan=chunk.null_count() == 0)
            else:
                others.setdefault(name, []).append(series)
        seen += batch.height
        first = False
    if first or seen != rows:
        return None
    arrays, codes = {}, {}
    for name in wanted:
        if name in floats:
            column = floats.pop(name)  # its chunks are let go as it is finished
            arrays[name] = column.finish()
            found = column.codes()
            if found is not None:
                codes[name] = found
        else:
            parts = others.pop(name)
            arrays[name] = (parts[0] if len(parts) == 1 else pl.concat(parts)).to_numpy()
    return SavFrame(arrays, rows, codes)
