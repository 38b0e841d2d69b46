"""A question broken down by a second variable as a shaded table a laptop can read: one row per
answer, one column per group (the total first), each cell its percentage in large type with its
significance letters beneath, shaded by the percentage. Column heads carry the group's letter,
name (wrapped, never cut) and base; a letter legend above, the bases and flags below.

This module holds the widget (title, legend, footer) and the words it shows (each cell's text, the
hover text, the accessible description); the grid itself is painted in breakdown_canvas.py.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from explorer.core import captions
from explorer.core.survey.formatting import format_percent
from explorer.core.survey.model import Survey
from explorer.core.survey.table import Table
from explorer.ui import theme
from explorer.ui.charts.bars import chart_bars
from explorer.ui.charts.breakdown_canvas import BreakdownCanvas
from explorer.ui.plain_text import plain_label

LETTER_LEGEND = (
    "Letters under a figure: significantly higher than the column with that letter "
    "(95% level). Darker shading: a higher percentage."
)


def shown_columns(table: Table) -> list[int]:
    """Indices (into table.columns) of the breakdown columns drawn: a column whose base is too
    small to show anything (every cell "[c]") would only be noise, so the footer names it; a
    column nobody is in has nothing to draw."""
    return [
        j
        for j, col in enumerate(table.columns)
        if j > 0 and "suppressed" not in col.flags and col.unweighted_base > 0
    ]


def grid_footer(table: Table) -> str:
    """The base, then the flags (words from core.captions) in as few short lines as say them;
    the letters are explained in the legend above the grid, each column's base in its head."""
    lines = [captions.base_line(table)]
    notes = []
    flags = captions.low_base_line(table)
    if flags:
        notes.append("⚠ " + flags)
    hidden = [c for c in table.columns[1:] if "suppressed" in c.flags]
    if hidden:
        notes.append(
            f"Not shown ({captions.hidden_reason(table)}): "
            + ", ".join(f"{c.label} n={c.unweighted_base}" for c in hidden)
        )
    note = captions.suppression_note(table)
    if note:
        notes.append(note)
    for line in (captions.untested_line(table), captions.small_tested_line(table)):
        if line:
            notes.append(line)
    notes.extend(line.rstrip(".") for line in captions.design_lines(table))
    if notes:
        lines.append("; ".join(notes))
    lines.extend(n for n in table.notes if "Net score" not in n)  # no score rows in the grid
    return "\n".join(lines)


class BreakdownGrid(QWidget):
    """`set_table(table, survey, selected)`; `answerClicked(question, codes, add)` on a row."""

    answerClicked = Signal(str, tuple, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None
        self._survey: Survey | None = None
        self.selected: frozenset = frozenset()
        self.rows = []
        self.columns: list[int] = []  # indices into table.columns: the total, then shown groups
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.title = plain_label()
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Breakdown title")
        layout.addWidget(self.title)
        self.legend = plain_label(LETTER_LEGEND)
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Letter legend")
        layout.addWidget(self.legend)
        self.grid = BreakdownCanvas(self)
        # a grid taller than its room scrolls rather than squashing or cutting a figure
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.grid)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.scroll, 1)
        self.footer = plain_label()
        self.footer.setWordWrap(True)
        self.footer.setAccessibleName("Breakdown bases and notes")
        self.footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.footer)

    def apply_theme(self) -> None:
        if self.table is not None:
            self.set_table(self.table, self._survey, self.selected)

    def set_table(
        self, table: Table, survey: Survey | None = None, selected: frozenset = frozenset()
    ) -> None:
        self.table, self._survey, self.selected = table, survey, frozenset(selected)
        t = theme.current()
        self.title.setFont(theme.font(t.title_size, bold=True))
        self.title.setText(f"{table.label} — by {table.by_label or table.by}")
        self.legend.setFont(theme.font(t.label_size))
        self.legend.setStyleSheet(f"color: {t.muted};")
        tested = captions.significance_line(table)  # level, correction and method, as set
        self.legend.setText(
            f"{tested} Darker shading: a higher percentage." if tested else LETTER_LEGEND
        )
        self.footer.setFont(theme.font(t.label_size))
        self.footer.setStyleSheet(f"color: {t.muted};")
        self.footer.setText(grid_footer(table))
        self.rows = chart_bars(table, survey)
        self.columns = [0, *shown_columns(table)]
        self.grid.setAccessibleName(f"{table.label}, by {table.by_label or table.by}")
        self.grid.setAccessibleDescription(self.describe())
        self.grid.refit()

    def cell_text(self, i: int, j: int) -> tuple[str, str]:
        """(percentage, letters) shown for answer row `i` and table column `j`."""
        cell = self.rows[i].row.cells[j]
        value = format_percent(cell.percent, suppressed=cell.suppressed)
        if value[:1].isdigit():
            value += "%"
        return value, cell.significance

    def describe(self) -> str:
        """Every figure on the grid in words: the chart's accessible description."""
        if self.table is None:
            return ""
        lines = []
        for i, bar in enumerate(self.rows):
            parts = []
            for j in self.columns:
                col = self.table.columns[j]
                value, letters = self.cell_text(i, j)
                name = col.label if not col.letter else f"{col.letter} {col.label}"
                parts.append(f"{name} {value}" + (f" above {letters}" if letters else ""))
            lines.append(f"{bar.row.label}: " + "; ".join(parts))
        return "\n".join(lines)

    def hover_text(self, i: int) -> str:
        row = self.rows[i].row
        lines = [row.label]
        for j in self.columns:
            col, cell = self.table.columns[j], row.cells[j]
            name = col.label if not col.letter else f"{col.letter} {col.label}"
            if cell.suppressed or cell.percent is None:
                lines.append(f"{name}: hidden ({captions.hidden_reason(self.table)})")
                continue
            interval = f" ({cell.ci_low:.1f}–{cell.ci_high:.1f})" if cell.ci_low is not None else ""
            letters = f", above {', '.join(cell.significance)}" if cell.significance else ""
            lines.append(
                f"{name}: {cell.percent:.1f}%{interval}{letters}; "
                f"{cell.unweighted_count:,} of {col.unweighted_base:,}"
            )
        return "\n".join(lines)
