"""While a large .sav's rest is read (its reader held between the two hand-overs, as in
test_sav_stream_pending): a question still being read chosen in the question picker is the Topics
tree's current row too; changing the survey↔focus-group mapping meanwhile (Edit ▸ Match profile
dimensions…, by clicks and keys) keeps every unread question listed and the status bar saying the
rest is being read; and the "Reading …" placeholder is large, muted, centred and wrapped at a
readable width in the light, dark and high-contrast themes."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from explorer.core import dimensions as dm
from explorer.ui import theme
from explorer.ui.mapping_dialog import NONE, MappingDialog
from explorer.ui.reading_marks import READING
from explorer.ui.topic_navigator import NAME
from tests.ui.clicks import click_item
from tests.ui.test_sav_stream_pending import _box, _open_held, _tree
from tests.ui.test_sav_stream_pending import streamed as streamed  # the held reader
from tests.ui.test_topic_follows_question import Counts, _assert_follows, _click_in_picker

SHOTS = os.environ.get("EXPLORER_STREAM_SHOTS")  # a folder: screenshots of these states


def _menu_click(qtbot, window, menu_title: str, action_text: str) -> None:
    """Open a menu of the menu bar with the mouse and click one of its actions."""
    bar = window.menuBar()
    top = next(a for a in bar.actions() if a.text().replace("&", "") == menu_title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(top).center())
    menu = top.menu()
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    action = next(a for a in menu.actions() if a.text().replace("&", "") == action_text)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def _unmap_age_in_dialog(qtbot, window, done: list) -> None:
    """When the mapping dialog is up: Age is no longer matched (Home picks "not in the focus
    groups" with the keyboard), then OK is clicked."""

    def act() -> None:
        dialog = window.findChild(MappingDialog)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, act)
            return
        box = dialog.attribute_boxes["age_band"]
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Home)
        assert box.currentText() == NONE
        buttons = dialog.findChild(QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        done.append(True)

    QTimer.singleShot(50, act)


def _label(widget) -> QLabel:
    """The words of a placeholder: the label itself, or the one label inside it."""
    return widget if isinstance(widget, QLabel) else widget.findChild(QLabel)


def _placeholder_reads_well(window, name: str) -> None:
    """The placeholder is the chart area's large muted type, centred and wrapped in `name`."""
    t = theme.current()
    assert t.name == name
    charts = window.charts
    label = _label(charts.waiting)
    assert label.isVisible() and label.wordWrap()
    assert label.font().pointSize() > t.font_size and label.font().pointSize() >= t.title_size
    assert label.font() == _label(charts.drawing).font()  # as "Drawing the chart…" is
    assert label.palette().color(label.foregroundRole()) == QColor(t.muted)
    # centred in the chart's space, and no line wider than a readable measure
    space = charts.waiting.rect()
    centre = label.geometry().center()
    assert abs(centre.x() - space.center().x()) <= 2
    assert abs(centre.y() - space.center().y()) <= label.fontMetrics().height()
    metrics = QFontMetrics(label.font())
    assert label.width() <= min(metrics.averageCharWidth() * 60, space.width())
    lines = metrics.boundingRect(
        QRect(0, 0, label.width(), 10000), Qt.TextFlag.TextWordWrap, label.text()
    )
    assert lines.height() >= 2 * metrics.height()  # the file's name on a line of its own


def test_an_unread_question_chosen_in_the_picker_is_followed_and_waits_in_large_type(
    qtbot, window, streamed, tmp_path
) -> None:
    _open_held(window, qtbot, tmp_path)
    assert window.session.is_unread("q10") and window.before_preview is not None
    # an unread question chosen in the picker is the tree's current row, marked as reading
    counts = Counts(window)
    _click_in_picker(qtbot, window, "q10")
    counts.settle(window, qtbot)
    assert window.controller.view.question == "q10"
    assert len(counts.views) == 1 and counts.filters == []
    _assert_follows(window, "q10", None)
    assert window.topics.currentItem().text(0).endswith(READING)
    charts = window.charts
    assert charts.stack.currentWidget() is charts.waiting
    bar = window.statusBar()
    for name in ("light", "dark", "high-contrast"):
        window.set_theme(name)
        window.flush()
        window.resize(1366 if window.width() != 1366 else 1400, 768)
        qtbot.wait(50)  # the status bar has laid itself out again, for the type and the size
        _placeholder_reads_well(window, name)
        # the reading message stands in for the base, never drawn over it
        assert bar.currentMessage().startswith("Reading the rest of big tracker.sav")
        assert not window.status_base.isVisible() and not window.status_names.isVisible()
        if SHOTS:
            _shots(window, Path(SHOTS), f"reading-{name}")
    window.set_theme("light")
    bar.clearMessage()  # and the base comes back when the message goes
    assert window.status_base.isVisible()
    (tmp_path / "release").touch()
    qtbot.waitUntil(lambda: window.before_preview is None, timeout=60000)
    window.flush()
    assert window.controller.view.question == "q10"
    _assert_follows(window, "q10", None)
    assert not window.topics.currentItem().text(0).endswith(READING)


def test_changing_the_mapping_while_reading_keeps_the_unread_list(
    qtbot, window, streamed, tmp_path
) -> None:
    _open_held(window, qtbot, tmp_path)
    session = window.session
    unread = dict(session.unread())
    assert "q10" in unread and window.before_preview is not None
    # the mapping is changed by mouse and keys while the rest is read
    done: list = []
    _unmap_age_in_dialog(qtbot, window, done)
    _menu_click(qtbot, window, "Edit", "Match profile dimensions…")
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    window.flush()
    assert window.session is not session
    assert window.session.dimension("age_band").scope == dm.SURVEY_ONLY
    assert window.before_preview is not None and window.loader.busy
    assert window.session.unread() == unread  # every unread question still listed
    tree, box = _tree(window), _box(window.charts.question_box)
    assert {n for n, t in tree if t.endswith(READING)} == set(unread)
    assert {n for n, t in box if t.endswith(READING)} == set(unread)
    qtbot.wait(100)  # the data notes the new session shows have had their turn
    assert window.statusBar().currentMessage().startswith("Reading the rest of big tracker.sav")
    # the unread question can still be chosen (a click in the tree) and waits for the file
    top = window.topics.topic_item(None)
    top.setExpanded(True)
    item = next(
        top.child(i) for i in range(top.childCount()) if top.child(i).data(0, NAME) == "q10"
    )
    window.topics.scrollToItem(item)
    click_item(qtbot, window.topics, item)
    window.flush()
    charts = window.charts
    assert charts.stack.currentWidget() is charts.waiting
    assert charts.waiting.text().startswith("Reading Support for policy J in your area…")
    # the whole file arrives with the mapping the user chose
    (tmp_path / "release").touch()
    qtbot.waitUntil(lambda: window.before_preview is None, timeout=60000)
    window.flush()
    assert not window.session.unread()
    assert window.session.dimension("age_band").scope == dm.SURVEY_ONLY
    assert window.controller.view.question == "q10"
    assert not any(t.endswith(READING) for _n, t in _tree(window))


def _shots(window, folder: Path, what: str) -> None:
    from explorer.ui import screenshot

    for size in ((1366, 768), (1920, 1080)):
        window.flush()
        screenshot.render(window, folder / f"{what}-{size[0]}.png", size)
        QApplication.processEvents()
