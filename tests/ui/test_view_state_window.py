"""The window keeps its view in the controller's ViewState: Ctrl+Z/Ctrl+Y undo and redo filter
and view changes, the briefing panel reads the state (not the widgets), and the last view and
filter come back at the next start with a "restored" chip and a Reset."""

from __future__ import annotations

from PySide6.QtCore import Qt

from explorer.core.filter_state import FilterState
from explorer.core.view_state import ViewState
from tests.ui.conftest import dispose


def key(qtbot, window, k, mods=Qt.KeyboardModifier.ControlModifier) -> None:
    qtbot.keyClick(window, k, mods)
    window.flush()


def test_ctrl_z_undoes_filter_and_view_changes_and_ctrl_y_redoes(qtbot, window) -> None:
    c = window.controller
    window.charts.bar_chart.plot.setFocus()
    first = window.charts.question
    other = next(q for q in window.session.questions() if q != first)
    c.toggle("age_band", "18-24", True)
    window.flush()
    c.question(other)
    c.breakdown("gender")
    window.flush()  # one burst: one undo step
    assert window.charts.question == other
    assert window.charts.breakdown.currentData() == "gender"
    slides = len(window.briefing_panel.briefing.slides)

    key(qtbot, window, Qt.Key.Key_Z)
    assert window.charts.question == first and c.view.breakdown is None
    assert c.state.allowed("age_band") == {"18-24"}
    assert window.filters.checkbox("age_band", "18-24").isChecked()
    key(qtbot, window, Qt.Key.Key_Z)
    assert c.state == FilterState()
    assert not window.filters.checkbox("age_band", "18-24").isChecked()
    assert len(window.briefing_panel.briefing.slides) == slides  # the briefing is untouched
    key(qtbot, window, Qt.Key.Key_Y)
    assert c.state.allowed("age_band") == {"18-24"}
    key(
        qtbot,
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.charts.question == other and c.view.breakdown == "gender"
    assert not c.can_redo()


def test_briefing_reads_the_view_state(qtbot, window) -> None:
    other = window.session.questions()[-1]
    window.controller.question(other)
    window.controller.breakdown("age_band")
    window.flush()
    view, title = window.briefing_panel.current_view()
    assert view.questions == (other,) and view.breakdown == "age_band"
    assert title == window.session.question_label(other)
    # showing a slide's view is one change Ctrl+Z takes back
    window.briefing_panel.add_current_view()
    window.controller.go_to(FilterState(), ViewState())
    window.flush()
    assert window.charts.question != other
    window.briefing_panel.show_in_window()
    assert (window.charts.question, window.controller.view.breakdown) == (other, "age_band")


def test_last_view_and_filter_are_restored_with_a_chip_and_reset(qtbot, settings, session) -> None:
    from explorer.ui.main_window import MainWindow

    first = MainWindow(settings)
    first.set_session(session)
    question = session.questions()[-1]
    first.controller.toggle("gender", "woman", True)
    first.controller.question(question)
    first.controller.breakdown("age_band")
    first.flush()
    assert first.charts.restored.isHidden()
    first.close()
    dispose(first)

    second = MainWindow(settings)
    second.set_session(session)
    second.show()
    assert second.controller.state.allowed("gender") == {"woman"}
    assert (second.charts.question, second.controller.view.breakdown) == (question, "age_band")
    assert second.filters.checkbox("gender", "woman").isChecked()
    assert second.charts.restored.isVisible()
    assert second.minimumSizeHint().width() <= 1366  # the chip does not widen the window
    qtbot.mouseClick(second.charts.restored_reset, Qt.MouseButton.LeftButton)
    second.flush()
    assert second.controller.state == FilterState()
    assert second.controller.view == ViewState()
    assert second.charts.restored.isHidden()
    second.controller.undo()  # Reset itself can be undone
    assert second.controller.state.allowed("gender") == {"woman"}
    dispose(second)


def test_topic_change_clears_codes_in_the_window(qtbot, window) -> None:
    topics = window.session.topic_names()
    if len(topics) < 2:
        return
    c = window.controller
    c.topic(topics[0])
    c.select_codes(list(window.session.project.codes)[:1])
    window.flush()
    assert c.state.codes
    c.topic(topics[1])
    window.flush()
    assert c.state.codes == frozenset()
