"""Two tables beside the quotes: codes by a participant attribute (participants and segments per
cell, NVivo's matrix query) and code co-occurrence, both under the current filter.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.core.qual.queries import co_occurrence, code_frequencies
from explorer.core.session import Session
from explorer.ui.plain_text import plain_label


def _note(text: str) -> QLabel:
    label = plain_label(text)
    label.setWordWrap(True)
    return label


def _table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


class FrequencyView(QWidget):
    """Rows: codes (indented by depth); columns: the chosen attribute's values; cells: people."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = Session()
        self._participants: set[str] = set()
        self._stale = True
        layout = QVBoxLayout(self)
        self.attribute = QComboBox()
        self.attribute.setAccessibleName("Attribute to break codes down by")
        self.attribute.currentTextChanged.connect(lambda _t: self._fill())
        layout.addWidget(self.attribute)
        layout.addWidget(_note("Participants (segments) coded, among those the filter keeps"))
        self.table = _table("Codes by attribute")
        layout.addWidget(self.table, 1)

    def set_session(self, session: Session) -> None:
        self._session = session
        self.attribute.blockSignals(True)
        self.attribute.clear()
        if session.project is not None:
            self.attribute.addItems(session.project.attribute_names)
        self.attribute.blockSignals(False)

    def refresh(self, participants: set[str]) -> None:
        self._participants = participants
        self._stale = True
        if self.isVisible():  # a hidden tab fills itself when shown
            self._fill()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._fill()

    def _fill(self) -> None:
        self._stale = False
        project = self._session.project
        by = self.attribute.currentText()
        if project is None or not by:
            self.table.setRowCount(0)
            return
        rows = code_frequencies(project, by=by, segments=lambda s: s.case in self._participants)
        values = [r.value for r in rows if r.value is not None]
        values = list(dict.fromkeys(values))
        codes = list(dict.fromkeys(r.code for r in rows))
        self.table.setColumnCount(len(values) + 1)
        self.table.setHorizontalHeaderLabels(["All", *values])
        self.table.setRowCount(len(codes))
        index = {code: i for i, code in enumerate(codes)}
        cols = {None: 0, **{v: j + 1 for j, v in enumerate(values)}}
        names = []
        for r in rows:
            if r.value is None:
                names.append("  " * r.depth + r.name)
            text = f"{r.participants} ({r.segments})" if r.segments else "–"
            self.table.setItem(index[r.code], cols[r.value], QTableWidgetItem(text))
        self.table.setVerticalHeaderLabels(names)
        self.table.resizeColumnsToContents()


class CoOccurrenceView(QWidget):
    """How often two codes meet (same or overlapping segments), for the topic's codes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = Session()
        layout = QVBoxLayout(self)
        layout.addWidget(
            _note("Segments where two codes meet, all participants (diagonal: segments coded)")
        )
        self.table = _table("Code co-occurrence")
        layout.addWidget(self.table, 1)
        self._key: tuple | None = None

    def set_session(self, session: Session) -> None:
        self._session = session
        self._key = None

    def refresh(self, participants: set[str], codes: set[str] | None) -> None:
        project = self._session.project
        if project is None:
            self.table.setRowCount(0)
            return
        # co-occurrence is over the whole project; recompute only when the code set changes
        key = (id(project), tuple(sorted(codes)) if codes is not None else None)
        if key == self._key:
            return
        self._key = key
        from explorer.core.qual.queries import tree_order

        order = [c for c in tree_order(project) if codes is None or c in codes]
        result = co_occurrence(project, order)
        shown = [i for i, g in enumerate(result.codes) if result.counts[i][i] > 0]
        labels = [project.code_label(result.codes[i]) for i in shown]
        self.table.setRowCount(len(shown))
        self.table.setColumnCount(len(shown))
        self.table.setHorizontalHeaderLabels(labels)
        self.table.setVerticalHeaderLabels(labels)
        for r, i in enumerate(shown):
            for c, j in enumerate(shown):
                value = result.counts[i][j]
                self.table.setItem(r, c, QTableWidgetItem(str(value) if value else ""))
        self.table.resizeColumnsToContents()
