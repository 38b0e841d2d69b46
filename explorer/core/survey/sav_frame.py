"""A .sav file's columns as numpy arrays, answering the questions the parser and `parsed.finish`
ask of a frame — without pandas for the numbers, which arrive already narrowed (`sav_batches`
narrows a column batch by batch into its final dtype, exactly as `model.narrow` would narrow the
whole float64 column, which is never made), and the codes a column holds come
from one `bincount` over the narrow codes (`distinct.held_codes`). Text and date columns are
handed over as pandas Series, made only when a file has them.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from explorer.core.survey.distinct import held_codes
from explorer.core.survey.variable_kind import SYSMIS_INT


class SavFrame:
    """name → values, all `rows` long; numbers already narrowed (`model.narrow`'s dtypes, with
    system-missing as an integer dtype's minimum), text as objects, dates as datetime64."""

    def __init__(
        self, arrays: dict[str, np.ndarray], rows: int, codes: dict[str, np.ndarray] | None = None
    ) -> None:
        """`codes`: name → the sorted codes a column holds, where the reader found them already."""
        self._arrays = arrays
        self._rows = int(rows)
        self._codes: dict[str, np.ndarray] = dict(codes or {})

    def joined(self, other: SavFrame, order: list[str]) -> SavFrame:
        """This frame's columns and `other`'s (the same rows), in `order`, each with the codes
        already found for it."""
        arrays = {n: other._arrays[n] if n in other else self._arrays[n] for n in order}
        return SavFrame(arrays, self._rows, {**self._codes, **other._codes})

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
