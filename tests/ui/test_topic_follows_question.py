"""The Topics tree follows the question on the chart, however it was chosen: a click in the
question picker's list, its word search, the arrow keys on the picker, Ctrl+Z, a topic with no
questions of its own, and the view restored at start. The tree's current row is then that
question (under its topic, else under "All questions"), unfolded and scrolled into view, and the
user's one action changed the controller's view once and started one recompute: following the
question is never taken for choosing it again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from explorer.core.session import SAMPLE_QUAL, SAMPLE_SURVEY, Session, load_session
from explorer.core.topics import Topic, TopicMap
from explorer.ui.topic_navigator import NAME
from tests.ui.clicks import click_item
from tests.ui.conftest import dispose
from tests.ui.small_data import small_project, small_survey

pytestmark = pytest.mark.skipif(not SAMPLE_SURVEY.exists(), reason="no sample")
SHOTS = os.environ.get("EXPLORER_TOPIC_SHOTS")  # a folder: screenshots of the tree following


@pytest.fixture
def session() -> Session:
    return load_session(SAMPLE_SURVEY, SAMPLE_QUAL)


class Counts:
    """The controller's emissions and the chart area's recomputes from now on."""

    def __init__(self, window) -> None:
        self.views: list = []
        self.filters: list = []
        self.recomputes = 0
        window.controller.viewChanged.connect(self.views.append)
        window.controller.changed.connect(lambda state, _g: self.filters.append(state))
        recompute = window.charts.recompute
        submit = recompute.submit

        def counted(*args, **kwargs):
            self.recomputes += 1
            return submit(*args, **kwargs)

        recompute.submit = counted

    def settle(self, window, qtbot) -> None:
        window.flush()
        qtbot.wait(60)  # any change the following might have asked for has had its turn
        window.flush()
        window.charts.recompute.wait()


def _assert_follows(window, question: str, topic: str | None) -> None:
    tree = window.topics
    item = tree.currentItem()
    assert item is not None and item.data(0, NAME) == question
    assert item.parent() is tree.topic_item(topic)
    assert item.parent().isExpanded()
    assert item.isSelected()
    rect = tree.visualItemRect(item)  # on screen in the tree, not scrolled away
    assert rect.isValid() and tree.viewport().rect().contains(rect.center())
    assert window.charts.question == question


def _click_in_picker(qtbot, window, question: str) -> None:
    box = window.charts.question_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() - 8, box.height() // 2))
    view = box.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    index = box.model().index(box.findData(question), 0)
    view.scrollTo(index)
    # the list takes no release sooner than a double-click after it opened (Qt's own guard)
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    qtbot.mouseMove(view.viewport(), view.visualRect(index).center())
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)


def test_a_click_in_the_picker_moves_the_tree_and_undo_moves_it_back(qtbot, window) -> None:
    window.resize(1366, 768)
    window.flush()
    tree = window.topics
    questions = window.session.questions()
    first, far = window.charts.question, questions[-3]  # far down "All questions"
    assert tree.currentItem() is None or tree.currentItem().data(0, NAME) != far
    counts = Counts(window)
    _click_in_picker(qtbot, window, far)
    counts.settle(window, qtbot)
    assert window.controller.view.question == far
    assert len(counts.views) == 1 and counts.filters == [] and counts.recomputes == 1
    _assert_follows(window, far, None)
    # Ctrl+Z (Edit ▸ Undo, pressed in the tree) puts the first question back, in the tree too
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    counts.settle(window, qtbot)
    assert window.charts.question == first and len(counts.views) == 2
    assert tree.currentItem().data(0, NAME) == first
    if SHOTS:
        _shots(window, Path(SHOTS), far)


def test_arrow_keys_on_the_picker_move_the_tree_within_the_topic(qtbot, window) -> None:
    tree = window.topics
    topic = tree.topic_item("ai")
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(topic).center()
    )
    window.flush()
    listed = window.session.listed_questions("ai")
    _assert_follows(window, listed[0], "ai")  # choosing a topic charts its first question
    box = window.charts.question_box
    box.setFocus()
    for step in (1, 2):
        counts = Counts(window)
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Down)
        counts.settle(window, qtbot)
        assert window.controller.view.question == listed[step]
        assert len(counts.views) == 1 and counts.filters == [] and counts.recomputes == 1
        _assert_follows(window, listed[step], "ai")


def test_the_picker_search_moves_the_tree(qtbot, window) -> None:
    box = window.charts.question_box
    wanted = next(q for q in window.session.questions() if "drones" in q)
    label = window.session.question_label(wanted)
    counts = Counts(window)
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "drones")
    popup = box.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    assert box.completer().completionCount() == 1, label
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    counts.settle(window, qtbot)
    assert window.controller.view.question == wanted
    assert len(counts.views) == 1 and counts.filters == [] and counts.recomputes == 1
    _assert_follows(window, wanted, None)


def test_the_restored_view_is_the_trees_current_row(qtbot, settings, session) -> None:
    from explorer.ui.main_window import MainWindow

    first = MainWindow(settings)
    first.set_session(session)
    first.controller.topic("trust")
    question = session.listed_questions("trust")[-1]
    first.controller.question(question)
    first.flush()
    first.close()
    dispose(first)
    second = MainWindow(settings)
    second.set_session(session)
    second.show()
    qtbot.waitExposed(second)
    second.flush()
    try:
        assert second.charts.restored.isVisible()  # it was the restored view
        _assert_follows(second, question, "trust")
    finally:
        dispose(second)


def test_a_topic_without_questions_shows_its_question_under_all_questions(qtbot, settings) -> None:
    from explorer.ui.main_window import MainWindow

    topics = TopicMap(
        topics=(
            Topic("lfr", "Live facial recognition", ("q_tech_lfr",), ("Live facial recognition",)),
            Topic("voices", "Voices only", (), ("Trust in the Met",)),
        )
    )
    window = MainWindow(settings)
    window.set_session(Session(small_survey(), small_project(), topics))
    window.show()
    qtbot.waitExposed(window)
    try:
        tree = window.topics
        item = tree.topic_item("voices")
        counts = Counts(window)
        click_item(qtbot, tree, item)
        counts.settle(window, qtbot)
        assert window.controller.state.topic == "voices"
        assert len(counts.filters) == 1 and counts.views == [] and counts.recomputes == 1
        _assert_follows(window, window.session.questions()[0], None)
    finally:
        dispose(window)


def _shots(window, folder: Path, question: str) -> None:
    """The window with the tree following `question` (the undone choice, chosen again with
    Ctrl+Y in the tree) in each theme at a laptop's and a desktop's size; chosen at each size,
    as a resize leaves the tree's scroll where it was."""
    from explorer.ui import screenshot

    tree = window.topics
    for name in ("light", "dark", "high-contrast"):
        window.set_theme(name)
        for size in ((1366, 768), (1920, 1080)):
            window.resize(*size)
            window.fit_docks()
            QApplication.processEvents()
            tree.setFocus()
            QTest.keyClick(tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
            window.flush()
            _assert_follows(window, question, None)
            screenshot.render(window, folder / f"follows-{name}-{size[0]}.png", size)
            QTest.keyClick(tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
            window.flush()
    window.set_theme("light")


def test_the_tree_is_not_scrolled_back_on_a_change_that_keeps_the_question(qtbot, window) -> None:
    window.resize(1366, 768)
    far = window.session.questions()[-3]
    _click_in_picker(qtbot, window, far)
    window.flush()
    _assert_follows(window, far, None)
    tree = window.topics
    bar = tree.verticalScrollBar()
    assert bar.value() > 0
    bar.setValue(0)  # the user scrolls the tree back to its top
    tabs = window.charts.tabs
    counts = Counts(window)
    qtbot.mouseClick(
        tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(1).center()
    )
    counts.settle(window, qtbot)
    assert window.controller.view.tab == "table" and len(counts.views) == 1
    assert bar.value() == 0  # left where the user put it
    assert tree.currentItem().data(0, NAME) == far
