"""Opening a .sav in two hand-overs (issue 15 part 2): the first Survey holds the columns the first
view needs, each whole; its tables equal a whole-file load's and a weighted count made here from
pyreadstat's own read; the whole Survey equals an ordinary read; a reader failing after the first
hand-over is one sentence naming the file; a damaged file is refused the same way."""

from __future__ import annotations

import ctypes
import time
from pathlib import Path

import numpy as np
import pyreadstat
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.filter_state import FilterState
from explorer.core.session import Session, load_session
from explorer.core.survey import sav_child, sav_stream
from explorer.core.survey.load import load_survey
from tests.fixtures.hostile.builders import SAMPLE_SAV

pytestmark = pytest.mark.skipif(not SAMPLE_SAV.exists(), reason="no sample")


@pytest.fixture(autouse=True)
def _stream_every_file(monkeypatch):
    monkeypatch.setattr(sav_stream, "STREAM_BYTES", 0)


def _streamed(path=SAMPLE_SAV, wanted=("q_victim",)):
    firsts: list[Session] = []
    whole = load_session(path, None, preview=firsts.append, wanted=wanted)
    return firsts, whole


def test_the_first_hand_over_is_whole_columns_of_the_file() -> None:
    firsts, whole = _streamed()
    plain = load_survey(SAMPLE_SAV)
    assert len(firsts) == 1
    first = firsts[0].survey
    assert 0 < len(first.columns) < len(plain.columns) / 2
    # the first view's needs: the asked name, the profile variables, the weight, a first question
    assert {"q_victim", "age_band", "gender", "weight"} <= set(first.columns)
    assert first.weight == plain.weight == "weight"
    assert firsts[0].questions()[0] == Session(plain).questions()[0]
    for name, column in first.columns.items():
        assert first.variables[name] == plain.variables[name], name
        np.testing.assert_array_equal(column, plain.columns[name])
        assert column.dtype == plain.columns[name].dtype
    # the whole Survey handed back after it is the ordinary read
    survey = whole.survey
    assert list(survey.variables) == list(plain.variables)
    assert survey.variables == plain.variables and survey.source == plain.source
    for name, column in plain.columns.items():
        np.testing.assert_array_equal(survey.columns[name], column)
        assert survey.columns[name].dtype == column.dtype, name


def test_tables_from_the_first_hand_over_equal_the_whole_file() -> None:
    firsts, whole = _streamed()
    first = firsts[0]
    question = first.questions()[0]
    gender = next(d for d in first.dimensions if d.survey_variable == "gender")
    value = next(v for v in gender.values if v.survey_code is not None)
    state = FilterState(dimensions=((gender.key, frozenset({value.key})),))
    ours = first.table(question, state, by="age_band")
    assert ours.to_json() == whole.table(question, state, by="age_band").to_json()
    assert (
        ours.to_json()
        == Session(load_survey(SAMPLE_SAV)).table(question, state, by="age_band").to_json()
    )
    # independent: weighted shares from pyreadstat's own read, user-missing codes left out
    frame, meta = pyreadstat.read_sav(SAMPLE_SAV, user_missing=True)
    q = frame[question].to_numpy(dtype=float)
    age = frame["age_band"].to_numpy(dtype=float)
    keep = frame["gender"].to_numpy(dtype=float) == value.survey_code
    w = frame["weight"].to_numpy(dtype=float)
    missing = [r["lo"] for r in meta.missing_ranges.get(question, [])]
    valid = keep & ~np.isnan(q) & ~np.isin(q, missing)
    checked = 0
    for j, column in enumerate(ours.columns):
        if column.key == "all":
            continue
        inside = valid & (age == column.key)
        assert column.unweighted_base == int(inside.sum())
        for row in ours.rows:
            if row.kind != "code" or row.cells[j].percent is None:
                continue
            expected = 100 * w[inside & (q == row.code)].sum() / w[inside].sum()
            assert row.cells[j].percent == pytest.approx(expected)
            checked += 1
    assert checked >= 8  # every cell not hidden for its small base


def _first_then_crash(source, workdir, memory_bytes, weight, wanted) -> None:
    """The real first hand-over, then a crash of the C reader on the rest."""
    out = Path(workdir)
    hashed = sav_child._hash_meanwhile(source)
    sav_stream.hand_first(source, out, weight, wanted, hashed)  # with the file's catalogue
    time.sleep(2)  # the parent picks the first hand-over up (it polls every 50 ms)
    ctypes.string_at(0)  # SIGSEGV


def test_a_crash_after_the_first_hand_over_is_one_sentence(monkeypatch) -> None:
    monkeypatch.setattr(sav_stream, "STREAM_CHILD", _first_then_crash)
    firsts: list[Session] = []
    with pytest.raises(ExplorerError, match=r"^london_survey\.sav: the file is damaged") as raised:
        load_session(SAMPLE_SAV, None, preview=firsts.append, wanted=("q_victim",))
    assert "\n" not in raised.value.message
    assert len(firsts) == 1 and "weight" in firsts[0].survey.columns
    monkeypatch.undo()
    assert load_survey(SAMPLE_SAV).n > 1000  # and this process carries on


def test_a_truncated_file_is_refused_before_any_hand_over(tmp_path) -> None:
    cut = tmp_path / "cut.sav"
    data = SAMPLE_SAV.read_bytes()
    cut.write_bytes(data[: len(data) // 3])
    firsts: list[Session] = []
    with pytest.raises(ExplorerError, match=r"^cut\.sav: ") as raised:
        load_session(cut, None, preview=firsts.append)
    assert "\n" not in raised.value.message


def test_small_files_and_files_with_focus_groups_are_read_once(monkeypatch) -> None:
    monkeypatch.setattr(sav_stream, "STREAM_BYTES", 1024**3)
    firsts, whole = _streamed()
    assert firsts == [] and len(whole.survey.columns) > 30
