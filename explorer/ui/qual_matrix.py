"""Codes × attribute and code co-occurrence in the main area: shaded tables of counts or
percentages under the current filter, each cell opening the passages behind it (double-click or
Enter), with their attribution.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.core.filter_state import FilterState
from explorer.core.qual import matrix as mx
from explorer.core.qual.attribution import attribution
from explorer.core.qual.queries import Quote, group_of
from explorer.core.session import Session
from explorer.core.survey.formatting import counted
from explorer.ui import theme
from explorer.ui.charts.shade import blend, ink_for
from explorer.ui.filter_controller import FilterController
from explorer.ui.plain_text import PlainBrowser, plain_label
from explorer.ui.table_view import wrap_head


def quote_of(project, segment) -> Quote:
    source = project.sources.get(segment.source)
    case = project.cases.get(segment.case) if segment.case else None
    return Quote(
        segment=segment,
        text=segment.text,
        source=source.name if source else "",
        speaker=segment.speaker,
        attributes=case.attribute_map if case else {},
        codes=tuple(project.codes[c].name for c in segment.codes if c in project.codes),
        group=group_of(project, segment),
        project=project,
    )


def cell_text(m: mx.Matrix, i: int, j: int, mode: str) -> str:
    count = m.counts[i][j]
    if not count:
        return "–"
    pct = m.percent(i, j)
    if mode == "count" or pct is None:
        return str(count)
    return f"{pct:.0f}% ({count})"


class MatrixView(QWidget):
    """kind "matrix": codes × a participant attribute; kind "cooccurrence": codes × codes."""

    def __init__(self, kind: str, controller: FilterController, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._controller = controller
        self._session = Session()
        self._state = FilterState()
        self.matrix: mx.Matrix | None = None
        self.passages: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        bar = QHBoxLayout()
        self.attribute = QComboBox()
        self.attribute.setAccessibleName("Attribute to break codes down by")
        self.attribute.currentTextChanged.connect(lambda _t: self.refresh(self._state))
        if kind == "matrix":
            bar.addWidget(plain_label("Participants by:"))
            bar.addWidget(self.attribute)
        self.percent = QRadioButton("Percent")
        self.count = QRadioButton("Count")
        for button, mode in ((self.percent, "percent"), (self.count, "count")):
            button.setAccessibleName(f"Show {mode}s")
            button.toggled.connect(lambda on, m=mode: on and controller.matrix_mode(m))
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.note = plain_label()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("What the table counts")
        layout.addWidget(self.note)
        self.table = QTableWidget()
        self.table.setAccessibleName(
            "Codes by attribute" if kind == "matrix" else "Code co-occurrence"
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves; arrows move between cells
        self.table.setWordWrap(True)
        self.table.cellActivated.connect(self.open_passages)
        self.table.cellDoubleClicked.connect(self.open_passages)
        layout.addWidget(self.table, 1)
        controller.viewChanged.connect(lambda _v: self._fill() if self.isVisible() else None)

    def set_session(self, session: Session) -> None:
        self._session = session
        self.attribute.blockSignals(True)
        self.attribute.clear()
        if session.project is not None:
            self.attribute.addItems(session.project.attribute_names)
        self.attribute.blockSignals(False)

    def refresh(self, state: FilterState) -> None:
        """Recompute for `state`'s participants and topic (when shown; else when next shown)."""
        self._state = state
        self.matrix = None
        if self.isVisible():
            self._fill()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fill()  # computes only if the state changed; redraws for a view changed meanwhile

    def participants(self) -> set[str]:
        return self._session.participants(self._state)

    def _compute(self) -> mx.Matrix | None:
        project = self._session.project
        if project is None:
            return None
        codes = self._session.topic_codes(self._state.topic)
        people = self.participants()
        keep = self._session.passage_filter(self._state)  # source, coder, coding date
        if self.kind == "matrix":
            by = self.attribute.currentText()
            return mx.attribute_matrix(project, by, people, codes, keep) if by else None
        return mx.filtered_co_occurrence(project, people, codes, keep)

    def _fill(self) -> None:
        if self.matrix is None:
            self.matrix = self._compute()
        mode = self._controller.view.matrix_mode
        for button, m in ((self.percent, "percent"), (self.count, "count")):
            button.blockSignals(True)
            button.setChecked(mode == m)
            button.blockSignals(False)
        m = self.matrix
        t = theme.current()
        table = self.table
        if m is None:
            table.setRowCount(0)
            self.note.setText("No focus groups loaded.")
            return
        who = counted(len(self.participants()), "participant")
        what = (
            "Participants coded (percent of the column's participants)"
            if self.kind == "matrix"
            else "Segments where two codes meet (percent of the row code's segments)"
        )
        self.note.setText(f"{what}; {who} under the filter. Double-click a cell for its passages.")
        table.setRowCount(len(m.rows))
        table.setColumnCount(len(m.columns))
        heads = list(m.columns)
        if self.kind == "matrix" and m.bases:
            heads = [f"{h}\nn={m.bases[0][j]}" for j, h in enumerate(m.columns)]
        table.setHorizontalHeaderLabels(heads)
        # names wrapped onto short lines, so the numbers keep the room (the tooltip has them whole)
        table.setVerticalHeaderLabels(
            ["\n".join("  " * depth + line for line in wrap_head(name, 26).split("\n"))
             for _g, name, depth in m.rows]
        )  # fmt: skip
        if self.kind == "cooccurrence":
            table.setHorizontalHeaderLabels([wrap_head(h, 12) for h in m.columns])
        for i in range(len(m.rows)):
            for j in range(len(m.columns)):
                pct = m.percent(i, j) or 0.0
                fill = blend(t.bar, t.base, 0.08 + 0.6 * pct / 100 if m.counts[i][j] else 0.0)
                item = QTableWidgetItem(cell_text(m, i, j, mode))
                item.setBackground(QBrush(fill))
                item.setForeground(QBrush(ink_for(fill)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(f"{m.rows[i][1]} × {m.columns[j]}: {cell_text(m, i, j, 'percent')}")
                table.setItem(i, j, item)
        table.resizeColumnsToContents()
        for j in range(table.columnCount()):  # long code names wrap in the head, not widen it
            table.setColumnWidth(j, min(table.columnWidth(j), 130))
        table.resizeRowsToContents()

    def cell_segments(self, i: int, j: int):
        m, project = self.matrix, self._session.project
        code = m.rows[i][0]
        keep = self._session.passage_filter(self._state)
        if self.kind == "matrix":
            by = self.attribute.currentText()
            return mx.attribute_cell_segments(
                project, code, by, m.keys[j], self.participants(), keep
            )
        return mx.co_occurrence_segments(project, code, m.keys[j], self.participants(), keep)

    def open_passages(self, i: int, j: int) -> None:
        """A dialog with the passages behind cell (i, j), each with its attribution."""
        if self.matrix is None or not (0 <= i < len(self.matrix.rows)):
            return
        project = self._session.project
        quotes = [quote_of(project, s) for s in mx.ordered(self.cell_segments(i, j))]
        title = f"{self.matrix.rows[i][1]} × {self.matrix.columns[j]}"
        body = "".join(
            f"<p>“{html.escape(q.text)}”<br><i>— {html.escape(attribution(q))}</i></p>"
            for q in quotes
        )
        dialog = QDialog(self)
        dialog.setWindowTitle(f"Passages: {title}")
        layout = QVBoxLayout(dialog)
        layout.addWidget(plain_label(f"{counted(len(quotes), 'passage')}: {title}"))
        text = PlainBrowser()  # escaped passages: no link followed, no resource loaded
        text.setAccessibleName("Passages")
        text.setHtml(body or "<p>No passages.</p>")
        layout.addWidget(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(620, 480)
        self.passages = dialog
        dialog.open()
