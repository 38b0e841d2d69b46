"""A .sav file's columns as numpy arrays, answering the questions the parser and `parsed.finish`
ask of a frame — without pandas for the numbers, which arrive already narrowed: `narrow_chunks`
narrows a column straight from its Arrow chunks into its final dtype (exactly as `model.narrow`
would narrow the whole float64 column, which is never made), and the codes a column holds come
from one `bincount` over the narrow codes (`distinct.held_codes`). Text and date columns are
handed over as pandas Series, made only when a file has them.
"""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np

from explorer.core.survey.distinct import held_codes
from explorer.core.survey.model import _SAMPLE, _has_fraction, narrow
from explorer.core.survey.variable_kind import SYSMIS_INT


def narrow_chunks(chunks: list[np.ndarray], *, no_nan: bool = False) -> np.ndarray:
    """`model.narrow` of the float64 column these chunks make up, in order — whole-number codes
    written chunk by chunk into the narrow dtype, without the float64 column; anything else (a
    fraction, all missing, huge numbers) narrowed from the joined column as before. `no_nan`
    (the Arrow column has no nulls) skips looking for NaN: one would fail the exactness check
    below and take the general path."""
    if not chunks:
        return narrow(np.empty(0))
    size = sum(chunk.size for chunk in chunks)
    if size > 2 * _SAMPLE and _has_fraction(_sample(chunks, size // _SAMPLE)):
        return narrow(_joined(chunks))
    n_missing, lo, hi = 0, math.inf, -math.inf
    for chunk in chunks:
        n_missing += 0 if no_nan else int(np.count_nonzero(np.isnan(chunk)))
        if chunk.size:
            lo = min(lo, float(np.fmin.reduce(chunk)))
            hi = max(hi, float(np.fmax.reduce(chunk)))
    if n_missing == size or not (math.isfinite(lo) and math.isfinite(hi)):
        return narrow(_joined(chunks))
    if max(abs(lo), abs(hi)) >= 2**62:
        return narrow(_joined(chunks))
    for dtype in (np.int8, np.int16, np.int32, np.int64):
        info = np.iinfo(dtype)
        if info.min < lo and hi <= info.max:  # the minimum is reserved for system-missing
            break
    out = np.empty(size, dtype=dtype)
    start = 0
    for chunk in chunks:
        part = out[start : start + chunk.size]
        with np.errstate(invalid="ignore"):  # NaN casts to garbage, replaced below
            part[...] = chunk.astype(dtype)
        missing = None if no_nan else np.isnan(chunk)
        n_missing = 0 if missing is None else int(np.count_nonzero(missing))
        if int(np.count_nonzero(part == chunk)) != chunk.size - n_missing:
            return narrow(_joined(chunks))  # a fraction (or NaN) somewhere
        if n_missing:
            part[missing] = info.min
        start += chunk.size
    return out


def _sample(chunks: list[np.ndarray], step: int) -> np.ndarray:
    """values[::step] of the joined chunks."""
    parts, offset = [], 0
    for chunk in chunks:
        parts.append(chunk[(-offset) % step :: step])
        offset += chunk.size
    return np.concatenate(parts) if parts else np.empty(0)


def _joined(chunks: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(chunks) if len(chunks) != 1 else chunks[0]


class SavFrame:
    """name → values, all `rows` long; numbers already narrowed (`model.narrow`'s dtypes, with
    system-missing as an integer dtype's minimum), text as objects, dates as datetime64."""

    def __init__(self, arrays: dict[str, np.ndarray], rows: int) -> None:
        self._arrays = arrays
        self._rows = int(rows)
        self._codes: dict[str, np.ndarray] = {}

    @property
    def columns(self) -> list[str]:
        return list(self._arrays)

    @property
    def shape(self) -> tuple[int, int]:
        return (self._rows, len(self._arrays))

    def __len__(self) -> int:
        return self._rows

    def __contains__(self, name: object) -> bool:
        return name in self._arrays

    def __getitem__(self, name: str):
        """The column as pyreadstat's pandas frame would hold it (numbers as float64)."""
        import pandas as pd

        values = self.raw(name)
        if values is None:
            values = self._arrays[name]
            if values.dtype.kind == "M":  # pyreadstat's dates: from Python datetimes
                values = values.astype(pd.Series([datetime(2000, 1, 1)]).dtype)
        return pd.DataFrame({name: values}, copy=False)[name]

    def is_number(self, name: str) -> bool:
        return self._arrays[name].dtype.kind in "iuf"

    def stored(self, name: str) -> np.ndarray | None:
        """A numeric column as stored (narrow), or None for text and dates."""
        values = self._arrays.get(name)
        return values if values is not None and values.dtype.kind in "iuf" else None

    def raw(self, name: str) -> np.ndarray | None:
        """A numeric column as float64 (NaN for system-missing), or None for text and dates."""
        values = self.stored(name)
        if values is None or values.dtype == np.float64:
            return values
        out = values.astype(np.float64)
        if values.dtype.kind in "iu":
            sentinel = SYSMIS_INT.get(values.dtype)
            if sentinel is not None:
                out[values == sentinel] = np.nan
        return out

    def codes(self, name: str) -> np.ndarray:
        """The sorted distinct values of a numeric column, system-missing left out, as
        `np.unique` of its non-NaN values gives them."""
        done = self._codes.get(name)
        if done is None:
            narrowed = self.stored(name)
            held = held_codes(narrowed, None) if narrowed is not None else None
            if held is not None:
                done = np.array(sorted(held), dtype=np.float64)
            else:
                values = self.raw(name)
                done = np.unique(values[~np.isnan(values)])
            self._codes[name] = done
        return done
