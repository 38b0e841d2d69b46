"""The numbers behind the chart as a table (percent with significance letters, bases, flags),
copyable as tab-separated text for a spreadsheet or an email.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from explorer.core.survey.formatting import format_cell, format_count
from explorer.core.survey.table import Table


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


class TableView(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Table of the chart's figures")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table: Table | None = None

    def set_table(self, table: Table) -> None:
        self.table = table
        grid = table_grid(table)
        self.setRowCount(len(grid) - 1)
        self.setColumnCount(len(grid[0]) - 1)
        self.setHorizontalHeaderLabels(grid[0][1:])
        self.setVerticalHeaderLabels([line[0] for line in grid[1:]])
        for r, line in enumerate(grid[1:]):
            for c, text in enumerate(line[1:]):
                item = self.item(r, c)
                if item is None:
                    self.setItem(r, c, QTableWidgetItem(text))
                else:
                    item.setText(text)
        self.resizeColumnsToContents()

    def as_text(self) -> str:
        if self.table is None:
            return ""
        lines = ["\t".join(line) for line in table_grid(self.table)]
        lines.append(f"Base: {self.table.filter_description}")
        return "\n".join(lines)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.as_text())

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        super().keyPressEvent(event)
