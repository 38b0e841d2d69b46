"""A cube's counts held narrowly: one byte per (cell, code) entry, with the few entries above 255
listed apart (their flat positions and true counts), when that list is small; else two or four
bytes per entry. At ten million respondents most of a cube's 209,000 cells hold a few dozen
respondents, so one byte halves the cubes' memory and the overflow list stays short.

Every respondent of a cell is at one entry of its row, so a row's counts add up to the cell's
respondents: given those totals (the cells' own counts, shared, not held here), the last entry of
each row is not stored but is the total less the others (exactly: whole numbers in float64), one
column fewer per cube (a sixth of a six-code question's table). The counts are held entry by
entry (each entry's counts over the cells contiguous), so the kept cells' counts are gathered one
entry at a time and the last entry is the totals less whole rows: no pass along each cell's few
entries, which cost a quarter more time per table than the counts they spared.
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
    """Counts per cell × entry, exactly, in the narrowest form that fits."""

    # stored entries × cells (each entry's counts contiguous): uint8 (saturated at 255 where
    # listed apart), uint16, int32
    table: np.ndarray
    over_at: np.ndarray  # int32 (int64 past 2**31) flat positions into `table` of the counts
    # above BYTE_MAX
    over_count: np.ndarray  # int32 (int64 past 2**31) true counts at those positions
    totals: np.ndarray | None = None  # each cell's total when the last entry is not stored

    @property
    def shape(self) -> tuple[int, int]:
        """(cells, entries), the entry derived from the totals included."""
        stored, cells = self.table.shape
        return cells, stored + (self.totals is not None)

    @property
    def nbytes(self) -> int:
        return int(self.table.nbytes + self.over_at.nbytes + self.over_count.nbytes)

    def columns(self, index: np.ndarray) -> np.ndarray:
        """The counts of the cells at `index` (ascending) as float64, entries × cells."""
        stored, cells = self.table.shape
        kept = np.empty((self.shape[1], index.size))
        kept[:stored] = np.take(self.table, index, axis=1)  # twice as fast as table[:, index]
        if self.over_at.size:
            entry, cell = np.divmod(self.over_at, cells)
            at = np.searchsorted(index, cell)
            at[at == index.size] = 0
            hit = index[at] == cell if index.size else np.zeros(cell.size, dtype=bool)
            kept[entry[hit], at[hit]] = self.over_count[hit]
        if self.totals is not None:  # whole numbers below 2**53: exact in any order
            np.subtract(self.totals.take(index), kept[:stored].sum(axis=0), out=kept[stored])
        return kept

    def rows(self, index: np.ndarray) -> np.ndarray:
        """The counts of the cells at `index` (ascending), as float64 rows (cells × entries)."""
        return np.ascontiguousarray(self.columns(index).T)

    def counts(self) -> np.ndarray:
        """Every count as int64 (cells × entries)."""
        return self.rows(np.arange(self.shape[0])).astype(np.int64)


def count_table(total: np.ndarray, width: int, totals: np.ndarray | None = None) -> CountTable:
    """The CountTable of `total` (int64 counts, cells × width flattened); with `totals` (each
    cell's count, which its row adds up to), the last entry of each row is left to them."""
    if totals is None or width < 2:
        totals, stored = None, width
    else:
        stored = width - 1
    flat = np.ascontiguousarray(total.reshape(-1, width)[:, :stored].T).reshape(-1)
    big = np.flatnonzero(flat > BYTE_MAX)
    top = int(flat.max(initial=0))
    narrow = np.int32 if max(flat.size, top) < 2**31 else np.int64
    item = 2 * np.dtype(narrow).itemsize  # bytes an entry listed apart costs
    if big.size * item <= OVERFLOW_SHARE * flat.size:
        table = np.minimum(flat, BYTE_MAX).astype(np.uint8)
        over_at, over_count = big.astype(narrow), flat[big].astype(narrow)
    else:
        table = flat.astype(np.uint16 if top <= np.iinfo(np.uint16).max else np.int32)
        over_at = over_count = np.zeros(0, dtype=narrow)
    table = table.reshape(stored, -1)
    for array in (table, over_at, over_count):
        array.flags.writeable = False
    return CountTable(table, over_at, over_count, totals)
