"""Weighted cubes: a table's counts aggregated once over the cells of the filter dimensions, so a
filter change reduces a small array instead of passing over every respondent.

The filter dimensions (age band, gender, wave, …) are categorical with few codes. `Cells`
numbers the combinations of their codes that some respondent in the survey's base holds (with
the weight's class when the weight is not the same for everyone in a combination), once per
survey, with each respondent's cell (2 bytes each when every code of the first dimension has
fewer than LOCAL_LIMIT cells, else 4; let go at the next filter state and made again only for a
new question's cube). A `Cube` then counts, per cell, the respondents at each
code of one question (and of a breakdown that is not itself a dimension): a cells × codes array
of counts (one byte each, the few above 255 listed apart: `cube_table`). Everyone in a cell has
the same weight, so Σw and Σw² of any set of cells are counts times the cell's weight and its
square. A filter on the dimensions keeps a set of cells (one lookup per dimension); the table's
counts are then three small matrix products (`cube_filter`).

A cube is made only when its entries are at most `rows / MIN_SHRINK` (otherwise counting the
respondents directly is as cheap, and the cube would hold about as much as the column), and cells
only when the weight is the same within each combination or takes at most `counting.MAX_CLASSES`
values. A dimension with more than `cube_numbers.MAX_DIM_CODES` codes, or codes that are not
small integers, is left out of the cells; a filter on it, or on anything but the dimensions (a
cross-filter on a question, a multiple-response set), is counted directly. The counts are the
direct path's exactly; weighted sums differ from it only by the order of summation.

This module holds the cells and the cubes and makes them; `cube_numbers` numbers the codes and
their combinations, `cube_table` holds a cube's counts narrowly, `cube_filter` sums them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from explorer.core.survey import counting, cube_numbers
from explorer.core.survey.cube_table import CountTable, count_table
from explorer.core.survey.release import released

if TYPE_CHECKING:
    from explorer.core.survey.model import Survey

MIN_SHRINK = 4.0  # a cube must have at most rows / MIN_SHRINK entries to be worth keeping
CHUNK = 1 << 20  # respondents handled at a time while building (bounds the temporary arrays)
CUBES_KEPT = 48  # at 10M respondents a cube is about 1 MB (one byte per entry)
LOCAL_LIMIT = 65535  # cells per code of the first dimension for 2-byte cell numbers


@dataclass(frozen=True, eq=False)
class Cells:
    """The occupied combinations of the dimensions' codes (with the weight's class) in the base."""

    dims: tuple[str, ...]
    ids: tuple[np.ndarray, ...]  # per dimension: each cell's code number (into `codes`)
    codes: tuple[np.ndarray, ...]  # per dimension: the code of each number (NaN: system-missing)
    # The weight of everyone in each cell, as the number of its value among `weights` (uint8 up
    # to 256 values, else uint16 or int32): a byte a cell, not float64's eight.
    weight_class: np.ndarray
    weights: np.ndarray  # float64: the cells' distinct weights, ascending
    count: np.ndarray  # per cell: its respondents (uint16 when every cell's fits, else int32)
    # Each respondent's cell, (local, lead_offset, lead_bins), in `_held[0]` while held (None
    # once dropped; `_remake` makes it again, the same numbers): `local` alone (int32, −1
    # outside the base), or, when every code of the first dimension has fewer than LOCAL_LIMIT
    # cells (the cells are numbered in its order), its cell among them (uint16, LOCAL_LIMIT
    # outside the base) plus `lead_offset`, the first cell of each stored bin of the first
    # dimension, and `lead_bins`, that dimension's stored bins (a view of its column): 2 bytes
    # per respondent instead of 4. Only making a cube needs them.
    _held: list = field(repr=False)
    _remake: Callable[[], tuple] = field(repr=False)

    @property
    def size(self) -> int:
        return int(self.count.size)

    @property
    def weight(self) -> np.ndarray:
        """float64 per cell: the weight of everyone in it (made when asked)."""
        return self.weights[self.weight_class]

    def weight_of(self, index: np.ndarray) -> np.ndarray:
        """float64: the weight of everyone in each cell at `index` (positions or a mask)."""
        if index.dtype == np.bool_:
            return self.weights[self.weight_class[index]]
        return self.weights.take(self.weight_class.take(index))  # `take`: faster than [index]

    def respondents(self) -> tuple:
        """(local, lead_offset, lead_bins), made again when they were dropped."""
        held = self._held[0]
        if held is None:
            held = self._remake()
            self._held[0] = held
        return held

    @property
    def local(self) -> np.ndarray:
        return self.respondents()[0]

    def holds_respondents(self) -> bool:
        return self._held[0] is not None

    def drop_respondents(self) -> None:
        """Forget each respondent's cell (2 or 4 bytes a respondent): the cubes made hold all
        that a filter change needs; a new question's cube makes them again."""
        self._held[0] = None

    def rows(self, where: slice | np.ndarray, held: tuple | None = None) -> np.ndarray:
        """The cell of the respondents at `where` (int32, −1 outside the base), from `held`
        (what `respondents()` gave) when given."""
        local, lead_offset, lead_bins = self.respondents() if held is None else held
        local = local[where]
        if lead_offset is None:
            return local
        out = lead_offset[lead_bins[where]]
        out += local
        out[local == LOCAL_LIMIT] = -1
        return out

    def allowed(self, filters: Mapping[str, Iterable[Any]]) -> np.ndarray | None:
        """The cells `filters` keep (AND across, OR within), or None when a filter names a
        variable that is not a dimension. Codes match as `counting.code_equals` matches them."""
        keep = np.ones(self.size, dtype=bool)
        for name, wanted in filters.items():
            if name not in self.dims:
                return None
            d = self.dims.index(name)
            codes = [c for c in map(counting.as_code, wanted) if c is not None]
            hit = np.isin(self.codes[d], np.asarray(codes, dtype=np.float64))
            keep &= hit[self.ids[d]]
        return keep


