"""How the window shows the questions of a large .sav that are still being read (its first
hand-over, `Session.unread`): listed in the question lists with " — reading…", greyed, in
italics and with a tooltip; chosen (as the question or the breakdown), a "Reading …" message
stands where the chart and the table are, and no figure is shown until the whole survey is there.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QTreeWidgetItem

from explorer.core.session import Session
from explorer.ui import theme
from explorer.ui.plain_text import tooltip

READING = " — reading…"


def file_name(session: Session) -> str:
    survey = session.survey
    return os.path.basename(survey.source.path) if survey is not None else "the survey"


def tip(session: Session, name: str) -> str:
    return tooltip(
        f"{session.question_label(name)}: still being read from {file_name(session)}; "
        "it will show when the file is read"
    )


def _grey() -> QBrush:
    return QBrush(QColor(theme.current().muted))


def _italic(font: QFont) -> QFont:
    font = QFont(font)
    font.setItalic(True)
    return font


def mark_item(item: QTreeWidgetItem, session: Session, name: str) -> None:
    """A question of the topic tree that is still being read."""
    item.setText(0, session.question_label(name) + READING)
    item.setForeground(0, _grey())
    item.setFont(0, _italic(item.font(0)))  # marked even where " — reading…" is cut off
    item.setToolTip(0, tip(session, name))


def add_to_box(box: QComboBox, text: str, session: Session, name: str) -> None:
    """Add `name` to a question or breakdown list, marked when it is still being read."""
    unread = session.is_unread(name)
    box.addItem(text + READING if unread else text, name)
    index = box.count() - 1
    # a read question's tooltip is its label in full, as the picker's search matches it
    full = tip(session, name) if unread else session.question_label(name)
    box.setItemData(index, full, Qt.ItemDataRole.ToolTipRole)
    if unread:
        box.setItemData(index, _grey(), Qt.ItemDataRole.ForegroundRole)
        box.setItemData(index, _italic(box.font()), Qt.ItemDataRole.FontRole)


def recolour(session: Session, boxes=(), topics=()) -> None:
    """Grey the unread entries again in the theme now applied (a brush does not follow it)."""
    if not session.unread():
        return
    for box in boxes:
        for index in range(box.count()):
            if session.is_unread(box.itemData(index)):
                box.setItemData(index, _grey(), Qt.ItemDataRole.ForegroundRole)
    for topic in topics:
        for index in range(topic.childCount()):
            child = topic.child(index)
            if session.is_unread(child.data(0, Qt.ItemDataRole.UserRole + 1)):
                child.setForeground(0, _grey())


def unread_in(session: Session, view) -> str | None:
    """The label of a question or breakdown of a slide `view` still being read, else None: no
    slide or export is made of it until the file is read."""
    unread = [n for n in (*view.questions, view.breakdown) if session.is_unread(n)]
    return session.question_label(unread[0]) if unread else None


def waiting_text(session: Session, question: str, by: str | None) -> str:
    """What stands where the chart would be, for a question or breakdown still being read."""
    waiting = question if session.is_unread(question) else by
    return (
        f"Reading {session.question_label(waiting)}…\n"
        f"It will show when {file_name(session)} is read."
    )


def show_waiting(area, session: Session, question: str, by: str | None) -> None:
    """The chart area while its question (or breakdown) is still being read: the message on
    the chart and the table, no means, no small multiples, and any figure on its way dropped."""
    text = waiting_text(session, question, by)
    area.recompute.submit(lambda: None, lambda _r: None, lambda _m: None, threaded=False)
    area.waiting.setText(text)
    area.stack.setCurrentWidget(area.waiting)
    table = area.table_view
    table.table = table.grid.table = None
    table.grid.clearContents()
    table.grid.setRowCount(0)
    table.grid.setColumnCount(0)
    table.title.setText(text.replace("\n", " "))
    table.legend.setText("")
    area.means.set_means(None)
    area.multiples.setVisible(False)
