"""What a pooled tracker holds besides its columns: opening lets Arrow's dataset (its parsed
footers) go, a column is read on the reading thread and leaves no Arrow buffer alive, and the
cubes' cells hold each cell's weight as a one-byte class. Each is asserted on the objects held,
not on the process's memory (which the benchmark measures)."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from explorer.core.survey import cube, cube_filter, tracker, tracker_files
from explorer.core.survey.load import load_survey
from explorer.core.survey.model import SYSMIS_INT, Survey
from explorer.core.survey.parquet import write_parquet
from tests.conftest import SAMPLE_DIR
from tests.core.survey.test_cube import DIMS, Q_CODES, survey_from

CUTS = (0, 400, 1050)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    sample = load_survey(SAMPLE_DIR / "london_survey.sav")
    out = tmp_path_factory.mktemp("tracker_memory") / "tracker"
    out.mkdir()
    for i, (a, b) in enumerate(zip(CUTS, CUTS[1:]), start=1):
        part = {name: column[a:b] for name, column in sample.columns.items()}
        wave = Survey(dict(sample.variables), part, sample.source, weight=sample.weight)
        write_parquet(wave, out / f"wave_{i}.parquet")
    return out


def test_opening_lets_the_arrow_dataset_and_the_files_schemas_go(folder, monkeypatch) -> None:
    made: list[weakref.ref] = []
    real = ds.dataset

    def spied(*args, **kwargs):
        dataset = real(*args, **kwargs)
        made.append(weakref.ref(dataset))
        return dataset

    monkeypatch.setattr(tracker_files.ds, "dataset", spied)
    real_open = tracker_files.open_waves
    opened: list = []

    def spied_open(*args, **kwargs):
        waves = real_open(*args, **kwargs)
        opened.append([weakref.ref(s) for s in waves.schemas])
        return waves

    monkeypatch.setattr(tracker, "open_waves", spied_open)
    survey = load_survey(folder)
    survey.columns["q_trust_met"]  # reading a column needs neither
    gc.collect()
    assert len(made) == 1 and made[0]() is None
    assert len(opened) == 1 and len(opened[0]) == len(CUTS) - 1
    assert all(schema() is None for schema in opened[0])


def test_a_column_is_read_on_the_reading_thread_and_keeps_no_arrow_buffer(
    folder, monkeypatch
) -> None:
    survey = load_survey(folder)
    calls: list[dict] = []
    real = pq.ParquetFile.read

    def spied(self, *args, **kwargs):
        calls.append(kwargs)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "read", spied)
    gc.collect()
    arrow_before = pa.total_allocated_bytes()
    column = survey.columns["q_trust_met"]
    gc.collect()
    assert len(calls) == len(CUTS) - 1  # one read per wave
    assert all(call.get("use_threads") is False for call in calls)
    assert pa.total_allocated_bytes() == arrow_before  # the waves' Arrow tables are released
    # the pooled column is the waves' own values, end to end
    waves = sorted(folder.glob("*.parquet"))
    read = pa.concat_tables(pq.read_table(p, columns=["q_trust_met"]) for p in waves).column(0)
    expected = read.to_numpy(zero_copy_only=False).astype(np.float64)  # nulls as NaN
    expected[np.isnan(expected)] = SYSMIS_INT[column.dtype]
    assert np.array_equal(column, expected)


def test_cells_and_cubes_hold_a_byte_per_weight_and_no_derivable_column() -> None:
    """A cube stores one entry fewer per cell (the cell's count less the others gives it) and the
    cells a one-byte weight class: the bytes held are exactly these, and the full counts, the
    cells' weights and a filtered table are still numpy's."""
    rng = np.random.default_rng(12)
    n = 3000  # about 40 respondents an entry: every count fits a byte
    d1 = rng.choice([1.0, 2.0, 3.0], n)
    d2 = rng.choice([1.0, 2.0], n)
    q = rng.choice(Q_CODES, n)
    w = rng.choice([0.5, 1.0, 2.25], n)  # differs within a combination: splits it by class
    survey = survey_from(d1, d2, q, rng.choice([1.0, 2.0], n), w)
    cells = cube.cells_of(survey, DIMS, w, ("w",))
    assert cells.size == 3 * 2 * 3
    assert cells.weight_class.dtype == np.uint8 and cells.count.dtype == np.uint16
    assert np.array_equal(cells.weights, [0.5, 1.0, 2.25])
    made = cube.cube_of(survey, cells, "q", None)
    width = len(Q_CODES)
    assert made.table.shape == (cells.size, width)
    assert made.table.table.shape == (width - 1, cells.size)  # the last entry is not stored
    assert made.table.table.dtype == np.uint8 and made.table.over_at.size == 0
    assert made.nbytes == cells.size * (width - 1)
    held = cells.ids[0].nbytes + cells.ids[1].nbytes + cells.size * (1 + 2) + 3 * 8
    local, lead_offset, _ = cells.respondents()  # each respondent's cell, until the next state
    held += local.nbytes + (0 if lead_offset is None else lead_offset.nbytes)
    assert cube.held_bytes(survey) == held + made.nbytes
    # what the bytes stand for, against numpy
    rows = cells.rows(slice(None))
    assert np.array_equal(cells.weight[rows], w)
    expected = np.zeros((cells.size, width), dtype=np.int64)
    np.add.at(expected, (rows, np.searchsorted(Q_CODES, q)), 1)
    assert np.array_equal(made.table.counts(), expected)
    index = np.flatnonzero(rng.random(cells.size) < 0.5).astype(np.int32)
    assert np.array_equal(made.table.rows(index), expected[index].astype(np.float64))


def test_a_filter_keeping_every_cell_remembers_no_index_of_them() -> None:
    """The unfiltered state (the commonest) is remembered without an index of every cell, and
    counts as an index of every cell would."""
    rng = np.random.default_rng(5)
    n = 3000
    d1 = rng.choice([1.0, 2.0, 3.0], n)
    w = rng.choice([0.5, 1.0, 2.25], n)
    survey = survey_from(d1, rng.choice([1.0, 2.0], n), rng.choice(Q_CODES, n), d1, w)
    for filters in ({}, {"d1": (1.0, 2.0, 3.0)}):
        everyone = cube_filter.cube_filter(survey, DIMS, filters, w, ("w",))
        assert everyone is not None and everyone.index is None
    remembered = [found[1] for found in survey._cache["cube_filters"].values()]
    assert not any(isinstance(index, np.ndarray) for index in remembered)
    cells = everyone.cells
    indexed = cube_filter.CubeFilter(survey, cells, np.arange(cells.size, dtype=np.int32))
    for by in (None, "d1", "by"):
        got, k = everyone.bin_counts("q", by, None)
        want, k_want = indexed.bin_counts("q", by, None)
        assert k == k_want
        for field in ("codes", "count", "weight", "square"):
            assert np.array_equal(getattr(got, field), getattr(want, field), equal_nan=True)
    assert np.array_equal(everyone.weight, indexed.weight)
    narrow = cube_filter.cube_filter(survey, DIMS, {"d1": (2.0,)}, w, ("w",))
    assert np.array_equal(narrow.index, np.flatnonzero(cells.allowed({"d1": (2.0,)})))
