"""The fast .sav data path (polars-readstat) gives exactly pyreadstat's frame — user-missing codes
kept as codes, dates, strings, system-missing — on files other tools wrote (GNU PSPP, pyreadstat's
writer), and any failure of it falls back to pyreadstat."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from explorer.core.survey import sav_fast
from explorer.core.survey.sav import read_sav_file
from tests.conftest import ROOT, SAMPLE_DIR

pytestmark = pytest.mark.skipif(not sav_fast.available(), reason="polars-readstat not installed")
PSPP = sorted((ROOT / "tests" / "fixtures" / "real" / "pspp").glob("*.sav"))


def _reference(path, columns=None):
    frame, _meta = pyreadstat.read_sav(
        path, user_missing=True, dates_as_pandas_datetime=True, usecols=columns
    )
    return frame


def _meta(path):
    return pyreadstat.read_sav(path, metadataonly=True, user_missing=True)[1]


def _same(fast: pd.DataFrame, reference: pd.DataFrame) -> None:
    assert list(fast.columns) == list(reference.columns)
    for name in reference.columns:
        assert fast[name].dtype == reference[name].dtype, name
        pd.testing.assert_series_equal(fast[name], reference[name], check_names=True)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Missing codes of every SPSS shape (discrete, range, range plus discrete, strings), system
    missing, dates and value labels, written by pyreadstat's writer (not the project's)."""
    rng = np.random.default_rng(7)
    n = 500
    frame = pd.DataFrame(
        {
            "q1": rng.choice([1.0, 2.0, 3.0, 8.0, 9.0, np.nan], n),
            "q2": rng.choice([1.0, 2.0, 97.0, 98.0, 99.0], n),
            "q3": rng.choice([0.0, 1.0, 5.0, -1.0, -2.0, -9.0], n),
            "name": rng.choice(["ann", "bo", "", "NA", "xx"], n),
            "when": pd.to_datetime("2020-01-01")
            + pd.to_timedelta(rng.integers(0, 900, n), unit="D"),
            "w": rng.uniform(0.2, 3.0, n),
            # awkward floats (and a coded one) must survive a projected read's text round trip
            "xf": np.where(rng.random(n) < 0.1, -99.5, rng.normal(0, 1e6, n) / 3),
        }
    )
    path = tmp_path_factory.mktemp("sav") / "shapes.sav"
    pyreadstat.write_sav(
        frame,
        path,
        column_labels=["First", "Second", "Third", "Name", "When", "Weight", "Float"],
        variable_value_labels={"q1": {1: "Yes", 2: "No", 8: "Don't know", 9: "Refused"}},
        missing_ranges={
            "q1": [8, 9],
            "q2": [{"lo": 97, "hi": 99}],
            "q3": [{"lo": -9, "hi": -2}, -1],
            "name": ["NA", "xx"],
            "xf": [-99.5],
        },
    )
    return path


@pytest.mark.parametrize("path", [*PSPP, SAMPLE_DIR / "london_survey.sav"], ids=lambda p: p.name)
def test_equals_pyreadstat_on_real_files(path) -> None:
    fast = sav_fast.read_fast(path, _meta(path))
    assert fast is not None
    _same(fast, _reference(path))


@pytest.mark.parametrize("path", [*PSPP, SAMPLE_DIR / "london_survey.sav"], ids=lambda p: p.name)
def test_equals_pyreadstat_when_read_in_many_small_batches(path, monkeypatch) -> None:
    """Columns narrowed batch by batch as the reader hands them over (a dtype widened by a later
    batch, missing in batches of their own) still equal pyreadstat's whole-file read."""
    monkeypatch.setattr(sav_fast, "_BATCH_ROWS", 7)
    fast = sav_fast.read_fast(path, _meta(path))
    assert fast is not None
    _same(fast, _reference(path))


