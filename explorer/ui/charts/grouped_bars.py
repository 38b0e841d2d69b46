"""A question broken down by a second variable: one group of horizontal bars per answer, one bar
per breakdown column, each labelled with its value and significance letters.

One BarGraphItem per column, created on demand and updated in place with `setOpts`.
"""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import QLabel, QToolTip, QVBoxLayout, QWidget

from explorer.core import captions
from explorer.core.survey.formatting import format_count, format_percent
from explorer.core.survey.model import Survey
from explorer.core.survey.table import Table
from explorer.ui import theme
from explorer.ui.charts.bar_chart import chart_bars

# Patterns alternate with colour so neighbouring columns differ in more than hue.
PATTERNS = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.Dense3Pattern)


def legend_html(table: Table) -> str:
    t = theme.current()
    parts = []
    for j, col in enumerate(table.columns[1:]):
        colour = t.series(j)
        flag = " (very low base)" if col.very_low_base else " (low base)" if col.low_base else ""
        parts.append(
            f"<span style='color:{colour}'>■</span>&nbsp;<b>{col.letter}</b>&nbsp;"
            f"{html.escape(col.label)} <span style='color:{t.muted}'>n={col.unweighted_base:,}"
            f"{flag}</span>"
        )
    return " &nbsp; ".join(parts)


def shown_columns(table: Table) -> list[int]:
    """Indices (into table.columns) of the breakdown columns drawn: a column whose base is too
    small to show anything (every cell "[c]") would only be noise, so the footer names it; a column
    nobody is in has nothing to draw."""
    return [
        j
        for j, col in enumerate(table.columns)
        if j > 0 and "suppressed" not in col.flags and col.unweighted_base > 0
    ]


def grouped_footer(table: Table) -> str:
    lines = [captions.base_line(table)]
    hidden = [c for c in table.columns[1:] if "suppressed" in c.flags]
    if hidden:
        lines.append(
            f"Not shown ({captions.hidden_reason(table)}): "
            + "; ".join(f"{c.letter} {c.label} n={format_count(c.unweighted_base)}" for c in hidden)
        )
    # Each column's letter, label and n are in the legend above the chart.
    lines.append("Letters: significantly higher than the column with that letter (95% level).")
    flags = captions.low_base_line(table)
    if flags:
        lines.append("⚠ " + flags)
    note = captions.suppression_note(table)
    if note:
        lines.append(note)
    lines.extend(table.notes)
    return "\n".join(lines)


