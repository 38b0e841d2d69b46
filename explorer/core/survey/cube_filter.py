"""A filter's counts from the cubes (explorer.core.survey.cube): the cells a filter on the
dimensions keeps, each table's counts summed over them from its cube, what a new filter state
lets go, and the base and per-code counts of kept cells the status bar and the filter panel show.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from explorer.core.survey import counting
from explorer.core.survey.cube import Cells, Cube, cells_of, cube_of
from explorer.core.survey.release import release

if TYPE_CHECKING:
    from explorer.core.survey.model import Survey

BLOCK_BYTES = 1 << 20  # a filter's kept cells are summed in blocks of about this many bytes
CUBE_FILTERS_KEPT = 4  # filter states whose kept cells are remembered (remade in about 1 ms)
EVERY_CELL = "every cell"  # what is remembered for a filter that keeps every cell: no index


@dataclass(frozen=True, eq=False)
class CubeFilter:
    """The cells a filter keeps: counts any question's table from its cube (see `counting`'s
    `Selection.bin_counts`, whose result this gives)."""

    survey: Any
    cells: Cells
    # The kept cells (int32, ascending), or None for every cell (no filter, the commonest
    # state: its index was 0.8 MB at 10M).
    index: np.ndarray | None

    @property
    def weight(self) -> np.ndarray:
        return self.cells.weight if self.index is None else self.cells.weight_of(self.index)

    def _block(self, start: int, step: int) -> np.ndarray:
        """The kept cells from the `start`th, `step` of them at most."""
        if self.index is None:
            return np.arange(start, min(start + step, self.cells.size), dtype=np.int32)
        return self.index[start : start + step]  # ascending, as np.flatnonzero made it

    def _sums(self, cube: Cube, groups: np.ndarray | None, n_groups: int) -> np.ndarray:
        """(count, Σw, Σw²) × group × entry over the kept cells (grouped by `groups`, each
        cell's group number, when given), a block of cells at a time: temporaries of a megabyte,
        which the allocator reuses, not of the kept cells' whole float64 counts (at 10M a
        broad filter's were 13 MB a table, and the heap kept them after)."""
        width = cube.table.shape[1]
        sums = np.zeros((3, n_groups, width))
        step = max(1, BLOCK_BYTES // (8 * width))
        kept_cells = self.cells.size if self.index is None else self.index.size
        for start in range(0, kept_cells, step):
            index = self._block(start, step)
            kept = cube.table.columns(index)  # entries × cells
            w = self.cells.weight_of(index)
            stats = np.vstack([np.ones_like(w), w, w * w])
            if groups is None:
                sums[:, 0] += stats @ kept.T
                continue
            ids = groups[index]
            for b in np.unique(ids):
                rows = ids == b
                sums[:, b] += stats[:, rows] @ kept[:, rows].T
        return sums

    def bin_counts(self, question: str, by: str | None, by_codes: list[float] | None):
        """(counting.Counts folded into the breakdown's columns, k) or None."""
        cube = cube_of(self.survey, self.cells, question, by)
        if cube is None:
            return None
        n_codes = cube.codes.size
        if cube.by_dim is not None:  # the breakdown is a dimension: group the cells by it
            by_codes_all = self.cells.codes[cube.by_dim]
            sums = self._sums(cube, self.cells.ids[cube.by_dim], by_codes_all.size)
        else:
            by_codes_all = cube.by_codes
            n_by = 1 if by_codes_all is None else by_codes_all.size
            sums = self._sums(cube, None, 1).reshape(3, n_by, n_codes)
        if by is None:
            flat = sums.reshape(3, -1, n_codes).sum(axis=1)
            return counting.Counts(cube.codes, *(a[:, None] for a in flat)), 0
        by_codes, column_of_bin = counting.breakdown_columns(
            self.survey.variable(by), counting.Bins(np.zeros(0, np.uint8), by_codes_all), by_codes
        )
        folded = counting.fold_columns(
            cube.codes, sums[0], sums[1], sums[2], column_of_bin, len(by_codes) + 1
        )
        return folded, len(by_codes)


def cube_filter(
    survey: Survey,
    dims: tuple[str, ...],
    filters: Mapping[str, Iterable[Any]],
    weights: np.ndarray,
    weight_key: Hashable,
) -> CubeFilter | None:
    """The CubeFilter of `filters` over the cells of `dims`, or None when they cannot serve it."""
    dims = tuple(d for d in dict.fromkeys(dims) if d in survey.variables)
    if not dims or any(name not in dims for name in filters):
        return None
    had_cells = (dims, weight_key) in survey._cache.get("cells", {})
    cells = cells_of(survey, dims, weights, weight_key)
    if cells is None:
        return None

    def make():
        if had_cells:  # a new filter state after the one whose tables made the cells
            _moved_on(survey, cells)
        keep = cells.allowed(filters)
        if keep is None:
            return None
        return EVERY_CELL if keep.all() else np.flatnonzero(keep).astype(np.int32)

    key = (id(cells), counting.filter_key(filters))
    found = counting.cached(survey, "cube_filters", key, lambda: (cells, make()), CUBE_FILTERS_KEPT)
    if found[0] is not cells:  # an id reused after older cells were freed
        found = (cells, make())
    if found[1] is None:
        return None
    return CubeFilter(survey, cells, None if found[1] is EVERY_CELL else found[1])


def _moved_on(survey: Survey, cells: Cells) -> None:
    """A new filter state is counted from the cubes: the views of the state before have their
    tables, so each respondent's cell (2 bytes a respondent; only a new question's cube needs
    it, and makes it again: about 0.4 s at 10M) and the direct path's masks and selections of
    earlier states (a byte or more a respondent) are let go, and the memory the state before
    freed is handed back (under a millisecond at 10M; it was 3–6 MB a state that glibc kept)."""
    cells.drop_respondents()
    counting.forget(survey, "mask", "selection")
    release()


def kept_cells(
    survey: Survey, dims: Iterable[str], filters: Mapping[str, Iterable[Any]]
) -> tuple[Cells, np.ndarray] | None:
    """(the survey weight's cells of `dims`, the cells `filters` keep) when the tables have
    already made those cells (never made here: callers on the GUI thread use this), else None."""
    dims = tuple(d for d in dict.fromkeys(dims) if d in survey.variables)
    key = (dims, (survey.weight is not None, survey.weight))
    found = survey._cache.get("cells", {}).get(key)
    if found is None:
        return None
    keep = found.allowed(filters)
    return None if keep is None else (found, keep)


def base_of(found: tuple[Cells, np.ndarray]) -> tuple[int, float]:
    """(unweighted, weighted) respondents in the kept cells."""
    cells, keep = found
    count = cells.count[keep]
    return int(count.sum()), float(count @ cells.weight_of(keep))


def code_counts(found: tuple[Cells, np.ndarray], name: str) -> dict[float, int] | None:
    """Respondents in the kept cells at each code of dimension `name` (None: not a dimension)."""
    cells, keep = found
    if name not in cells.dims:
        return None
    d = cells.dims.index(name)
    codes = cells.codes[d]
    per = np.bincount(cells.ids[d][keep], weights=cells.count[keep], minlength=codes.size)
    return {float(code): int(n) for code, n in zip(codes, per) if code == code}
