"""Under the evidence matrix: the chosen cell in words (its survey figure with base, its
focus-group count, the exemplar quote with its attribution and reference), the analyst's summary
of the cell and the row's tag (confirms, expands, diverges) with the reason. File text is shown as
plain text; edits are handed to the view, which keeps them in the briefing.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from explorer.core.evidence.matrix import NARROW_NOTE, Cell, Row
from explorer.core.evidence.matrix_json import qual_text, survey_text
from explorer.core.evidence.notes import TAG_MEANINGS, TAGS, RowTag
from explorer.ui.plain_text import plain_label

NO_TAG = "No tag"


class EvidenceNotesBox(QWidget):
    summaryEdited = Signal(str)  # the chosen cell's summary
    tagEdited = Signal(str, str)  # the row's tag ("" for none) and reason
    passagesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 0)
        grid.setVerticalSpacing(3)
        self.cell_line = plain_label("Choose a cell to read it, open its passages and note it.")
        self.cell_line.setWordWrap(True)
        self.cell_line.setAccessibleName("The chosen cell")
        grid.addWidget(self.cell_line, 0, 0, 1, 4)
        self.exemplar = plain_label()
        self.exemplar.setWordWrap(True)
        self.exemplar.setAccessibleName("Exemplar quote")
        grid.addWidget(self.exemplar, 1, 0, 1, 4)
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName("Analyst's summary of the cell")
        self.summary.setPlaceholderText("Your summary of this cell (kept in the briefing)")
        self.summary.setMaximumHeight(46)
        self.summary.setTabChangesFocus(True)
        grid.addWidget(self.summary, 2, 0, 1, 3)
        self.passages = QPushButton("Passages")
        self.passages.setAccessibleName("Open the cell's passages in the quote browser")
        self.passages.setToolTip("Show every passage of this cell in the quote browser")
        self.passages.clicked.connect(self.passagesRequested.emit)
        grid.addWidget(self.passages, 2, 3)
        self.tag = QComboBox()
        self.tag.setAccessibleName("Row tag")
        self.tag.setMinimumContentsLength(10)  # the meanings are long; the box never widens
        self.tag.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tag.addItem(NO_TAG, "")
        for tag in TAGS:
            self.tag.addItem(f"{tag.capitalize()}: {TAG_MEANINGS[tag]}", tag)
        grid.addWidget(plain_label("Row:"), 3, 0)
        grid.addWidget(self.tag, 3, 1)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the row's tag")
        self.reason.setPlaceholderText("Why (kept in the briefing)")
        grid.addWidget(self.reason, 3, 2)
        grid.setColumnStretch(2, 1)
        self._grid = grid
        self.summary.textChanged.connect(self._summary_changed)
        self.tag.activated.connect(lambda _i: self._tag_changed())
        self.reason.editingFinished.connect(self._tag_changed)
        self._quiet = False
        self.show_cell(None, None, "", None)

    def add_button(self, button: QPushButton) -> None:
        """Put `button` (the view's "Add row") at the end of the row-tag line."""
        self._grid.addWidget(button, 3, 3)

    def show_cell(self, row: Row | None, cell: Cell | None, summary: str, tag: RowTag | None):
        """Show `cell` of `row` with its notes (None: nothing chosen)."""
        self._quiet = True
        chosen = row is not None and cell is not None
        for widget in (self.summary, self.passages, self.tag, self.reason):
            widget.setEnabled(chosen)
        if not chosen:
            self.exemplar.setText("")
            self.summary.setPlainText("")
            self.reason.setText("")
            self.tag.setCurrentIndex(0)
            self._quiet = False
            return
        answer = f"{cell.survey.answer}: " if cell.survey else ""
        self.cell_line.setText(
            f"{row.theme.label} × {cell.group.label} — survey {answer}{survey_text(cell)}; "
            f"focus groups {qual_text(cell)}"
            + (f" {NARROW_NOTE}" if cell.qual and cell.qual.narrow else "")
        )
        e = cell.exemplar
        self.exemplar.setText(
            f"“{e.text}” — {e.attribution} ({e.reference})" if e else "No passage in this cell."
        )
        if self.summary.toPlainText() != summary:
            self.summary.setPlainText(summary)
        self.tag.setCurrentIndex(max(self.tag.findData(tag.tag if tag else ""), 0))
        self.reason.setText(tag.reason if tag else "")
        self._quiet = False

    def _summary_changed(self) -> None:
        if not self._quiet:
            self.summaryEdited.emit(self.summary.toPlainText())

    def _tag_changed(self) -> None:
        if not self._quiet:
            self.tagEdited.emit(self.tag.currentData() or "", self.reason.text())
