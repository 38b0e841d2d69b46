"""Several questions of a topic side by side as small bar charts, each clickable like the main
chart; as many per row as the width reads well (and a second row when the height allows), labels
wrapped, each footer one short line (its base) and the filter stated once above them. The charts
are kept and refilled, not rebuilt, when the filter changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from explorer.core.survey.model import Survey
from explorer.core.survey.rounding import format_count
from explorer.core.survey.table import Table
from explorer.ui.plain_text import plain_label

if TYPE_CHECKING:
    from explorer.ui.charts.bar_chart import BarChart

MAX_CHARTS = 8  # two rows of four at most: the question box reaches the rest
MIN_CHART_WIDTH = 230  # narrower, answer labels and values crowd each other
MIN_CHART_HEIGHT = 210


def short_footer(table: Table) -> str:
    """One short line: the chart's base, flagged when low (the filter is stated once above)."""
    total = table.columns[0]
    flag = ""
    if total.flags:
        flag = " ⚠ " + total.flags[0]
    return f"unweighted n = {format_count(total.unweighted_base)}{flag}"


def grid_shape(width: int, height: int, count: int) -> tuple[int, int]:
    """(columns, rows) of small multiples for a width × height area and `count` questions."""
    columns = max(1, min(4, width // MIN_CHART_WIDTH, count))
    rows = 2 if height >= 2 * MIN_CHART_HEIGHT + 30 and count > columns else 1
    return columns, rows


class SmallMultiples(QWidget):
    answerClicked = Signal(str, tuple, bool)
    questionChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = plain_label()
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName("Small multiples caption")
        layout.addWidget(self.caption)
        inner = QWidget()
        inner.setAccessibleName("Questions of the topic side by side")
        self._grid = QGridLayout(inner)
        self._grid.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(inner, 1)
        self.charts: list[BarChart] = []
        self._last: tuple | None = None
        self.shape = (4, 1)

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
        self._last = (tables, survey, selections, caption)
        columns, rows = grid_shape(self.width(), self.height(), len(tables))
        self.shape = (columns, rows)
        tables = tables[: columns * rows]
        while len(self.charts) < len(tables):
            from explorer.ui.charts.bar_chart import BarChart  # pyqtgraph: when first needed

            chart = BarChart(compact=True)
            chart.answerClicked.connect(self.answerClicked)
            self.charts.append(chart)
        for k, chart in enumerate(self.charts):
            self._grid.removeWidget(chart)
            if k < len(tables):
                self._grid.addWidget(chart, k // columns, k % columns)
                selected = frozenset(selections.get(tables[k].question, frozenset()))
                # the same (cached) table and selection: the chart is already right
                if not (chart.table is tables[k] and chart.selected == selected):
                    chart.set_table(tables[k], survey, selected)
                chart.footer.setText(short_footer(tables[k]))
                chart.setVisible(True)
            else:
                chart.setVisible(False)
        for c in range(4):
            self._grid.setColumnStretch(c, 1 if c < columns else 0)
        self.caption.setText(caption.replace("{shown}", str(len(tables))))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._last is not None:
            tables = self._last[0]
            if grid_shape(self.width(), self.height(), len(tables)) != self.shape:
                self.set_tables(*self._last)
