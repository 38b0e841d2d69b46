"""A .sav file's columns as numpy arrays, answering the questions the parser and `parsed.finish`
ask of a frame — without pandas for the numbers: each numeric column's narrow array (made once,
`model.narrow`) and the codes it holds (one `bincount` over the narrow codes where they fit in
16 bits, `distinct.held_codes`). Text and date columns are handed over as pandas Series, made
only when a file has them.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from explorer.core.survey.distinct import held_codes
from explorer.core.survey.model import narrow


class SavFrame:
    """name → values, all `rows` long; numbers as float64 (NaN for system-missing)."""

    def __init__(self, arrays: dict[str, np.ndarray], rows: int) -> None:
        self._arrays = arrays
        self._rows = int(rows)
        self._narrowed: dict[str, np.ndarray] = {}
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
        """The column as the pandas frame pyreadstat gives would hold it."""
        import pandas as pd

        values = self._arrays[name]
        if values.dtype.kind == "M":  # pyreadstat's dates: from Python datetimes
            values = values.astype(pd.Series([datetime(2000, 1, 1)]).dtype)
        return pd.DataFrame({name: values}, copy=False)[name]

    def raw(self, name: str) -> np.ndarray | None:
        """A numeric column's float64 values, or None for text and dates."""
        values = self._arrays.get(name)
        return values if values is not None and values.dtype.kind == "f" else None

    def stored(self, name: str) -> np.ndarray | None:
        """A numeric column narrowed as `parsed._column` would, or None for the others."""
        done = self._narrowed.get(name)
        if done is None:
            values = self.raw(name)
            if values is None:
                return None
            done = self._narrowed[name] = narrow(values)
        return done

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
