"""Editing the dimension mapping: the user joins differently worded values, and both halves then
filter together."""

from __future__ import annotations

from explorer.core import dimensions as dm
from explorer.ui.mapping_dialog import BY_WORDING, NONE, MappingDialog


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


def test_going_back_to_a_variable_keeps_its_value_matches(qtbot, window) -> None:
    """Clicking another survey variable and back again used to reuse value boxes the table had
    deleted (the window crashed); the matches chosen are kept and shown again."""
    from PySide6.QtCore import Qt

    dialog = MappingDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    rows = [d.survey_variable for d in dialog._variables]
    table = dialog.variables

    def click_row(variable: str) -> None:
        rect = table.visualRect(table.model().index(rows.index(variable), 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.wait(20)  # the table's deleted boxes are gone once the event loop has run

    click_row("vote_intention")
    dialog.attribute_boxes["vote_intention"].setCurrentText("Group")
    labels = [dialog.values.cellWidget(r, 0).text() for r in range(dialog.values.rowCount())]
    row = labels.index("Labour")
    box = dialog.values.cellWidget(row, 1)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)  # from "(same wording)" to the first group
    chosen = box.currentText()
    assert chosen not in (BY_WORDING, "")
    for variable in ("age_band", "vote_intention", "age_band", "vote_intention"):
        click_row(variable)
        assert dialog.values.rowCount() > 0
    assert dialog.values.cellWidget(row, 1).currentText() == chosen
    links = {k.survey_variable: k for k in dialog.links()}
    assert ("Labour", chosen) in links["vote_intention"].values
    assert links["age_band"].qual_attribute == "Age"