@dataclass(frozen=True, eq=False)
class Cube:
    """Counts per (cell, code of the question × code of a breakdown that is no dimension)."""

    cells: Cells
    codes: np.ndarray  # float64 code of each question number (NaN: system-missing)
    by_codes: np.ndarray | None  # the breakdown's codes when it is not a dimension
    by_dim: int | None  # the breakdown's dimension, when it is one
    table: CountTable  # cells × (n_by × n_codes): one byte each, the few above 255 apart

    @property
    def nbytes(self) -> int:
        return int(self.table.nbytes)


# --- building ---------------------------------------------------------------------------------
def cells_of(
    survey: Survey, dims: tuple[str, ...], weights: np.ndarray, weight_key: Hashable
) -> Cells | None:
    """The Cells of `dims` under the applied weight (cached per survey), or None if impossible."""
    return counting.cached(
        survey,
        "cells",
        (dims, weight_key),
        lambda: released(_make_cells(survey, dims, weights, weight_key)),
        2,
    )


def _make_cells(survey, dims, weights, weight_key, split: bool | None = None) -> Cells | None:
    """The Cells (`split`: whether the weight's class splits them, when already known)."""
    if not dims or survey.n == 0:
        return None

    asked, found_split = dims, [split]

    def remake() -> tuple:  # a Survey never changes: the same cells, numbered the same
        again = _make_cells(survey, asked, weights, weight_key, found_split[0])
        return released(again._held[0])

    # A dimension whose codes are not few small integers is left out of the cells: a filter on
    # it is counted directly.
    found_dims = [(name, cube_numbers.numbered(survey, name)) for name in dims]
    found_dims = [(name, found) for name, found in found_dims if found is not None]
    if not found_dims:
        return None
    # The dimension with the most codes first: the cells are numbered in its order, and the
    # fewer cells each of its codes has, the narrower each respondent's cell number (`local`).
    found_dims.sort(key=lambda found: -found[1][2].size)
    dims = tuple(name for name, _ in found_dims)
    numbered = [found for _, found in found_dims]
    sizes = [found[2].size for found in numbered]
    if float(np.prod(sizes, dtype=np.float64)) * counting.MAX_CLASSES >= 2.0**62:
        return None
    strides = np.cumprod([1, *sizes[::-1]])[:-1][::-1].astype(np.int64)
    narrow = np.int32 if float(np.prod(sizes, dtype=np.float64)) < 2.0**31 else np.int64
    keys = np.empty(survey.n, dtype=narrow)
    for start in range(0, survey.n, CHUNK):
        part = slice(start, start + CHUNK)
        key = np.zeros(min(CHUNK, survey.n - start), dtype=narrow)
        for (values, lookup, _), stride in zip(numbered, strides):
            key += (lookup.astype(narrow) * narrow(stride))[values[part]]
        keys[part] = key
    outside = ~counting.everyone(survey)
    keys[outside] = -1
    combos, of_row = cube_numbers.number_keys(keys)
    del keys
    # A table has two codes at least: if even such a cube would be too big, no cells are kept.
    if 2 * combos.size * MIN_SHRINK > survey.n:
        return None
    # Everyone in a cell must share one weight; if not, the weight's class splits the cells.
    first = np.zeros(combos.size + 1)  # the last slot takes the rows outside the base (−1)
    first[of_row] = weights
    if found_split[0] is None:
        differs = first[of_row] != weights
        differs &= ~outside
        found_split[0] = bool(differs.any())
        del differs
    if found_split[0]:
        classes, values = counting.weight_classes(survey, weights, weight_key)
        if classes is None:
            return None
        parents = of_row.astype(np.int64) * values.size + classes
        parents[outside] = -1
        refined, of_row = cube_numbers.number_keys(parents)
        del parents
        if 2 * refined.size * MIN_SHRINK > survey.n:
            return None
        combos = combos[refined // values.size]
        first = values[refined % values.size].astype(np.float64)
    ids = tuple(
        ((combos // stride) % size).astype(np.uint8 if size <= 256 else np.uint16)
        for stride, size in zip(strides, sizes)
    )
    count = np.bincount(of_row[~outside], minlength=combos.size)
    count = count.astype(np.uint16 if count.max(initial=0) <= 65535 else np.int32)
    cell_weights, weight_class = np.unique(first[: combos.size], return_inverse=True)
    weight_class = weight_class.reshape(-1).astype(_narrowest(cell_weights.size))
    for array in (count, cell_weights, weight_class):
        array.flags.writeable = False
    local, lead_offset, lead_bins = _narrowed(of_row, ids[0], numbered[0])
    local.flags.writeable = False
    codes = tuple(found[2] for found in numbered)
    held = [(local, lead_offset, lead_bins)]
    return Cells(dims, ids, codes, weight_class, cell_weights, count, held, remake)


def _narrowest(values: int) -> type:
    """The unsigned integer type that numbers `values` things."""
    return np.uint8 if values <= 256 else np.uint16 if values <= 65536 else np.int32


def _narrowed(of_row: np.ndarray, lead_ids: np.ndarray, lead: tuple) -> tuple:
    """(local, lead_offset, lead_bins) of `Cells` for each respondent's cell `of_row`."""
    values, lookup, codes = lead
    groups = np.bincount(lead_ids, minlength=codes.size)
    if values.dtype != np.uint8 or groups.max(initial=0) >= LOCAL_LIMIT:
        return of_row, None, None
    starts = np.concatenate([[0], np.cumsum(groups)[:-1]]).astype(np.int32)
    lead_offset = starts[lookup]  # every stored bin some respondent holds has its code's start
    lead_offset.flags.writeable = False
    local = np.empty(of_row.size, dtype=np.uint16)
    for start in range(0, of_row.size, CHUNK):
        part = slice(start, start + CHUNK)
        cell = of_row[part]
        here = cell - lead_offset[values[part]]
        here[cell < 0] = LOCAL_LIMIT
        local[part] = here
    return local, lead_offset, values


def cube_of(survey: Survey, cells: Cells, question: str, by: str | None) -> Cube | None:
    """The Cube of `question` (broken down by `by`) over `cells` (cached), or None when it would
    not be much smaller than the respondents or the codes are not few small integers."""
    by_dim = cells.dims.index(by) if by in cells.dims else None
    extra = None if by is None or by_dim is not None else by
    key = (id(cells), question, extra)
    found = counting.cached(
        survey,
        "cubes",
        key,
        lambda: (cells, released(_make_cube(survey, cells, question, extra))),
        CUBES_KEPT,
    )
    if found[0] is not cells:  # an id reused after older cells were freed
        found = (cells, _make_cube(survey, cells, question, extra))
    cube = found[1]
    if cube is None:
        return None
    return cube if cube.by_dim == by_dim else Cube(cells, cube.codes, None, by_dim, cube.table)


def _make_cube(survey, cells: Cells, question: str, by: str | None) -> Cube | None:
    numbered = cube_numbers.numbered(survey, question)
    by_numbered = cube_numbers.numbered(survey, by) if by is not None else None
    if numbered is None or (by is not None and by_numbered is None):
        return None
    values, lookup, codes = numbered
    n_codes = codes.size
    n_by = 1 if by_numbered is None else by_numbered[2].size
    width = n_codes * n_by
    if cells.size * width * MIN_SHRINK > survey.n:
        return None
    # Rows outside the base (cell −1) fall in a first block of `width` slots that is dropped.
    size = (cells.size + 1) * width
    narrow = np.int32 if size < 2**31 else np.int64
    shifted = (lookup + width).astype(narrow)
    by_part = None if by_numbered is None else (by_numbered[1] * n_codes).astype(narrow)
    total = np.zeros(size, dtype=np.int64)
    held = cells.respondents()  # once: another thread may drop them meanwhile
    chunk = max(CHUNK, 4 * size)  # each chunk's counts are `size` long: chunks well past that
    for start in range(0, survey.n, chunk):
        part = slice(start, start + chunk)
        key = cells.rows(part, held).astype(narrow, copy=False)
        key *= width
        key += shifted[values[part]]
        if by_part is not None:
            key += by_part[by_numbered[0][part]]
        total += np.bincount(key, minlength=size)
    table = count_table(total[width:], width, cells.count)
    del total
    return Cube(cells, codes, None if by_numbered is None else by_numbered[2], None, table)


def held_bytes(survey: Survey) -> int:
    """Bytes the survey's cells and cubes hold (each respondent's cell, the cubes' counts, the
    remembered filters' kept cells)."""
    store = survey._cache
    cells = [c for c in store.get("cells", {}).values() if c is not None]
    cubes = [found[1] for found in store.get("cubes", {}).values() if found[1] is not None]
    per_cell = sum(c.weight_class.nbytes + c.weights.nbytes + c.count.nbytes for c in cells)
    held = [c._held[0] for c in cells if c._held[0] is not None]  # each respondent's cell
    per_cell += sum(local.nbytes + (0 if at is None else at.nbytes) for local, at, _ in held)
    per_cell += sum(a.nbytes for c in cells for a in c.ids)
    kept = [f[1] for f in store.get("cube_filters", {}).values() if isinstance(f[1], np.ndarray)]
    return int(per_cell + sum(c.nbytes for c in cubes) + sum(k.nbytes for k in kept))
