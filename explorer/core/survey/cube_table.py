"""A cube's counts held narrowly: one byte per (cell, code) entry, with the few entries above 255
listed apart (their flat positions and true counts), when that list is small; else two or four
bytes per entry. At ten million respondents most of a cube's 209,000 cells hold a few dozen
respondents, so one byte halves the cubes' memory and the overflow list stays short.

Every respondent of a cell is at one entry of its row, so a row's counts add up to the cell's
respondents: given those totals (the cells' own counts, shared, not held here), the last entry of
each row is not stored but is the total less the others (exactly: whole numbers in float64), one
column fewer per cube (a sixth of a six-code question's table).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BYTE_MAX = 255
# The overflow list costs 8 bytes an entry (an int32 position and count; 16 past 2**31): it is
# used only while it holds at most this share of the bytes a wider table would add.
OVERFLOW_SHARE = 0.5


@dataclass(frozen=True, eq=False)
class CountTable:
    """Counts per cell (rows) × entry (columns), exactly, in the narrowest form that fits."""

    table: np.ndarray  # cells × stored entries: uint8 (saturated at 255 where listed apart),
    # uint16, int32
    over_at: np.ndarray  # int32 (int64 past 2**31) flat positions into `table` of the counts above
    # BYTE_MAX
    over_count: np.ndarray  # int32 (int64 past 2**31) true counts at those positions
    totals: np.ndarray | None = None  # each cell's total when the last entry is not stored

    @property
    def shape(self) -> tuple[int, int]:
        """(cells, entries), the entry derived from the totals included."""
        rows, stored = self.table.shape
        return rows, stored + (self.totals is not None)

    @property
    def nbytes(self) -> int:
        return int(self.table.nbytes + self.over_at.nbytes + self.over_count.nbytes)

    def rows(self, index: np.ndarray) -> np.ndarray:
        """The counts of the cells at `index` (ascending), as float64 rows."""
        stored = self.table.shape[1]
        kept = np.empty((index.size, self.shape[1]))
        kept[:, :stored] = self.table[index]
        if self.over_at.size:
            cell, entry = np.divmod(self.over_at, stored)
            at = np.searchsorted(index, cell)
            at[at == index.size] = 0
            hit = index[at] == cell if index.size else np.zeros(cell.size, dtype=bool)
            kept[at[hit], entry[hit]] = self.over_count[hit]
        if self.totals is not None:
            np.subtract(self.totals[index], kept[:, :stored].sum(axis=1), out=kept[:, stored])
        return kept

    def counts(self) -> np.ndarray:
        """Every count as int64 (cells × entries)."""
        stored = self.table.astype(np.int64)
        stored.reshape(-1)[self.over_at] = self.over_count
        if self.totals is None:
            return stored
        last = self.totals.astype(np.int64) - stored.sum(axis=1)
        return np.column_stack([stored, last])


def count_table(total: np.ndarray, width: int, totals: np.ndarray | None = None) -> CountTable:
    """The CountTable of `total` (int64 counts, cells × width flattened); with `totals` (each
    cell's count, which its row adds up to), the last entry of each row is left to them."""
    if totals is not None and width > 1:
        width -= 1
        total = np.ascontiguousarray(total.reshape(-1, width + 1)[:, :width]).reshape(-1)
    else:
        totals = None
    big = np.flatnonzero(total > BYTE_MAX)
    narrow = np.int32 if max(total.size, int(total.max(initial=0))) < 2**31 else np.int64
    item = 2 * np.dtype(narrow).itemsize  # bytes an entry listed apart costs
    if big.size * item <= OVERFLOW_SHARE * total.size:
        table = np.minimum(total, BYTE_MAX).astype(np.uint8)
        over_at, over_count = big.astype(narrow), total[big].astype(narrow)
    else:
        wide = np.uint16 if total.max(initial=0) <= np.iinfo(np.uint16).max else np.int32
        table = total.astype(wide)
        over_at = over_count = np.zeros(0, dtype=narrow)
    table = table.reshape(-1, width)
    for array in (table, over_at, over_count):
        array.flags.writeable = False
    return CountTable(table, over_at, over_count, totals)
