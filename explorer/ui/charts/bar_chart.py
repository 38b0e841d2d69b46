"""One question as horizontal bars of weighted percent with intervals (at the confidence set) and
value labels; the wording as title and the base, its flags and the design effect as footer. Clicking a bar asks for a cross-filter.

Items are created once and updated in place (`setOpts`, `setData`) on every new table.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import QSizePolicy, QToolTip, QVBoxLayout, QWidget

from explorer.core import captions
from explorer.core.survey.formatting import format_count, format_percent
from explorer.core.survey.model import Survey
from explorer.core.survey.table import Table
from explorer.ui import theme
from explorer.ui.charts.bars import (
    Bar,
    adds,
    chart_bars,
    fitted_labels,
    footer_text,
    tooltip_text,
)
from explorer.ui.charts.plotting import pg
from explorer.ui.plain_text import plain_label, tooltip


class BarChart(QWidget):
    """Horizontal bars for one question; `answerClicked(question, codes, add)` on a click."""

    answerClicked = Signal(str, tuple, bool)

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.compact = compact
        self.label_share = 0.0  # share of the width for answer labels; 0: by kind of chart
        self.table: Table | None = None
        self.bars: list[Bar] = []
        self.selected: frozenset = frozenset()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.title = plain_label()
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Chart title")
        layout.addWidget(self.title)
        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName("Bar chart")
        self.plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot.setMinimumSize(120, 100)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.invertY(True)
        # the rows' height is known once the plot is laid out: labels are fitted again then
        item.getViewBox().sigResized.connect(lambda _box: self._fit())
        if compact:
            item.hideAxis("bottom")  # the value labels carry the numbers in a small chart
        else:
            item.getAxis("bottom").setLabel("% of respondents")
        layout.addWidget(self.plot, 1)
        self.footer = plain_label()
        self.footer.setWordWrap(True)
        self.footer.setAccessibleName("Chart base and notes")
        self.footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.footer)
        self._bars_item = pg.BarGraphItem(x0=[], y=[], height=0.6, width=[])
        self._errors = pg.ErrorBarItem(
            x=np.zeros(0), y=np.zeros(0), left=np.zeros(0), right=np.zeros(0), beam=0.15
        )
        item.addItem(self._bars_item)
        item.addItem(self._errors)
        self._labels: list[pg.TextItem] = []
        self.cursor = -1  # the bar the keyboard is on (Up/Down), chosen with Enter or Space
        self.plot.installEventFilter(self)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.plot.scene().sigMouseMoved.connect(self._hovered)
        self.apply_theme()

    # --- appearance -------------------------------------------------------------------------
    def apply_theme(self) -> None:
        t = theme.current()
        size = t.label_size if self.compact else t.title_size
        self.title.setFont(theme.font(size, bold=True))
        self.footer.setFont(theme.font(t.label_size))
        self.footer.setStyleSheet(f"color: {t.muted};")
        self.plot.setBackground(t.base)
        for name in ("left", "bottom"):
            axis = self.plot.getPlotItem().getAxis(name)
            axis.setPen(pg.mkPen(t.muted))
            axis.setTextPen(pg.mkPen(t.text))
            axis.setStyle(tickFont=theme.font(t.label_size))
        self._errors.setData(pen=pg.mkPen(t.error_bar, width=t.bar_outline))
        if self.table is not None:
            self.set_table(self.table, self._survey, self.selected)

    # --- data -------------------------------------------------------------------------------
    def set_table(
        self, table: Table, survey: Survey | None = None, selected: frozenset = frozenset()
    ) -> None:
        """Show `table`'s total column; bars whose codes are in `selected` are outlined."""
        self.table, self._survey, self.selected = table, survey, frozenset(selected)
        t = theme.current()
        # nobody matches the filter: no bars (the footer says so), not a column of "[c]"
        self.bars = [] if table.empty else chart_bars(table, survey)
        self.title.setText(table.label)
        # a screen reader hears the question and every figure shown (not "Bar chart" five times)
        self.plot.setAccessibleName(f"Chart: {table.label}")
        self.plot.setAccessibleDescription(self.describe())
        self.title.setToolTip(tooltip(f"{table.question}: {table.label}"))
        text = footer_text(table)
        # a small chart keeps the base and its flags; notes live on the main chart
        self.footer.setText(text.splitlines()[0] if self.compact else text)
        ys, widths, brushes, pens, lows, highs, ticks = [], [], [], [], [], [], []
        for i, bar in enumerate(self.bars):
            pct = bar.cell.percent if bar.cell.percent is not None else 0.0
            is_net = bar.row.kind == "net"
            chosen = bool(bar.codes) and set(bar.codes) <= self.selected
            colour = QColor(t.net if is_net else t.bar)
            if self.selected and not chosen:
                # the clicked chart highlights its selection: the other answers are dimmed,
                # their numbers unchanged (the chart is not filtered by its own selection)
                colour.setAlpha(70)
            # hatching marks nets, so colour is never the only carrier
            brush = QBrush(
                colour, Qt.BrushStyle.BDiagPattern if is_net else Qt.BrushStyle.SolidPattern
            )
            pen = pg.mkPen(t.selected if chosen else colour, width=3 if chosen else t.bar_outline)
            if i == self.cursor:
                pen = pg.mkPen(t.text, width=2, style=Qt.PenStyle.DashLine)
            ys.append(i)
            widths.append(pct)
            brushes.append(brush)
            pens.append(pen)
            lo = bar.cell.ci_low if bar.cell.ci_low is not None else pct
            hi = bar.cell.ci_high if bar.cell.ci_high is not None else pct
            lows.append(max(pct - lo, 0.0))
            highs.append(max(hi - pct, 0.0))
            label = bar.row.label + (" ✓" if chosen else "")
            ticks.append((i, label))
        self._bars_item.setOpts(
            x0=[0] * len(ys), y=ys, width=widths, height=0.6, brushes=brushes, pens=pens
        )
        self._errors.setData(
            x=np.asarray(widths, float),
            y=np.asarray(ys, float),
            left=np.asarray(lows, float),
            right=np.asarray(highs, float),
            beam=0.15 if not self.compact else 0.1,
        )
        self._ticks = ticks
        self._extent = [w + h for w, h in zip(widths, highs)]
        self._update_labels(widths, highs)
        self.plot.getPlotItem().setYRange(-0.6, max(len(ys), 1) - 0.4, padding=0)
        self._fit()

    def _fit(self) -> None:
        """Answer labels wrapped (never cut) to the room beside the bars, and an x range that
        leaves every value label inside the plot, in pixels at the chart's current size."""
        ticks = getattr(self, "_ticks", None)
        if ticks is None:
            return
        t = theme.current()
        metrics = QFontMetrics(theme.font(t.label_size))
        share = self.label_share or (0.42 if self.compact else 0.34)
        wrapped = fitted_labels(ticks, metrics, self.width(), share, self._slot_lines(metrics))
        axis = self.plot.getPlotItem().getAxis("left")
        axis.setTicks([wrapped])
        widest = max(
            [metrics.horizontalAdvance(line) for _, text in wrapped for line in text.split("\n")]
            + [20]
        )
        axis.setWidth(widest + 14)
        # value labels are drawn in pixels to the right of each interval: solve for the x range
        # that leaves each one inside the plot's width
        plot_px = max(self.width() - widest - 30, 40)
        value_font = QFontMetrics(theme.font(t.label_size, bold=True))
        xmax = 10.0
        for i, extent in enumerate(self._extent):
            text = self._labels[i].textItem.toPlainText() if i < len(self._labels) else "100%"
            need = value_font.horizontalAdvance(text) + 14
            usable = max(plot_px - need, 10)
            xmax = max(xmax, (extent + 0.8) * plot_px / usable)
        self.plot.getPlotItem().setXRange(0, min(xmax * 1.02, 400), padding=0)

    def _slot_lines(self, metrics: QFontMetrics) -> int | None:
        """How many label lines one answer's row holds at the chart's current height (None
        before the plot has a height)."""
        ticks = getattr(self, "_ticks", None) or []
        height = self.plot.getPlotItem().getViewBox().height()
        if not ticks or height < 20:
            return None
        return max(1, int(height / len(ticks) // metrics.lineSpacing()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _update_labels(self, widths: list[float], highs: list[float]) -> None:
        t = theme.current()
        label_font = theme.font(t.label_size, bold=True)
        while len(self._labels) < len(self.bars):
            text = pg.TextItem(anchor=(0, 0.5))
            self.plot.getPlotItem().addItem(text)
            self._labels.append(text)
        for i, text in enumerate(self._labels):
            if i >= len(self.bars):
                text.setVisible(False)
                continue
            bar = self.bars[i]
            value = format_percent(bar.cell.percent, suppressed=bar.cell.suppressed)
            text.setText(f"{value}%" if value[0].isdigit() else value, color=t.text)
            if text.textItem.font() != label_font:
                text.setFont(label_font)
            text.setPos(widths[i] + highs[i] + 0.8, i)
            text.setVisible(True)

    # --- interaction ------------------------------------------------------------------------
    def row_at(self, scene_pos: QPointF) -> int | None:
        vb = self.plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        point = vb.mapSceneToView(scene_pos)
        i = round(point.y())
        if 0 <= i < len(self.bars) and abs(point.y() - i) <= 0.45:
            return i
        return None

    def bar_point(self, index: int) -> QPoint:
        """Where bar `index` is drawn, in the plot's viewport coordinates (for a mouse click)."""
        vb = self.plot.getPlotItem().getViewBox()
        pct = self.bars[index].cell.percent or 1.0
        scene = vb.mapViewToScene(QPointF(max(pct / 2, 0.5), index))
        return self.plot.mapFromScene(scene)

    def _clicked(self, event) -> None:
        i = self.row_at(event.scenePos())
        if i is None or self.table is None or not self.bars[i].codes:
            return
        self.answerClicked.emit(
            self.table.question, tuple(self.bars[i].codes), adds(event.modifiers())
        )

    def _hovered(self, scene_pos: QPointF) -> None:
        i = self.row_at(scene_pos)
        if i is None or self.table is None:
            return
        text = tooltip_text(
            self.bars[i],
            self._base(),
            captions.hidden_reason(self.table),
            self.table.settings.get("confidence", 0.95),
        )
        self.plot.setToolTip(tooltip(text))
        global_pos = self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos))
        QToolTip.showText(global_pos, tooltip(text), self.plot)

    def eventFilter(self, watched, event) -> bool:
        """Keyboard use of the bars: Up/Down to move, Enter/Space to filter (Shift adds)."""
        if watched is self.plot and event.type() == QEvent.Type.KeyPress and self.bars:
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = -1 if key == Qt.Key.Key_Up else 1
                self.cursor = max(0, min(len(self.bars) - 1, self.cursor + step))
                self.set_table(self.table, self._survey, self.selected)
                tip = tooltip_text(
                    self.bars[self.cursor],
                    self._base(),
                    captions.hidden_reason(self.table),
                    self.table.settings.get("confidence", 0.95),
                )
                self.plot.setToolTip(tooltip(tip))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
                if 0 <= self.cursor < len(self.bars) and self.bars[self.cursor].codes:
                    codes = tuple(self.bars[self.cursor].codes)
                    self.answerClicked.emit(self.table.question, codes, adds(event.modifiers()))
                return True
        return super().eventFilter(watched, event)

    def describe(self) -> str:
        """Every bar's answer and figure, then the base: the chart's accessible description."""
        if self.table is None:
            return ""
        parts = []
        for bar in self.bars:
            value = format_percent(bar.cell.percent, suppressed=bar.cell.suppressed)
            chosen = " (selected)" if bar.codes and set(bar.codes) <= self.selected else ""
            parts.append(f"{bar.row.label}: {value}{'%' if value[:1].isdigit() else ''}{chosen}")
        total = self.table.columns[0]
        parts.append(
            f"unweighted n = {format_count(total.unweighted_base)}, "
            f"{captions.weight_phrase(self.table)}"
        )
        return "; ".join(parts)

    def _base(self) -> int:
        return self.table.columns[0].unweighted_base if self.table is not None else 0

    def headline(self) -> str:
        """The figures as text, for Ctrl+C on a chart."""
        if self.table is None:
            return ""
        lines = [self.table.label]
        for bar in self.bars:
            value = format_percent(bar.cell.percent, suppressed=bar.cell.suppressed)
            lines.append(f"{bar.row.label}\t{value}")
        lines.append(captions.base_line(self.table))
        return "\n".join(lines)
