"""The ViewState is a frozen value changed only through pure functions; a saved view is fitted
to the loaded data; a click on an answer follows Tableau/Power BI; a topic change clears codes."""

from __future__ import annotations

import dataclasses

import pytest

from explorer.core import filter_state as fs
from explorer.core import view_state as vs
from explorer.core.session import Session
from tests.ui.small_data import small_project, small_survey


def test_view_state_is_frozen_and_functions_return_new_values() -> None:
    view = vs.ViewState()
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.question = "q"  # type: ignore[misc]
    broken = vs.with_breakdown(vs.with_question(view, "q_a"), "age_band")
    assert (broken.question, broken.breakdown) == ("q_a", "age_band")
    assert view == vs.ViewState()
    # charting the breakdown variable itself drops the breakdown (it would be the diagonal)
    assert vs.with_question(broken, "age_band").breakdown is None
    assert vs.with_focus(vs.with_focus(view, "matrix"), "matrix").focus is None
    with pytest.raises(ValueError):
        vs.ViewState(tab="pie")


def test_shown_question_falls_back_to_the_topics_first() -> None:
    view = vs.ViewState(question="q_gone", breakdown="q_x")
    assert vs.shown_question(view, ["q_1", "q_2"]) == "q_1"
    assert vs.shown_question(vs.with_question(view, "q_2"), ["q_1", "q_2"]) == "q_2"
    assert vs.shown_question(view, []) is None
    assert vs.shown_breakdown(view, "q_x") is None


def test_empty_categories_and_multi_response_base_are_part_of_the_view() -> None:
    from explorer.core.survey.table import TableOptions

    view = vs.with_multi_base(vs.with_show_empty(vs.ViewState(), True), "all")
    assert (view.show_empty, view.multi_base) == (True, "all")
    assert vs.view_from_json(vs.view_to_json(view)) == view
    with pytest.raises(ValueError):
        vs.with_multi_base(view, "everyone")
    # a damaged saved value falls back to the default
    assert vs.view_from_json({"show_empty": "yes", "multi_base": 3}) == vs.ViewState()
    # the window's options: the session's significance settings with the view's two choices
    settings = TableOptions(correction="holm", confidence=0.9)
    options = vs.table_options(view, settings)
    assert (options.show_empty, options.multi_base) == (True, "all")
    assert (options.correction, options.confidence) == ("holm", 0.9)
    assert vs.table_options(vs.ViewState(), settings) is settings


@pytest.mark.parametrize("saved", [None, 3, "x", {"tab": "pie", "focus": 7, "question": ""}])
def test_damaged_saved_view_falls_back_to_the_default(saved) -> None:
    assert vs.view_from_json(saved) == vs.ViewState()


def test_round_trip_and_fitting_to_the_loaded_data() -> None:
    session = Session(small_survey(), small_project())
    question = session.questions()[1]
    view = vs.ViewState(question=question, breakdown="age_band", tab="table", focus="quotes")
    assert vs.view_from_json(vs.view_to_json(view)) == view
    state = fs.with_value(fs.FilterState(), "age_band", "18-24")
    state = fs.with_value(state, "no_such_dimension", "x")
    state = fs.with_cross(state, "q_missing", [1.0])
    state = fs.with_codes(state, ["not-a-code"])
    fitted_state, fitted_view = vs.fitted_view(
        session, state, "no-such-topic", {**vs.view_to_json(view), "breakdown": "q_missing"}
    )
    assert fitted_state.dimension_map == {"age_band": frozenset({"18-24"})}
    assert fitted_state.cross == () and fitted_state.codes == frozenset()
    assert fitted_state.topic is None
    assert (fitted_view.question, fitted_view.breakdown) == (question, None)


def test_click_replaces_toggles_off_and_ctrl_click_adds_or_removes() -> None:
    s = fs.clicked(fs.FilterState(), "q", [1.0])
    assert s.cross_codes("q") == {1.0}
    s = fs.clicked(s, "q", [2.0])  # a plain click on another answer replaces
    assert s.cross_codes("q") == {2.0}
    s = fs.clicked(s, "q", [3.0], add=True)  # Ctrl/Shift+click adds
    assert s.cross_codes("q") == {2.0, 3.0}
    s = fs.clicked(s, "q", [2.0], add=True)  # … and takes an answer already chosen out
    assert s.cross_codes("q") == {3.0}
    s = fs.clicked(s, "q", [3.0])  # re-clicking the only chosen answer turns it off
    assert s.cross == ()
    net = fs.clicked(fs.FilterState(), "q", [4.0, 5.0])
    assert fs.clicked(net, "q", [4.0, 5.0]).cross == ()


def test_a_chart_is_computed_without_its_own_selection() -> None:
    s = fs.with_cross(fs.with_cross(fs.FilterState(), "q1", [1.0]), "q2", [2.0])
    assert fs.for_chart_of(s, "q1").cross == (("q2", frozenset({2.0})),)
    assert fs.for_chart_of(s, "q3") is s


def test_topic_change_clears_selected_codes() -> None:
    s = fs.with_codes(fs.with_topic(fs.FilterState(), "ai"), ["c1"])
    assert fs.with_topic(s, "ai").codes == {"c1"}  # staying put keeps them
    moved = fs.with_topic(s, "politics")
    assert moved.topic == "politics" and moved.codes == frozenset()