def test_every_missing_value_shape_survives_small_batches(written, monkeypatch) -> None:
    monkeypatch.setattr(sav_fast, "_BATCH_ROWS", 13)
    for columns in (None, ["q3", "name", "xf", "when"]):
        names = [n for n in _meta(written).column_names if columns is None or n in columns]
        _same(sav_fast.read_fast(written, _meta(written), columns), _reference(written, names))


def test_equals_pyreadstat_for_every_missing_value_shape(written) -> None:
    reference = _reference(written)
    assert (reference["q2"] == 98).any() and (reference["q3"] == -9).any()  # codes, not NaN
    assert reference["q1"].isna().any()  # system missing stays NaN
    _same(sav_fast.read_fast(written, _meta(written)), reference)
    frame, _meta_read = read_sav_file(written)  # the loader's own entry point takes this path
    _same(frame, reference)


@pytest.mark.parametrize(
    "columns", [["w", "q2"], ["q3", "name", "xf"], ["q1", "when"], ["w"]], ids=str
)
def test_reads_only_the_requested_columns(written, columns) -> None:
    fast = sav_fast.read_fast(written, _meta(written), columns)
    names = [name for name in _meta(written).column_names if name in columns]
    _same(fast, _reference(written, names))


def test_any_failure_of_the_fast_reader_falls_back_to_pyreadstat(written, monkeypatch) -> None:
    import polars_readstat

    class Panic(BaseException):  # what a Rust panic surfaces as
        pass

    def explode(*_args, **_kwargs):
        raise Panic("called `Result::unwrap()` on an `Err` value")

    def some_then_panic(frame):  # a panic part-way, after some batches were handed over
        yield from frame.head(3).collect_batches()
        raise Panic("index out of bounds")

    with monkeypatch.context() as patched:
        patched.setattr(sav_fast, "_batches", some_then_panic)
        for columns in (["q1"], ["name"], None):
            assert sav_fast.read_fast(written, _meta(written), columns) is None

    monkeypatch.setattr(polars_readstat, "read_readstat", explode)
    monkeypatch.setattr(polars_readstat, "scan_readstat", explode)
    assert sav_fast.read_fast(written, _meta(written)) is None
    frame, _meta_read = read_sav_file(written)
    _same(frame, _reference(written))


def test_a_variable_named_like_the_code_column_is_left_to_pyreadstat(tmp_path) -> None:
    frame = pd.DataFrame({"q": [1.0, 9.0], "q__explorer_missing_code": [1.0, 2.0]})
    path = tmp_path / "clash.sav"
    pyreadstat.write_sav(frame, path, missing_ranges={"q": [9]})
    meta = _meta(path)
    # the informative-null route would mix the two columns up, so it declines ...
    assert sav_fast._read_informative(path, meta, ["q"], ["q"], ["q"], projected=False) is None
    # ... while the default route carries no code column at all
    _same(sav_fast.read_fast(path, meta), _reference(path))
    _same(read_sav_file(path)[0], _reference(path))


def test_the_declared_missing_values_are_cleared_in_a_copy_only(written) -> None:
    """The patch that lets polars-readstat hand back user-missing codes touches a private copy of
    the bytes, never the file, and leaves its length and layout unchanged."""
    from explorer.core.survey.sav_records import clear_numeric_missing, dictionary_records

    before = written.read_bytes()
    patched = bytearray(before)
    # q1, q2, q3 and xf are changed; the text variable keeps its own
    assert clear_numeric_missing(patched)[0] == 4
    assert len(patched) == len(before) and written.read_bytes() == before
    assert dictionary_records(bytes(patched)) == dictionary_records(before)


def test_without_the_patch_the_informative_route_gives_the_same_values(written) -> None:
    meta = _meta(written)
    names = list(meta.column_names)
    coded = [n for n in names if meta.missing_ranges.get(n)]
    numeric = [n for n in coded if meta.readstat_variable_types[n] != "string"]
    for projected in (False, True):
        data = sav_fast._read_informative(written, meta, names, coded, numeric, projected=projected)
        reference = _reference(written)
        for name in ("q1", "q2", "q3", "xf", "w"):
            np.testing.assert_array_equal(data.get_column(name).to_numpy(), reference[name])


