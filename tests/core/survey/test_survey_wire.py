"""A Survey through plain files (survey_wire) comes back equal, and opening a .sav (reader and
finish in the child, arrays back) gives the same Survey as reading the frame back and finishing
in this process."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from explorer.core.survey import load, reader_process, sav
from explorer.core.survey.model import Kind, Net, SourceInfo, Survey, Variable
from explorer.core.survey.survey_wire import NotTransferable, read_survey, write_survey

ROOT = Path(__file__).resolve().parents[3]
SAVS = [
    ROOT / "data" / "sample" / "london_survey.sav",
    *sorted(ROOT.glob("tests/fixtures/real/pspp/*.sav")),
]


def assert_same(a: Survey, b: Survey) -> None:
    assert a.variables == b.variables
    assert list(a.variables) == list(b.variables)
    assert list(a.columns) == list(b.columns)
    assert (a.source, a.weight, a.warnings, a.illustrative) == (
        b.source,
        b.weight,
        b.warnings,
        b.illustrative,
    )
    for name, x in a.columns.items():
        y = b.columns[name]
        assert x.dtype == y.dtype, name
        if x.dtype.kind == "O":
            assert list(x) == list(y), name
        elif x.dtype.kind in "mM":  # NaT is never equal to itself: compare the stored ticks
            assert np.array_equal(x.view(np.int64), y.view(np.int64)), name
        else:
            assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), name


def test_round_trip_keeps_every_dtype_and_the_variable_model(tmp_path) -> None:
    rng = np.random.default_rng(4)
    columns = {
        "q": rng.integers(1, 6, 50).astype(np.int8),
        "wide": rng.integers(-300, 999, 50).astype(np.int16),
        "w": rng.random(50),
        "f32": rng.random(50).astype(np.float32),
        "txt": np.array([None if i % 7 == 0 else f"é{i}" for i in range(50)], dtype=object),
        "when": np.array(["2025-01-02", "NaT"] * 25, dtype="datetime64[ns]"),
    }
    columns["w"][3] = np.nan
    variables = {
        "q": Variable(
            "q",
            "Q",
            Kind.SCALE,
            ((1.0, "A"), (2.0, "B")),
            frozenset({99.0}),
            ((-np.inf, 0.0), (900.0, np.inf)),
            (Net("a", "A (net)", (1.0, 2.0)),),
            (("s", "Net", "a", "a"),),
            measure="ordinal",
        ),
        "$set": Variable("$set", "Set", Kind.MULTI, members=("q", "wide"), counted_value=1.0),
        "wide": Variable("wide", "Wide", Kind.NOMINAL),
        "w": Variable("w", "Weight", Kind.WEIGHT),
        "f32": Variable("f32", "Float", Kind.NUMERIC),
        "txt": Variable("txt", "Text", Kind.TEXT),
        "when": Variable("when", "Date", Kind.DATE),
    }
    survey = Survey(
        variables,
        columns,
        SourceInfo("x.sav", "spss", "label", ("a note",), "abc", "2025-11-26"),
        weight="w",
        illustrative=True,
        warnings=["one warning"],
    )
    write_survey(survey, tmp_path / "s")
    assert_same(read_survey(tmp_path / "s"), survey)


def test_columns_of_other_objects_are_refused(tmp_path) -> None:
    survey = Survey(
        {"o": Variable("o", "O", Kind.TEXT)},
        {"o": np.array([1, "a"], dtype=object)},
        SourceInfo("x.sav", "spss"),
    )
    with pytest.raises(NotTransferable):
        write_survey(survey, tmp_path / "s")


@pytest.mark.parametrize("path", SAVS, ids=lambda p: p.name)
def test_opening_a_sav_gives_the_survey_finished_here(path) -> None:
    checked = path.resolve()
    here = load.finish(sav.read_sav(checked), checked)
    assert reader_process.ISOLATE
    assert_same(load.load_survey(path), here)
