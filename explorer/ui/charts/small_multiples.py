"""Several questions of a topic side by side as small bar charts, each clickable like the main
chart; the charts are kept and refilled, not rebuilt, when the filter changes.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from explorer.core.survey.model import Survey
from explorer.core.survey.table import Table
from explorer.ui.charts.bar_chart import BarChart

COLUMNS = 4
MAX_CHARTS = 4  # one row that fits: the question box reaches the rest


class SmallMultiples(QWidget):
    answerClicked = Signal(str, tuple, bool)
    questionChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel()
        self.caption.setAccessibleName("Small multiples caption")
        layout.addWidget(self.caption)
        inner = QWidget()
        inner.setAccessibleName("Questions of the topic side by side")
        self._grid = QGridLayout(inner)
        self._grid.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(inner, 1)
        self.charts: list[BarChart] = []

    def apply_theme(self) -> None:
        for chart in self.charts:
            chart.apply_theme()

    def set_tables(
        self,
        tables: list[Table],
        survey: Survey | None,
        selections: dict[str, frozenset],
        caption: str = "",
    ) -> None:
        tables = tables[:MAX_CHARTS]
        while len(self.charts) < len(tables):
            chart = BarChart(compact=True)
            chart.answerClicked.connect(self.answerClicked)
            k = len(self.charts)
            self._grid.addWidget(chart, k // COLUMNS, k % COLUMNS)
            self.charts.append(chart)
        for k, chart in enumerate(self.charts):
            # fewer charts side by side leave room for longer answer labels
            limit = {1: 40, 2: 24}.get(len(tables), 13)
            if k < len(tables):
                selected = frozenset(selections.get(tables[k].question, frozenset()))
                # the same (cached) table, selection and room: the chart is already right
                if not (
                    chart.table is tables[k]
                    and chart.selected == selected
                    and chart.label_limit == limit
                ):
                    chart.label_limit = limit
                    chart.set_table(tables[k], survey, selected)
                chart.setVisible(True)
            else:
                chart.setVisible(False)
        self.caption.setText(caption)
