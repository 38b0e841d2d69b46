"""`main.py --question Q --by VAR --filter VAR=codes` opens that view (also with --screenshot);
a name or code not in the data is one sentence on stderr and exit status 2."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from explorer.core.errors import ExplorerError
from explorer.core.open_view import open_view
from explorer.ui import app


def test_open_view_ticks_profile_filters_and_selects_answers(session) -> None:
    question = session.questions()[0]
    other = session.questions()[1]
    state, view = open_view(session, question, "age_band", ["age_band=1,2", f"{other}=1"])
    assert (view.question, view.breakdown) == (question, "age_band")
    dim = session.dimension("age_band")
    codes = {v.survey_code: v.key for v in dim.values}
    assert state.allowed("age_band") == {codes[1.0], codes[2.0]}
    assert state.cross_codes(other) == {1.0}
    # the base the window shows is an independent count of those respondents
    ages = np.asarray(session.survey.values("age_band"), float)
    answers = np.asarray(session.survey.values(other), float)
    assert session.base(state)[0] == int((np.isin(ages, [1, 2]) & (answers == 1)).sum())


@pytest.mark.parametrize(
    "question, by, filters",
    [
        ("q_nope", None, []),
        (None, "q_nope", []),
        (None, None, ["age_band=77"]),
        (None, None, ["x"]),
    ],
)
def test_bad_names_are_one_sentence(session, question, by, filters) -> None:
    with pytest.raises(ExplorerError) as error:
        open_view(session, question, by, filters)
    assert error.value.message.count(".") >= 1 and "\n" not in error.value.message


def test_any_categorical_question_breaks_a_chart_down(session) -> None:
    choices = session.breakdown_choices()
    assert choices[: len(session.breakdowns())] == session.breakdowns()
    questions = [q for q in choices if q in session.questions()]
    assert questions, "questions can break a chart down, not only the profile"
    _state, view = open_view(session, session.questions()[0], questions[-1])
    assert view.breakdown == questions[-1]


@pytest.mark.slow
def test_main_opens_the_view_in_a_screenshot(qtbot, tmp_path, capsys) -> None:
    out = tmp_path / "view.png"
    args = ["--screenshot", str(out), "--size", "1366x768", "--settings", str(tmp_path / "s.ini")]
    code = app.main(
        [*args, "--question", "q_trust_met", "--by", "vote_intention", "--filter", "age_band=1,2"]
    )
    assert code == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)
    code = app.main([*args, "--question", "q_no_such_thing"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "q_no_such_thing" in err and "\n" not in err
