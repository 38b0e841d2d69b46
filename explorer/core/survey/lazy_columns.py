"""Columns read on first use: a read-only mapping of variable name → narrow numpy array whose
arrays are read (by a function the opener gives, e.g. one Parquet column across a tracker's
waves) the first time anything asks for them, then kept. Listing names, counting them and `in`
read nothing, so a Survey over it holds only the columns its views have used.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping

import numpy as np

from explorer.core.errors import ExplorerError
from explorer.core.survey.release import release


class LazyColumns(Mapping):
    """name → read-only array, read once (under a lock: views compute on worker threads)."""

    def __init__(
        self,
        names: list[str],
        rows: int,
        read: Callable[[str], np.ndarray],
        *,
        where: str = "",
        _shared: tuple[dict, threading.Lock] | None = None,
        _extra: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        self.rows = int(rows)
        self.where = where
        self._names = list(names)
        self._known = set(self._names)
        self._read = read
        self._loaded, self._lock = _shared or ({}, threading.Lock())
        self._extra = dict(_extra or {})
        for name, column in self._extra.items():
            self._check(name, column)
            if name not in self._known:
                self._names.append(name)
                self._known.add(name)

    def __getitem__(self, name: str) -> np.ndarray:
        if name in self._extra:
            return self._extra[name]
        if name not in self._known:
            raise KeyError(name)
        found = self._loaded.get(name)
        if found is not None:
            return found
        with self._lock:
            found = self._loaded.get(name)
            if found is None:
                found = self._read(name)
                self._check(name, found)
                self._loaded[name] = found
                release()  # the read's Arrow buffers and temporaries
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._known

    def loaded(self) -> dict[str, np.ndarray]:
        """The columns read so far (and any added ones): what this mapping holds in memory."""
        return {**self._loaded, **self._extra}

    def with_columns(self, extra: Mapping[str, np.ndarray]) -> LazyColumns:
        """These columns plus `extra` (derived variables), sharing what is read and to be read."""
        return LazyColumns(
            [n for n in self._names if n not in self._extra],
            self.rows,
            self._read,
            where=self.where,
            _shared=(self._loaded, self._lock),
            _extra={**self._extra, **extra},
        )

    def _check(self, name: str, column: np.ndarray) -> None:
        if len(column) != self.rows:
            raise ExplorerError(
                f"{self.where or 'The survey'}: {name} has {len(column)} values, not {self.rows}."
            )
        column.flags.writeable = False


def copied(columns: Mapping[str, np.ndarray], extra: Mapping[str, np.ndarray] | None = None):
    """A new mapping of `columns` plus `extra`, without reading a lazy mapping's columns."""
    if isinstance(columns, LazyColumns):
        return columns.with_columns(extra or {})
    return {**columns, **(extra or {})}
