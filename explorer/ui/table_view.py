"""The numbers behind the chart as a titled table (percent with significance letters, bases,
flags) with the letter legend; every column reachable (wrapped heads, a horizontal scroll bar);
Ctrl+C copies the selected cells (or the whole table) as tab-separated text; Tab leaves it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.core import captions
from explorer.core.survey.formatting import format_cell, format_count
from explorer.core.survey.table import Table
from explorer.ui.plain_text import tooltip


def table_grid(table: Table) -> list[list[str]]:
    """Header, one line per row (value + letters), then the bases: what the view and copy show."""
    cols = table.columns
    grid = [[table.label, *(f"{c.label} ({c.letter})" if c.letter else c.label for c in cols)]]
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = format_cell(cell, row.kind)
            cells.append(f"{text} {cell.significance}".strip())
        grid.append([row.label, *cells])
    grid.append(["Unweighted base", *(format_count(c.unweighted_base) for c in cols)])
    grid.append(["Weighted base", *(format_count(c.weighted_base) for c in cols)])
    grid.append(["Effective base", *(format_count(c.effective_base) for c in cols)])
    grid.append(["Flags", *("; ".join(c.flags) for c in cols)])
    return grid


def legend_text(table: Table | None) -> str:
    """How the letters were tested (level, correction, method, as set), the columns untested or
    on a small effective base, the design and design effect, then the [c] and copy notes (with
    the table's own threshold, captions.hidden_reason)."""
    if table is None:
        return "Letters: significantly higher than the column with that letter. [c]: hidden."
    tested = [
        captions.significance_line(table),
        captions.untested_line(table),
        captions.small_tested_line(table),
    ]
    lines = [line.rstrip(".") + "." for line in tested if line]
    lines += captions.design_lines(table)
    lines.append(f"[c]: {captions.hidden_reason(table)}. Ctrl+C copies the selected cells.")
    return " ".join(lines)


HEAD_CHARS = 14  # column heads wrap at about this many characters, so every column fits


def wrap_head(text: str, width: int = HEAD_CHARS) -> str:
    """A column head on several short lines (words kept whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


class TableView(QWidget):
    """The title, the letter legend and the grid of figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # the label comes from the file
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Table title")
        layout.addWidget(self.title)
        self.legend = QLabel(legend_text(None))
        self.legend.setTextFormat(Qt.TextFormat.PlainText)  # design variables' names are file text
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Table letter legend")
        layout.addWidget(self.legend)
        self.grid = FiguresGrid(self)
        layout.addWidget(self.grid, 1)
        self.table: Table | None = None

    def set_table(self, table: Table) -> None:
        self.table = table
        by = f" — by {table.by_label or table.by}" if table.by else ""
        self.title.setText(f"{table.label}{by}")
        self.title.setToolTip(tooltip(table.filter_description))
        self.legend.setText(legend_text(table))
        self.grid.show_table(table)

    def as_text(self) -> str:
        return self.grid.as_text()

    def copy(self) -> None:
        self.grid.copy()


def _escape(text: str) -> str:
    import html

    return html.escape(text)


class FiguresGrid(QTableWidget):
    """The figures; its own Tab handling is off so Tab moves on to the next pane."""

    def __init__(self, owner: TableView) -> None:
        super().__init__(owner)
        self.owner = owner
        self.setAccessibleName("Table of the chart's figures")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(False)  # no focus trap: Tab leaves the table
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table: Table | None = None

    def show_table(self, table: Table) -> None:
        self.table = table
        grid = table_grid(table)
        self.setRowCount(len(grid) - 1)
        self.setColumnCount(len(grid[0]) - 1)
        self.setHorizontalHeaderLabels([wrap_head(h) for h in grid[0][1:]])
        self.setVerticalHeaderLabels([line[0] for line in grid[1:]])
        for r, line in enumerate(grid[1:]):
            for c, text in enumerate(line[1:]):
                item = self.item(r, c)
                if item is None:
                    self.setItem(r, c, QTableWidgetItem(text))
                else:
                    item.setText(text)
                self.item(r, c).setTextAlignment(Qt.AlignmentFlag.AlignCenter)

    def as_text(self) -> str:
        if self.table is None:
            return ""
        lines = ["\t".join(line) for line in table_grid(self.table)]
        lines.append(f"Base: {self.table.filter_description}")
        return "\n".join(lines)

    def selection_text(self) -> str:
        """The selected cells as tab-separated lines with their row and column heads; the
        whole table when at most one cell is selected."""
        cells = self.selectedIndexes()
        if self.table is None or len(cells) <= 1:
            return self.as_text()
        grid = table_grid(self.table)
        rows = sorted({i.row() for i in cells})
        cols = sorted({i.column() for i in cells})
        chosen = {(i.row(), i.column()) for i in cells}
        lines = ["\t".join(["", *(grid[0][c + 1] for c in cols)])]
        for r in rows:
            values = [grid[r + 1][c + 1] if (r, c) in chosen else "" for c in cols]
            lines.append("\t".join([grid[r + 1][0], *values]))
        lines.append(f"{self.table.label}. Base: {self.table.filter_description}")
        return "\n".join(lines)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.selection_text())

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        super().keyPressEvent(event)
