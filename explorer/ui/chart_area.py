"""The centre of the window: the selected question as bars (or grouped bars by a breakdown), its
table, and the topic's other questions as small multiples, all recomputed from the controller's
FilterState and ViewState. The widgets only show the state and ask the controller to change it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from explorer.core import view_state as vs
from explorer.core.filter_state import FilterState, for_chart_of
from explorer.core.question_labels import picker_labels
from explorer.core.session import Session
from explorer.ui import reading_marks, timing
from explorer.ui.charts.breakdown_grid import BreakdownGrid
from explorer.ui.charts.small_multiples import MAX_CHARTS, SmallMultiples
from explorer.ui.empty_state import EmptyState
from explorer.ui.evidence_view import EvidenceView
from explorer.ui.filter_controller import FilterController
from explorer.ui.focus_groups_alone import show_alone
from explorer.ui.means_panel import MeansPanel
from explorer.ui.plain_text import plain_label
from explorer.ui.qual_matrix import MatrixView
from explorer.ui.question_completer import QuestionCompleter
from explorer.ui.recompute import THREAD_THRESHOLD, Recompute
from explorer.ui.table_view import TableView

NO_BREAKDOWN = "No breakdown"
MULTIPLES_DELAY_MS = 15


class ChartArea(QWidget):
    problem = Signal(str)  # a table that could not be computed, in one sentence

    def __init__(self, controller: FilterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._session = Session()
        self._matrix_state: FilterState | None = None
        self.last_generation = 0
        self.thread_threshold = THREAD_THRESHOLD
        self.recompute = Recompute(self)
        self._held: list | None = None  # at start-up: the charts' first work, kept until shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        bar.addWidget(plain_label("Question:"))
        self.question_box = QComboBox()
        self.question_box.setAccessibleName("Question to chart")
        self.question_box.setMinimumContentsLength(14)
        self.question_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # Type any words of a question to find it ("facial", "drones"); what tells similar
        # questions apart is shown first.
        self.question_box.setEditable(True)
        self.question_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.question_box.lineEdit().setPlaceholderText("Type to search questions")
        self.question_box.lineEdit().setAccessibleName("Question to chart: type words to search")
        completer = QuestionCompleter(self.question_box)
        self.question_box.setCompleter(completer)
        completer.activated[str].connect(self._question_typed)
        self.question_box.activated.connect(
            lambda i: controller.question(self.question_box.itemData(i))
        )
        bar.addWidget(self.question_box, 2)
        bar.addWidget(plain_label("Break down by:"))
        self.breakdown = QComboBox()
        self.breakdown.setAccessibleName("Break the chart down by")
        self.breakdown.setMinimumContentsLength(12)
        self.breakdown.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.breakdown.activated.connect(lambda i: controller.breakdown(self.breakdown.itemData(i)))
        bar.addWidget(self.breakdown, 1)
        # Shown when the last session's view and filter were put back at start.
        self.restored = QWidget()
        restored = QHBoxLayout(self.restored)
        restored.setContentsMargins(0, 0, 0, 0)
        chip = plain_label("↺ Restored last view")
        chip.setObjectName("chip")
        chip.setToolTip("The filter and view you had when you last closed the window")
        restored.addWidget(chip)
        self.restored_reset = QPushButton("Reset view")
        self.restored_reset.setAccessibleName("Reset the restored view and filter")
        self.restored_reset.clicked.connect(self._reset_restored)
        restored.addWidget(self.restored_reset)
        self.restored.hide()
        layout.addLayout(bar)
        # on its own line, so it never widens the window past a laptop screen
        restored.addStretch(1)
        layout.addWidget(self.restored)

        split = QSplitter(Qt.Orientation.Vertical)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Chart or table")
        self.stack = QStackedWidget()
        self._bar_chart = None  # made when first shown: pyqtgraph is imported then
        self.grouped = BreakdownGrid()
        self.stack.addWidget(self.grouped)
        # shown at start-up for the moment between the window's first paint and its charts
        self.drawing = EmptyState("Drawing the chart…")
        self.stack.addWidget(self.drawing)
        # a question (or breakdown) chosen while a large file is still being read
        self.waiting = EmptyState()
        self.waiting.setAccessibleName("Question still being read")
        self.stack.addWidget(self.waiting)
        self.tabs.addTab(self.stack, "Chart")
        self.table_view = TableView()
        self.tabs.addTab(self.table_view, "Table")
        self.matrix = MatrixView("matrix", controller)
        self.tabs.addTab(self.matrix, "Codes × attribute")
        self.co_occurrence = MatrixView("cooccurrence", controller)
        self.tabs.addTab(self.co_occurrence, "Co-occurrence")
        self.evidence = EvidenceView(controller)
        self.tabs.addTab(self.evidence, "Evidence matrix")
        self._tab_names = {
            self.stack: "chart",
            self.table_view: "table",
            self.matrix: "matrix",
            self.co_occurrence: "cooccurrence",
            self.evidence: "evidence",
        }
        self.tabs.currentChanged.connect(
            lambda i: controller.tab(self._tab_names.get(self.tabs.widget(i), "chart"))
        )
        self.focus_button = QPushButton("⤢ Focus")
        self.focus_button.setCheckable(True)
        self.focus_button.setAccessibleName("Fill the window with this view (Ctrl+Shift+F)")
        self.focus_button.setToolTip("Fill the window with this view, or go back (Ctrl+Shift+F)")
        self.focus_button.clicked.connect(
            lambda: controller.focus(None if controller.view.focus else controller.view.tab)
        )
        self.tabs.setCornerWidget(self.focus_button)
        beside = QWidget()  # the distribution, and its means beside it for 0–10 questions
        row = QHBoxLayout(beside)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.tabs, 1)
        self.means = MeansPanel()
        row.addWidget(self.means)
        split.addWidget(beside)
        self.multiples = SmallMultiples()
        split.addWidget(self.multiples)
        split.setSizes([470, 430])
        layout.addWidget(split, 1)
        for chart in (self.grouped, self.multiples):
            chart.answerClicked.connect(self._answer_clicked)
        controller.changed.connect(self.refresh)
        controller.viewChanged.connect(lambda _view: self.refresh(controller.state))

    @property
    def bar_chart(self):
        """The question's bars (a BarChart), made the first time it is needed."""
        if self._bar_chart is None:
            from explorer.ui.charts.bar_chart import BarChart

            self._bar_chart = BarChart()
            self._bar_chart.answerClicked.connect(self._answer_clicked)
            self.stack.insertWidget(0, self._bar_chart)
        return self._bar_chart

    # --- data -------------------------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        self._session = session
        show_alone(self, session.survey is None and session.project is not None)
        self.breakdown.blockSignals(True)
        self.breakdown.clear()
        self.breakdown.addItem(NO_BREAKDOWN, None)
        profile = set(session.breakdowns())
        for name in session.breakdown_choices():
            if name not in profile and self.breakdown.count() == len(profile) + 1:
                self.breakdown.insertSeparator(self.breakdown.count())
            reading_marks.add_to_box(self.breakdown, session.question_label(name), session, name)
        for name in session.unread_breakdowns():  # listed, not yet chartable
            reading_marks.add_to_box(self.breakdown, session.question_label(name), session, name)
        self.breakdown.blockSignals(False)
        self.matrix.set_session(session)
        self.co_occurrence.set_session(session)
        self.evidence.set_session(session)
        self._matrix_state = None
        self.refresh(self._controller.state)

    @property
    def question(self) -> str | None:
        """The question charted now (the view's, or the topic's first)."""
        return vs.shown_question(self._controller.view, self._questions(self._controller.state))

    def _questions(self, state: FilterState) -> list[str]:
        # with those still being read (a large .sav's first hand-over), never charted until read
        return vs.topic_questions(self._session, state.topic)

    def set_question(self, question: str | None) -> None:
        """Ask the controller to chart `question` (shown once the change is announced)."""
        self._controller.question(question)
        self._controller.flush()

    def set_breakdown(self, variable: str | None) -> None:
        """Ask the controller to break the chart down by `variable` (None: no breakdown)."""
        self._controller.breakdown(variable)
        self._controller.flush()

    def _answer_clicked(self, question: str, codes: tuple, add: bool) -> None:
        self._controller.click_answer(question, codes, add=add)

    def _question_typed(self, text: str) -> None:
        index = self.question_box.findText(text)
        if index >= 0:
            self._controller.question(self.question_box.itemData(index))

    def show_restored(self, shown: bool) -> None:
        self.restored.setVisible(shown)

    def _reset_restored(self) -> None:
        from explorer.core.view_state import ViewState

        self.restored.hide()
        self._controller.go_to(FilterState(), ViewState())

    # --- following the state ----------------------------------------------------------------
    def refresh(self, state: FilterState, generation: int = 0) -> None:
        """Recompute every chart for `state`: at once on small data, off the GUI thread on large."""
        session = self._session
        if session.survey is None:  # focus groups alone: their matrices still follow the filter
            if session.project is not None and self._matrix_state != state:
                self._matrix_state = state
                self.matrix.refresh(state)
                self.co_occurrence.refresh(state)
            return
        view = self._controller.view
        questions = self._questions(state)
        question = vs.shown_question(view, questions)
        self._fill_questions(questions, question)
        by = vs.shown_breakdown(view, question)
        self.breakdown.setCurrentIndex(max(self.breakdown.findData(by), 0) if by else 0)
        want = next(w for w, name in self._tab_names.items() if name == view.tab)
        if self.tabs.currentWidget() is not want:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentWidget(want)
            self.tabs.blockSignals(False)
        self.focus_button.setChecked(view.focus is not None)
        self.multiples.setVisible(
            not vs.shown_breakdown(view, vs.shown_question(view, self._questions(state)))
            and view.focus is None
            and view.tab in ("chart", "table")
        )
        if self._matrix_state != state:
            self._matrix_state = state
            self.matrix.refresh(state)
            self.co_occurrence.refresh(state)
            self.evidence.refresh(state)
        if question is None:
            return
        if session.is_unread(question) or session.is_unread(by):
            reading_marks.show_waiting(self, session, question, by)
            return
        others = [q for q in questions if q != question and not session.is_unread(q)]

        # The session's significance settings with the view's empty-category and MR-base choices.
        options = vs.table_options(view, session.options)

        def work():
            # A chart is computed without its own answer selection, which it highlights instead.
            table = session.table(question, for_chart_of(state, question), by=by, options=options)
            tables = [
                session.table(q, for_chart_of(state, q), options=options)
                for q in others[:MAX_CHARTS]
            ]
            return table, tables, session.means(question, for_chart_of(state, question), by=by)

        def apply(result) -> None:
            self._show(state, by, len(others), *result)
            self.last_generation = generation

        def submit() -> None:
            self.recompute.submit(
                work,
                apply,
                self.problem.emit,
                threaded=session.survey.n >= self.thread_threshold,
            )

        if self._held is not None:  # start-up: computed and drawn once the window has painted
            self._held[:] = [submit]
            return
        submit()

    def hold_charts(self) -> None:
        """At start-up: leave the charts' tables and drawing until `release_charts`, so the
        window's first paint (the filters, the question, the base, the quotes) does not wait for
        them."""
        self._held = []
        self.stack.setCurrentWidget(self.drawing)

    def release_charts(self) -> None:
        """Compute and draw the newest view asked for since `hold_charts` (sized to the window as
        it is shown)."""
        held, self._held = self._held, None
        for submit in held or ():
            submit()

    def _show(self, state: FilterState, by, n_others: int, table, tables, means=None) -> None:
        session = self._session
        if self.means.means is not means:
            self.means.set_means(means, table.question)
        selections = dict(state.cross)
        selected = selections.get(table.question, frozenset())
        # Tables come from the Session's cache: an unchanged one is the same object, and its
        # chart is left as it is (no relayout, no repaint).
        if by:
            if self.grouped.table is not table or self.grouped.selected != selected:
                self.grouped.set_table(table, session.survey, selected)
            self.stack.setCurrentWidget(self.grouped)
        else:
            chart = self.bar_chart
            if chart.table is not table or chart.selected != selected:
                chart.set_table(table, session.survey, selected)
            self.stack.setCurrentWidget(chart)
        if self.table_view.table is not table:
            self.table_view.set_table(table)
        topic = session.topic_title(state.topic) if state.topic else "all questions"
        # the filter is stated once here; each small chart's footer is just its base
        caption = (
            f"Other questions in {topic} ({{shown}} of {n_others}) · Base: "
            f"{session.describe(state, 'survey')} · click an answer to filter by it"
        )
        if not self.recompute.threaded:
            self.multiples.set_tables(tables, session.survey, selections, caption)
            timing.charts_shown()  # BRIEFING_EXPLORER_TIMING: the start-up benchmark
            return
        # On large data the small multiples follow a few ms later (a timer, not a posted event,
        # which Qt would handle in the same pass), so the main chart's update and paint and
        # theirs are two shorter blocks of the GUI thread, not one long one.
        ticket = self.recompute.latest

        def later() -> None:
            if ticket == self.recompute.latest:  # no newer result is on its way
                self.multiples.set_tables(tables, session.survey, selections, caption)
                timing.charts_shown()

        QTimer.singleShot(MULTIPLES_DELAY_MS, later)

    def _fill_questions(self, questions: list[str], question: str | None) -> None:
        box = self.question_box
        current = [box.itemData(i) for i in range(box.count())]
        if current != questions:
            box.blockSignals(True)
            box.clear()
            shown = picker_labels({q: self._session.question_label(q) for q in questions})
            for q in questions:
                reading_marks.add_to_box(box, shown[q], self._session, q)
            box.blockSignals(False)
        box.setCurrentIndex(max(box.findData(question), 0))
        box.lineEdit().setCursorPosition(0)  # the start of the label, where the difference is

    def apply_theme(self) -> None:
        reading_marks.recolour(self._session, (self.question_box, self.breakdown))
        self.drawing.apply_theme()
        self.waiting.apply_theme()
        self.bar_chart.apply_theme()
        self.grouped.apply_theme()
        self.multiples.apply_theme()

    def current_chart_text(self) -> str:
        """What Ctrl+C copies: the selected cells of the table (all of it when none are), the
        breakdown's figures, or the chart's headline figures."""
        if self.tabs.currentWidget() is self.table_view:
            return self.table_view.grid.selection_text()
        if self.stack.currentWidget() is self.waiting:
            return self.waiting.text()
        if self.stack.currentWidget() is self.grouped:
            return self.table_view.as_text()
        return self.bar_chart.headline()