class GroupedBars(QWidget):
    answerClicked = Signal(str, tuple, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None
        self._survey: Survey | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Grouped chart title")
        layout.addWidget(self.title)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Breakdown columns")
        layout.addWidget(self.legend)
        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName("Grouped bar chart")
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.invertY(True)
        item.getAxis("bottom").setLabel("% of respondents")
        layout.addWidget(self.plot, 1)
        self.footer = QLabel()
        self.footer.setWordWrap(True)
        self.footer.setAccessibleName("Grouped chart bases and notes")
        layout.addWidget(self.footer)
        self._series: list[pg.BarGraphItem] = []
        self._labels: list[pg.TextItem] = []
        self.label_texts: list[str] = []  # what the value labels say, in draw order
        # The view box's own size (not this widget's) decides whether labels fit.
        item.getViewBox().sigResized.connect(lambda _vb: self._fit_labels())
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.plot.scene().sigMouseMoved.connect(self._hovered)

    def apply_theme(self) -> None:
        if self.table is not None:
            self.set_table(self.table, self._survey)

    def set_table(self, table: Table, survey: Survey | None = None) -> None:
        self.table, self._survey = table, survey
        t = theme.current()
        self.title.setFont(theme.font(t.title_size, bold=True))
        self.title.setText(f"{table.label} — by {table.by_label or table.by}")
        self.legend.setFont(theme.font(t.label_size))
        self.legend.setText(legend_html(table))
        self.footer.setFont(theme.font(t.label_size))
        self.footer.setStyleSheet(f"color: {t.muted};")
        self.footer.setText(grouped_footer(table))
        self.plot.setBackground(t.base)
        shown = shown_columns(table)
        columns = [table.columns[j] for j in shown]
        bars = chart_bars(table, survey)
        self.rows = bars
        n = max(len(columns), 1)
        height = 0.8 / n
        item = self.plot.getPlotItem()
        while len(self._series) < len(columns):
            series = pg.BarGraphItem(x0=[], y=[], height=0.1, width=[])
            item.addItem(series)
            self._series.append(series)
        texts: list[tuple[float, float, str]] = []
        top = 10.0
        for j, series in enumerate(self._series):
            if j >= len(columns):
                series.setOpts(x0=[], y=[], width=[], height=height)
                continue
            # Colours follow the column's place in the table, so a column keeps its colour
            # whether or not a neighbour is hidden.
            colour = QColor(t.series(shown[j] - 1))
            brush = QBrush(colour, PATTERNS[(shown[j] - 1) % len(PATTERNS)])
            ys, widths = [], []
            for i, bar in enumerate(bars):
                row = next(r for r in table.rows if r.code == bar.row.code)
                cell = row.cells[shown[j]]
                pct = cell.percent if cell.percent is not None else 0.0
                y = i - 0.4 + height * (j + 0.5)
                ys.append(y)
                widths.append(pct)
                top = max(top, pct)
                if cell.suppressed:
                    continue  # no "[c]" piled on a hidden bar: the footer and hover explain it
                value = format_percent(cell.percent, suppressed=cell.suppressed)
                label = f"{columns[j].letter} {value}" + (
                    f" {cell.significance}" if cell.significance else ""
                )
                texts.append((pct + 0.8, y, label))
            series.setOpts(
                x0=[0] * len(ys),
                y=ys,
                width=widths,
                height=height * 0.9,
                brush=brush,
                pen=pg.mkPen(colour, width=t.bar_outline),
            )
        self._place_labels(texts)
        axis = item.getAxis("left")
        ticks = [(i, bar.row.label[:30]) for i, bar in enumerate(bars)]
        axis.setTicks([ticks])
        axis.setTextPen(pg.mkPen(t.text))
        axis.setStyle(tickFont=theme.font(t.label_size))
        metrics = QFontMetrics(theme.font(t.label_size))
        axis.setWidth(max([metrics.horizontalAdvance(x) for _, x in ticks] + [20]) + 14)
        item.getAxis("bottom").setTextPen(pg.mkPen(t.text))
        item.setXRange(0, min(top * 1.25 + 6, 125), padding=0)
        item.setYRange(-0.6, max(len(bars), 1) - 0.4, padding=0)
        self._bar_slot = height
        self._fit_labels()

    def labels_fit(self) -> bool:
        """Whether a value label fits beside its bar at the plot's current height."""
        if self.table is None or not self.rows:
            return True
        pixels_per_row = self.plot.getPlotItem().getViewBox().height() / len(self.rows)
        line = QFontMetrics(theme.font(max(theme.current().label_size - 1, 7))).height()
        return pixels_per_row * getattr(self, "_bar_slot", 1.0) >= line * 0.9

    def _fit_labels(self) -> None:
        """Labels that cannot fit would overprint each other: hide them and say hover shows them."""
        if self.table is None:
            return
        fit = self.labels_fit()
        for k, label in enumerate(self._labels):
            label.setVisible(fit and k < len(self.label_texts))
        text = grouped_footer(self.table)
        if not fit:
            text = (
                "Too many bars to label at this size: hover over an answer for every figure.\n"
                + text
            )
        if self.footer.text() != text:
            self.footer.setText(text)

    def _place_labels(self, texts: list[tuple[float, float, str]]) -> None:
        t = theme.current()
        item = self.plot.getPlotItem()
        while len(self._labels) < len(texts):
            label = pg.TextItem(anchor=(0, 0.5))
            item.addItem(label)
            self._labels.append(label)
        self.label_texts = [text for _, _, text in texts]
        for k, label in enumerate(self._labels):
            if k >= len(texts):
                label.setVisible(False)
                continue
            x, y, text = texts[k]
            label.setText(text, color=t.text)
            label.setFont(theme.font(max(t.label_size - 1, 7)))
            label.setPos(x, y)
            label.setVisible(True)

    def row_at(self, scene_pos: QPointF) -> int | None:
        vb = self.plot.getPlotItem().getViewBox()
        if self.table is None or not vb.sceneBoundingRect().contains(scene_pos):
            return None
        i = round(vb.mapSceneToView(scene_pos).y())
        return i if 0 <= i < len(self.rows) else None

    def hover_text(self, i: int) -> str:
        """Every column's figure for answer row `i`: what hovering over the group shows."""
        row = next(r for r in self.table.rows if r.code == self.rows[i].row.code)
        lines = [row.label]
        for col, cell in zip(self.table.columns[1:], row.cells[1:]):
            if cell.suppressed or cell.percent is None:
                hidden = captions.hidden_reason(self.table)
                lines.append(f"{col.letter} {col.label}: hidden ({hidden})")
                continue
            interval = f" ({cell.ci_low:.1f}–{cell.ci_high:.1f})" if cell.ci_low is not None else ""
            letters = f", above {', '.join(cell.significance)}" if cell.significance else ""
            lines.append(
                f"{col.letter} {col.label}: {cell.percent:.1f}%{interval}{letters}; "
                f"{cell.unweighted_count:,} of {col.unweighted_base:,}"
            )
        return "\n".join(lines)

    def _hovered(self, scene_pos: QPointF) -> None:
        i = self.row_at(scene_pos)
        if i is None:
            return
        text = self.hover_text(i)
        self.plot.setToolTip(text)
        QToolTip.showText(self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos)), text, self.plot)

    def _clicked(self, event) -> None:
        i = self.row_at(event.scenePos())
        if i is not None and self.rows[i].codes:
            add = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.answerClicked.emit(self.table.question, tuple(self.rows[i].codes), add)
