"""A cube's counts held narrowly: one byte per (cell, code) entry, with the few entries above 255
listed apart (their flat positions and true counts), when that list is small; else two or four
bytes per entry. At ten million respondents most of a cube's 209,000 cells hold a few dozen
respondents, so one byte halves the cubes' memory and the overflow list stays short.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BYTE_MAX = 255
# The overflow list costs 12 bytes an entry (an int64 position, an int32 count): it is used only
# while it holds at most this share of the bytes a wider table would add.
OVERFLOW_SHARE = 0.5


@dataclass(frozen=True, eq=False)
class CountTable:
    """Counts per cell (rows) × entry (columns), exactly, in the narrowest form that fits."""

    table: np.ndarray  # cells × width: uint8 (saturated at 255 where listed apart), uint16, int32
    over_at: np.ndarray  # int64 flat positions into `table` of the counts above BYTE_MAX
    over_count: np.ndarray  # int64 true counts at those positions

    @property
    def shape(self) -> tuple[int, int]:
        return self.table.shape

    @property
    def nbytes(self) -> int:
        return int(self.table.nbytes + self.over_at.nbytes + self.over_count.nbytes)

    def rows(self, index: np.ndarray) -> np.ndarray:
        """The counts of the cells at `index` (ascending), as float64 rows."""
        kept = self.table[index].astype(np.float64)
        if self.over_at.size:
            width = self.table.shape[1]
            cell, entry = np.divmod(self.over_at, width)
            at = np.searchsorted(index, cell)
            at[at == index.size] = 0
            hit = index[at] == cell if index.size else np.zeros(cell.size, dtype=bool)
            kept[at[hit], entry[hit]] = self.over_count[hit]
        return kept

    def counts(self) -> np.ndarray:
        """Every count as int64 (cells × width)."""
        out = self.table.astype(np.int64)
        out.reshape(-1)[self.over_at] = self.over_count
        return out


def count_table(total: np.ndarray, width: int) -> CountTable:
    """The CountTable of `total` (int64 counts, cells × width flattened)."""
    big = np.flatnonzero(total > BYTE_MAX)
    if big.size * 12 <= OVERFLOW_SHARE * total.size:
        table = np.minimum(total, BYTE_MAX).astype(np.uint8)
        over_at, over_count = big.astype(np.int64), total[big].astype(np.int64)
    else:
        wide = np.uint16 if total.max(initial=0) <= np.iinfo(np.uint16).max else np.int32
        table = total.astype(wide)
        over_at = over_count = np.zeros(0, dtype=np.int64)
    table = table.reshape(-1, width)
    for array in (table, over_at, over_count):
        array.flags.writeable = False
    return CountTable(table, over_at, over_count)
