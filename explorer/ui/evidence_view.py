"""The evidence matrix in the main area: themes (topics, or the topic's codes) by the groups of a
profile dimension both halves share; each cell the survey's figure (percent, interval, base,
flags) over the focus groups' count (participants or passages, not statistically
representative). Clicking a cell shows its passages in the quote browser under that cell's filter;
under the table, the cell's exemplar, the analyst's summary and the row's tag (kept in the
briefing). Columns ignore the filter on their own dimension, which they highlight instead.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.core import dimensions as dm
from explorer.core import filter_state as fs
from explorer.core.briefing import model as bm
from explorer.core.errors import ExplorerError
from explorer.core.evidence import notes as en
from explorer.core.evidence.matrix import NOT_REPRESENTATIVE, EvidenceMatrix, build_matrix
from explorer.core.evidence.themes import CODE, MatrixSpec, code_themes, refs_of, topic_themes
from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.core.survey.formatting import format_percent
from explorer.ui import theme
from explorer.ui.charts.shade import blend, ink_for
from explorer.ui.evidence_notes_box import EvidenceNotesBox
from explorer.ui.filter_controller import FilterController
from explorer.ui.plain_text import plain_label, tooltip
from explorer.ui.recompute import THREAD_THRESHOLD, Recompute
from explorer.ui.table_view import wrap_head

TOPICS, CODES = "Topics", "Codes of the topic"
MIN_COLUMN_PX = 64
TAG_MARKS = {"confirms": "✓ confirms", "expands": "+ expands", "diverges": "≠ diverges"}
LEGEND = (
    "Survey: % giving the row's answer (95% interval), unweighted n; ⚠ low base; [c] under 10 "
    "respondents. Focus groups: participants who raised the theme, of the group's (or passages): "
    "not statistically representative, no interval; ⚑ under 3 participants. Click a cell for its "
    "passages."
)


def cell_lines(matrix: EvidenceMatrix, i: int, j: int, unit: str, noted: bool) -> str:
    cell = matrix.rows[i].cells[j]
    s, q = cell.survey, cell.qual
    if s is None:
        top = "–"
    elif s.suppressed or s.percent is None:
        top = f"{format_percent(s.percent, suppressed=s.suppressed)}\nn={s.unweighted_base}"
    else:
        flag = " ⚠" if s.flags else ""
        interval = f"({format_percent(s.ci_low)}–{format_percent(s.ci_high)})"
        top = f"{format_percent(s.percent)}%{flag}\n{interval}\nn={s.unweighted_base}"
    if q is None:
        bottom = "–"
    elif unit == "passages":
        bottom = f"{q.passages} passages"
    else:
        bottom = f"{q.participants}/{q.of} people"
    if q is not None and q.narrow:
        bottom += " ⚑"
    return f"{top}\n{bottom}" + ("\n✎" if noted else "")


class EvidenceView(QWidget):
    passagesShown = Signal()  # a cell's passages were put in the quote browser

    def __init__(self, controller: FilterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._session = Session()
        self._state = FilterState()
        self._panel = None  # the briefing panel, whose briefing keeps the notes
        self._key = None
        self.matrix: EvidenceMatrix | None = None
        self.problem = ""
        self.unit = "participants"
        self.thread_threshold = THREAD_THRESHOLD
        self.recompute = Recompute(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        bar = QHBoxLayout()
        bar.addWidget(plain_label("Columns:"))
        self.by = QComboBox()
        self.by.setMinimumContentsLength(8)
        self.by.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.by.setAccessibleName("Profile dimension the columns come from")
        self.by.activated.connect(lambda _i: self.refresh(self._state, force=True))
        bar.addWidget(self.by)
        bar.addWidget(plain_label("Rows:"))
        self.rows = QComboBox()
        self.rows.setMinimumContentsLength(8)
        self.rows.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.rows.setAccessibleName("Themes the rows are")
        self.rows.addItems([TOPICS, CODES])
        self.rows.activated.connect(lambda _i: self.refresh(self._state, force=True))
        bar.addWidget(self.rows)
        bar.addStretch(1)
        layout.addLayout(bar)
        # the unit and the button on a line of their own: in one line the view needed 710 px in
        # high contrast and squeezed the filter panel at 1366 wide
        bar = QHBoxLayout()
        self.people = QRadioButton("People")
        self.people.setChecked(True)
        self.people.setAccessibleName("Count focus-group participants")
        self.passages = QRadioButton("Passages")
        self.passages.setAccessibleName("Count focus-group passages")
        for button, unit in ((self.people, "participants"), (self.passages, "passages")):
            button.toggled.connect(lambda on, u=unit: on and self._set_unit(u))
            bar.addWidget(button)
        bar.addStretch(1)
        self.add_all = QPushButton("Add to briefing")
        self.add_all.setAccessibleName("Add the matrix to the briefing as a slide")
        self.add_all.clicked.connect(lambda: self.add_to_briefing(row=False))
        self.add_row = QPushButton("Add row")
        self.add_row.setAccessibleName("Add the chosen row to the briefing as a slide")
        self.add_row.clicked.connect(lambda: self.add_to_briefing(row=True))
        bar.addWidget(self.add_all)
        layout.addLayout(bar)
        self.note = plain_label(LEGEND)
        self.note.setWordWrap(True)
        self.note.setAccessibleName("What the matrix shows")
        self.note.setToolTip(tooltip(NOT_REPRESENTATIVE))
        layout.addWidget(self.note)
        self.table = QTableWidget()
        self.table.setAccessibleName("Evidence matrix")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        # the groups share the width (six fit a laptop; a long line wraps), rows fit their text
        head = self.table.horizontalHeader()
        head.setMinimumSectionSize(MIN_COLUMN_PX)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellClicked.connect(self.open_cell)
        self.table.cellActivated.connect(self.open_cell)
        layout.addWidget(self.table, 1)
        self.box = EvidenceNotesBox()
        self.box.summaryEdited.connect(self._summary_edited)
        self.box.tagEdited.connect(self._tag_edited)
        self.box.passagesRequested.connect(lambda: self.open_cell(*self.current()))
        self.box.add_button(self.add_row)  # beside the row's tag, keeping the bar short
        layout.addWidget(self.box)

    # --- data -------------------------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        self._session = session
        self.by.clear()
        for dim in session.dimensions:
            if dim.scope == dm.BOTH:
                self.by.addItem(dim.label, dim.key)
        self._key, self.matrix = None, None

    def attach_briefing(self, panel) -> None:
        """Keep notes in `panel`'s briefing; undo and redo there show here."""
        self._panel = panel
        panel.history.indexChanged.connect(lambda _i: self._draw())

    @property
    def notes(self) -> en.EvidenceNotes:
        return self._panel.briefing.evidence if self._panel is not None else en.EvidenceNotes()

    def choose_dimension(self, key: str) -> None:
        """Make the columns the groups of dimension `key` (when the data shares it)."""
        index = self.by.findData(key)
        if index >= 0 and index != self.by.currentIndex():
            self.by.setCurrentIndex(index)
            self.refresh(self._state, force=True)

    def dimension(self) -> dm.Dimension | None:
        return self._session.dimension(self.by.currentData()) if self.by.count() else None

    def refresh(self, state: FilterState, _generation: int = 0, force: bool = False) -> None:
        """Follow `state`: recompute when what the matrix shows changed (when shown)."""
        self._state = state
        if force:
            self._key = None
        if self.isVisible():
            self._fill()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fill()

    def matrix_state(self) -> FilterState:
        """The state the matrix is computed under: the filter without its own dimension."""
        dim = self.dimension()
        state = self._state
        return fs.without(state, dim.key) if dim is not None else state

    def _themes(self):
        session, state = self._session, self._state
        if self.rows.currentText() == TOPICS and session.topics is not None:
            return topic_themes(session)
        project = session.project
        if project is None:
            return []
        codes = session.topic_codes(state.topic)
        tops = [
            g for g, c in project.codes.items()
            if (codes is None and c.parent is None) or (codes is not None and g in codes
                and project.codes[g].parent not in codes)
        ]  # fmt: skip
        return code_themes(session, tops)

    def _fill(self) -> None:
        """Recompute when what the matrix shows changed (off the GUI thread on large data),
        else redraw (notes and the highlighted columns follow at once)."""
        dim = self.dimension()
        state = self.matrix_state()
        topic = self._state.topic if self.rows.currentText() == CODES else None
        key = (
            dim.key if dim else None,
            self.rows.currentText(),
            topic,
            state.dimensions,
            state.cross,
        )
        if key == self._key:
            self._draw()
            return
        self._key = key
        session = self._session
        if dim is None or session.survey is None or session.project is None:
            self.matrix = None
            self.problem = "The matrix needs a survey and focus groups sharing a profile dimension."
            self._draw()
            return
        try:
            themes = self._themes()
        except ExplorerError as error:
            self._failed(error.message)
            return
        self.recompute.submit(
            lambda: build_matrix(session, state, dim.key, themes),
            self._computed,
            self._failed,
            threaded=session.survey.n >= self.thread_threshold,
        )

    def _computed(self, matrix: EvidenceMatrix) -> None:
        self.matrix, self.problem = matrix, ""
        self._draw()

    def _failed(self, message: str) -> None:
        self.matrix, self.problem = None, message
        self._draw()

    def _draw(self) -> None:
        table, m = self.table, self.matrix
        if m is None:
            table.setRowCount(0)
            table.setColumnCount(0)
            self.note.setText(self.problem or LEGEND)
            return
        self.note.setText(f"{LEGEND} Base: {m.survey_filter}.")
        t = theme.current()
        notes = self.notes
        allowed = self._state.allowed(m.by)
        table.setColumnCount(len(m.groups))
        table.setRowCount(len(m.rows))
        for j, group in enumerate(m.groups):
            of = m.rows[0].cells[j].qual.of if m.rows and m.rows[0].cells[j].qual else 0
            # each cell says "6/7 people": the group's focus-group count is in the tooltip, so a
            # heading is only as wide as the group's name
            head = QTableWidgetItem(group.label)
            head.setToolTip(tooltip(f"{group.label}: {of} focus-group participants"))
            if group.key in allowed:
                font = QFont(head.font())
                font.setBold(True)
                head.setFont(font)
                head.setText(f"▸ {group.label}")
            table.setHorizontalHeaderItem(j, head)
        # a group's column is never narrower than its heading (a scroll bar before a cut label)
        heads = [table.horizontalHeaderItem(j) for j in range(table.columnCount())]
        bold = QFont(table.horizontalHeader().font())
        bold.setBold(True)
        widest = max(
            (
                QFontMetrics(bold).horizontalAdvance(line)
                for h in heads
                for line in h.text().split("\n")
            ),
            default=0,
        )
        table.horizontalHeader().setMinimumSectionSize(max(MIN_COLUMN_PX, widest + 16))
        for i, row in enumerate(m.rows):
            answer = row.cells[0].survey.answer if row.cells and row.cells[0].survey else ""
            tag = notes.tag(m.by, row.theme.id)
            lines = [wrap_head(row.theme.label, 14)]
            lines += [wrap_head(answer, 14)] if answer else []
            lines += [TAG_MARKS[tag.tag]] if tag else []
            head = QTableWidgetItem("\n".join(lines))
            head.setToolTip(tooltip(f"{row.theme.label}: {row.question_label}"))
            table.setVerticalHeaderItem(i, head)
            for j, cell in enumerate(row.cells):
                noted = bool(notes.summary(m.by, row.theme.id, cell.group.key))
                item = QTableWidgetItem(cell_lines(m, i, j, self.unit, noted))
                pct = cell.survey.percent if cell.survey and cell.survey.percent else 0.0
                fill = blend(t.bar, t.base, 0.06 + 0.5 * pct / 100 if cell.survey else 0.0)
                item.setBackground(QBrush(fill))
                item.setForeground(QBrush(ink_for(fill)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(i, j, item)
        self._show_box()

    # --- a cell -----------------------------------------------------------------------------
    def current(self) -> tuple[int, int]:
        return self.table.currentRow(), self.table.currentColumn()

    def _show_box(self) -> None:
        i, j = self.current()
        m = self.matrix
        if m is None or not (0 <= i < len(m.rows) and 0 <= j < len(m.groups)):
            self.box.show_cell(None, None, "", None)
            return
        row, cell = m.rows[i], m.rows[i].cells[j]
        summary = self.notes.summary(m.by, row.theme.id, cell.group.key)
        self.box.show_cell(row, cell, summary, self.notes.tag(m.by, row.theme.id))

    def open_cell(self, i: int, j: int) -> None:
        """Show cell (i, j) below and its passages in the quote browser, under its filter."""
        m = self.matrix
        if m is None or not (0 <= i < len(m.rows) and 0 <= j < len(m.groups)):
            return
        self.table.setCurrentCell(i, j)
        self._show_box()
        theme_ = m.rows[i].theme
        state = fs.with_values(self._state, m.by, [m.groups[j].key])
        if theme_.kind == CODE:
            state = fs.with_codes(state, [theme_.id])
        else:
            state = fs.with_topic(state, theme_.id)
        self._controller.set_state(fs.with_search(state, ""))
        self.passagesShown.emit()

    def _set_unit(self, unit: str) -> None:
        self.unit = unit
        self._draw()

    # --- notes and slides -------------------------------------------------------------------
    def _edit(self, text: str, notes: en.EvidenceNotes, merge: int) -> None:
        if self._panel is not None:
            after = bm.set_evidence(self._panel.briefing, notes)
            self._panel.history.apply(text, after, None, merge)

    def _summary_edited(self, text: str) -> None:
        i, j = self.current()
        m = self.matrix
        if m is None or i < 0 or j < 0:
            return
        key = (m.by, m.rows[i].theme.id, m.groups[j].key)
        self._edit("Edit cell summary", en.with_summary(self.notes, *key, text), 7001)
        item = self.table.item(i, j)
        if item is not None:
            item.setText(cell_lines(m, i, j, self.unit, bool(text.strip())))

    def _tag_edited(self, tag: str, reason: str) -> None:
        i, _j = self.current()
        m = self.matrix
        if m is not None and i >= 0:
            notes = en.with_tag(self.notes, m.by, m.rows[i].theme.id, tag or None, reason)
            self._edit("Tag matrix row", notes, 7002)

    def add_to_briefing(self, row: bool) -> None:
        """The matrix (or the chosen row) as a slide of the briefing, under the current filter."""
        m = self.matrix
        if m is None or self._panel is None:
            return
        i = self.table.currentRow()
        chosen = m.rows[i].theme if row and 0 <= i < len(m.rows) else None
        if row and chosen is None:
            return
        spec = MatrixSpec(m.by, refs_of([r.theme for r in m.rows]), chosen.id if chosen else None)
        rows = [chosen] if chosen else [r.theme for r in m.rows]
        questions = list(dict.fromkeys(t.question for t in rows if t.question))
        view = bm.view_from_state(self.matrix_state(), questions, layout="matrix")
        title = f"{chosen.label} by {m.by_label}" if chosen else f"Evidence matrix by {m.by_label}"
        self._panel.add_slide(replace(bm.make_slide(title, view=view), matrix=spec))
