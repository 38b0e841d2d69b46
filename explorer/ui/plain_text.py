"""Text from files shown as text, never as markup: plain-text labels and message boxes, escaped
tooltips and rich text, colours checked before use, and text documents that never load a resource.

Qt guesses whether a string is HTML (`Qt.AutoText`); a variable label `<img src="/dev/zero">` would
make it read /dev/zero until memory runs out, `<a href="file:///…">` would offer a link, and on
Windows `//host/share/x` would open a network connection. Every widget that shows a string from a
file goes through one of these helpers instead.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QTextBrowser, QWidget

from explorer.core.shown_text import visible

# The most of one string a label shows (a 1 MB label would make the window a million pixels wide).
MAX_LABEL_CHARS = 2000
# A label may shrink to this width whatever its text (clipped, not pushing the window wider).
MIN_LABEL_WIDTH = 120


class PlainLabel(QLabel):
    """A QLabel showing its text as written: plain text, control and direction-override characters
    shown as escapes, very long text cut, and never forcing its window wider than the screen."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def setText(self, text: str) -> None:
        if self.textFormat() == Qt.TextFormat.PlainText:
            text = visible(text, keep_newlines=True, limit=MAX_LABEL_CHARS)
        super().setText(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), MIN_LABEL_WIDTH), min(hint.height(), 400))


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows `text` exactly as written, whatever characters it holds."""
    return PlainLabel(text, parent)


def make_plain(*labels: QLabel) -> None:
    """Switch existing labels to plain text (for labels made elsewhere, e.g. in a dialog)."""
    for label in labels:
        label.setTextFormat(Qt.TextFormat.PlainText)


def escaped(text: str) -> str:
    """`text` as HTML that displays it literally: markup escaped, line breaks kept, control and
    direction-override characters shown as escapes."""
    return html.escape(visible(text, keep_newlines=True)).replace("\n", "<br>")


def tooltip(text: str) -> str:
    """A tooltip showing `text` literally (Qt would otherwise guess that `<b>…` is markup)."""
    if not text:
        return ""
    return f"<qt>{escaped(text)}</qt>"


def safe_colour(value: object, fallback: str | QColor) -> QColor:
    """`value` as a QColor if it names a valid colour (`#RRGGBB`, a colour name), else `fallback`."""
    if isinstance(value, str) and 0 < len(value) <= 32 and value.isprintable():
        colour = QColor(value.strip())
        if colour.isValid():
            return colour
    return QColor(fallback)


def css_colour(value: object, fallback: str) -> str:
    """A colour safe to put in a style attribute: always `#rrggbb`."""
    return safe_colour(value, fallback).name()


def message_box(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    box = QMessageBox(icon, visible(title), visible(text, keep_newlines=True), parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def warning(parent: QWidget | None, title: str, text: str) -> None:
    """A modal warning showing `text` as plain text (an error quoting a file name or label)."""
    message_box(parent, title, text).exec()


def question(parent: QWidget | None, title: str, text: str) -> bool:
    """A Yes/No question shown as plain text; True for Yes."""
    box = message_box(parent, title, text, QMessageBox.Icon.Question)
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    box.setStandardButtons(yes | no)
    box.setDefaultButton(no)
    return box.exec() == yes


class NoResourceDocument(QTextDocument):
    """A text document that never loads an image, stylesheet or link target."""

    def loadResource(self, _type: int, _name) -> None:
        return None


class PlainBrowser(QTextBrowser):
    """A read-only rich-text view for escaped HTML: it follows no link and loads no resource."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setDocument(NoResourceDocument(self))

    def loadResource(self, _type: int, _name) -> None:
        return None

    def setSource(self, *_args) -> None:
        return None
