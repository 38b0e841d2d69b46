"""Editing the dimension mapping: the user joins differently worded values, and both halves then
filter together."""

from __future__ import annotations

from explorer.core import dimensions as dm
from explorer.ui.mapping_dialog import NONE, MappingDialog


def test_dialog_shows_current_matches(qtbot, window) -> None:
    dialog = MappingDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert dialog.attribute_boxes["age_band"].currentText() == "Age"
    assert dialog.attribute_boxes["vote_intention"].currentText() == NONE
    links = {k.survey_variable: k for k in dialog.links()}
    assert links["born_uk"].values == (("Born in the UK", "Yes"), ("Born outside the UK", "No"))


def test_mapping_a_value_and_applying_filters_both_halves(qtbot, window, settings) -> None:
    dialog = MappingDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.value_box("vote_intention", "Group", "Labour").setCurrentText("Group 1")
    dialog.attribute_boxes["gender"].setCurrentText(NONE)
    window.apply_links(dialog.links())
    vote = window.session.dimension("vote_intention")
    assert vote.scope == dm.BOTH
    assert window.session.dimension("gender").scope == dm.SURVEY_ONLY
    assert any(k.survey_variable == "vote_intention" for k in settings.links())
    box = window.filters.checkbox("vote_intention", "labour")
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        box.click()
    people = {q.speaker for q in window.quotes.quotes}
    assert people and people <= {"P01", "P02", "P03"}
