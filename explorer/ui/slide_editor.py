"""Editing one slide in place: title, takeaway line, layout, speaker notes, pinned quotes; every change
goes through the briefing's undo history (typing in one field merges into one undo step).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.core.briefing.model import LAYOUTS, Slide

LAYOUT_NAMES = {
    "chart": "Chart",
    "table": "Table",
    "quotes": "Quotes",
    "chart+quotes": "Chart and quotes",
    "matrix": "Evidence matrix",
}


class SlideEditor(QWidget):
    """`edited(field, value)` when the user changes a field of the shown slide."""

    edited = Signal(str, object)
    unpinRequested = Signal(object)  # the PinnedQuote to take off the slide

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slide: Slide | None = None
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.title = QLineEdit()
        self.title.setAccessibleName("Slide title")
        self.takeaway = QLineEdit()
        self.takeaway.setAccessibleName("Slide takeaway")
        self.takeaway.setPlaceholderText("The one line the audience should remember")
        self.layout_box = QComboBox()
        self.layout_box.setAccessibleName("Slide layout")
        for key in LAYOUTS:
            self.layout_box.addItem(LAYOUT_NAMES[key], key)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Speaker notes")
        self.notes.setPlaceholderText("Speaker notes (shown only in the presenter's view)")
        self.notes.setMaximumHeight(110)
        form.addRow("Title", self.title)
        form.addRow("Takeaway", self.takeaway)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setAccessibleName("Takeaway numbers the slide does not show")
        self.figures.setVisible(False)
        form.addRow("", self.figures)
        form.addRow("Layout", self.layout_box)
        form.addRow("Notes", self.notes)
        self.pinned = QListWidget()
        self.pinned.setAccessibleName("Quotes pinned to the slide")
        self.pinned.setWordWrap(True)
        self.pinned.setMaximumHeight(110)
        self.unpin = QPushButton("Unpin")
        self.unpin.setAccessibleName("Unpin the selected quote from the slide")
        self.unpin.clicked.connect(self._unpin)
        quotes = QWidget()
        quotes_layout = QVBoxLayout(quotes)
        quotes_layout.setContentsMargins(0, 0, 0, 0)
        quotes_layout.addWidget(self.pinned)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.unpin)
        quotes_layout.addLayout(row)
        form.addRow("Quotes", quotes)
        self.title.textEdited.connect(lambda text: self.edited.emit("title", text))
        self.takeaway.textEdited.connect(lambda text: self.edited.emit("takeaway", text))
        self.layout_box.activated.connect(
            lambda i: self.edited.emit("layout", self.layout_box.itemData(i))
        )
        self.notes.textChanged.connect(self._notes_changed)
        self.show_slide(None)

    def _notes_changed(self) -> None:
        if self.slide is not None and self.notes.toPlainText() != self.slide.notes:
            self.edited.emit("notes", self.notes.toPlainText())

    def _unpin(self) -> None:
        row = self.pinned.currentRow()
        if self.slide is not None and 0 <= row < len(self.slide.quotes):
            self.unpinRequested.emit(self.slide.quotes[row])

    def show_unmatched(self, numbers: tuple[str, ...]) -> None:
        """Flag the takeaway's numbers that no figure on the slide shows (none: no flag)."""
        text = ", ".join(numbers)
        self.figures.setText(
            f"⚠ Not on the slide: {text}. Check the takeaway against the figures shown."
            if numbers
            else ""
        )
        self.figures.setVisible(bool(numbers))

    def show_slide(self, slide: Slide | None) -> None:
        """Fill the fields from `slide` without announcing edits (the cursor stays put)."""
        self.slide = slide
        self.setEnabled(slide is not None)
        for widget in (self.title, self.takeaway, self.layout_box, self.notes):
            widget.blockSignals(True)
        if self.title.text() != (slide.title if slide else ""):
            self.title.setText(slide.title if slide else "")
        if self.takeaway.text() != (slide.takeaway if slide else ""):
            self.takeaway.setText(slide.takeaway if slide else "")
        self.layout_box.setCurrentIndex(
            max(self.layout_box.findData(slide.view.layout if slide else "chart"), 0)
        )
        if self.notes.toPlainText() != (slide.notes if slide else ""):
            self.notes.setPlainText(slide.notes if slide else "")
        for widget in (self.title, self.takeaway, self.layout_box, self.notes):
            widget.blockSignals(False)
        self.pinned.clear()
        for quote in slide.quotes if slide else ():
            self.pinned.addItem(f"“{quote.text.strip()}” — {quote.attribution}")
        self.unpin.setEnabled(bool(slide and slide.quotes))
