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

    monkeypatch.setattr(polars_readstat, "read_readstat", explode)
    assert sav_fast.read_fast(written, _meta(written)) is None
    frame, _meta_read = read_sav_file(written)
    _same(frame, _reference(written))


def test_a_variable_named_like_the_code_column_is_left_to_pyreadstat(tmp_path) -> None:
    frame = pd.DataFrame({"q": [1.0, 9.0], "q__explorer_missing_code": [1.0, 2.0]})
    path = tmp_path / "clash.sav"
    pyreadstat.write_sav(frame, path, missing_ranges={"q": [9]})
    assert sav_fast.read_fast(path, _meta(path)) is None
    _same(read_sav_file(path)[0], _reference(path))


def test_dates_have_pyreadstats_unit(written) -> None:
    fast = sav_fast.read_fast(written, _meta(written))
    assert fast["when"].iloc[0] == _reference(written)["when"].iloc[0]
    assert isinstance(fast["when"].iloc[0], dt.datetime)