def test_dates_have_pyreadstats_unit(written) -> None:
    fast = sav_fast.read_fast(written, _meta(written))
    assert fast["when"].iloc[0] == _reference(written)["when"].iloc[0]
    assert isinstance(fast["when"].iloc[0], dt.datetime)


@pytest.mark.parametrize("path", [*PSPP, SAMPLE_DIR / "london_survey.sav"], ids=lambda p: p.name)
def test_the_array_route_finishes_the_same_survey_as_pyreadstats_frame(path, monkeypatch) -> None:
    """The numpy route (no pandas frame) makes the same variables and stored columns as parsing
    pyreadstat's own frame does, on files other programs wrote."""
    from explorer.core.survey import parsed, sav

    fast = parsed.finish(sav.read_sav(path), path)
    monkeypatch.setattr(sav_fast, "read_frame", lambda *_args, **_kw: None)
    slow = parsed.finish(sav.read_sav(path), path)
    assert fast.variables == slow.variables
    assert fast.weight == slow.weight and fast.warnings == slow.warnings
    assert list(fast.columns) == list(slow.columns)
    for name, column in slow.columns.items():
        assert fast.columns[name].dtype == column.dtype, name
        if column.dtype.kind == "O":
            assert list(fast.columns[name]) == list(column), name
        else:
            np.testing.assert_array_equal(fast.columns[name], column, err_msg=name)


def test_a_dictionary_longer_than_the_first_read_is_patched_whole(tmp_path) -> None:
    """A file whose variable descriptions run past the first 64 KiB read is still read with its
    user-missing codes kept (the patch reads on until the dictionary ends)."""
    rng = np.random.default_rng(3)
    names = [f"v{i:04d}" for i in range(400)]
    frame = pd.DataFrame({n: rng.choice([1.0, 2.0, 9.0, np.nan], 50) for n in names})
    path = tmp_path / "long_dictionary.sav"
    pyreadstat.write_sav(
        frame,
        path,
        column_labels=[f"A long question label number {i} " * 6 for i in range(len(names))],
        missing_ranges={n: [9] for n in names},
    )
    assert sav_fast._dictionary_without_numeric_missing(path) is not None
    assert len(sav_fast._dictionary_without_numeric_missing(path)) > 1 << 16
    _same(sav_fast.read_fast(path, _meta(path)), _reference(path))


def test_a_dictionary_the_walker_refuses_uses_the_informative_route(written, monkeypatch) -> None:
    calls = []
    original = sav_fast._read_informative

    def spy(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(sav_fast, "_dictionary_without_numeric_missing", lambda _path: None)
    monkeypatch.setattr(sav_fast, "_read_informative", spy)
    _same(sav_fast.read_fast(written, _meta(written)), _reference(written))
    assert calls


def test_rows_stay_in_file_order_across_many_batches(tmp_path, monkeypatch) -> None:
    """The reader hands over many batches (threads may finish them out of order); the rows come
    back in the file's order, as pyreadstat gives them."""
    rng = np.random.default_rng(5)
    n = 20_000
    frame = pd.DataFrame(
        {"row": np.arange(n, dtype=float), "q": rng.choice([1.0, 2.0, 9.0, np.nan], n)}
    )
    path = tmp_path / "batches.sav"
    pyreadstat.write_sav(frame, path, missing_ranges={"q": [9]})
    monkeypatch.setattr(sav_fast, "_BATCH_ROWS", 500)
    for columns in (None, ["row", "q"]):
        fast = sav_fast.read_fast(path, _meta(path), columns)
        np.testing.assert_array_equal(fast["row"].to_numpy(), np.arange(n))
        _same(fast, _reference(path))
