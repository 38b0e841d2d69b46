"""The breakdown grid at laptop size: 10 groups × 8 answers, every figure and every letter laid
out inside its cell (measured with the font it is painted in) in light, dark and high contrast;
the ink on each shade passes WCAG AA contrast; the Table view is titled, with the same letters,
every column reachable and selection copy."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics, QGuiApplication

from explorer.core.survey.table import Cell, Column, Row, Table
from explorer.ui import theme
from explorer.ui.charts import breakdown_grid as bg
from explorer.ui.charts.breakdown_canvas import PAD
from explorer.ui.charts.shade import blend, contrast, ink_for

GROUPS = [
    "Labour", "Conservative", "Liberal Democrat", "Green", "Reform UK", "Scottish National Party",
    "Plaid Cymru", "Other party", "Would not vote", "Don't know / refused",
]  # fmt: skip
ANSWERS = [
    "Trust a lot", "Trust somewhat", "Neither trust nor distrust", "Distrust somewhat",
    "Distrust a lot", "Don't know", "Trust (net)", "Distrust (net)",
]  # fmt: skip


def wide_table() -> Table:
    letters = "ABCDEFGHIJ"
    columns = [Column("all", "Total", "", 2000, 2000.0, 1800.0)]
    columns += [
        Column(float(k + 1), g, letters[k], 180, 180.0, 160.0) for k, g in enumerate(GROUPS)
    ]
    rows = []
    for i, answer in enumerate(ANSWERS):
        cells = []
        for j in range(len(columns)):
            pct = (7 * i + 11 * j) % 97 + 0.4
            # the worst case: a cell above nine other columns
            sig = letters.replace(letters[j - 1], "")[:9] if j and (i + j) % 3 == 0 else ""
            cells.append(Cell(pct, pct - 3, pct + 3, 50, 50.0, significance=sig))
        kind = "net" if "(net)" in answer else "code"
        rows.append(Row(float(i + 1) if kind == "code" else f"net:{i}", answer, kind, tuple(cells)))
    return Table("q", "How much do you trust or distrust the Metropolitan Police", tuple(columns),
                 tuple(rows), by="vote", by_label="Westminster voting intention")  # fmt: skip


@pytest.mark.parametrize("name", ["light", "dark", "high-contrast"])
def test_every_value_and_letter_fits_its_cell_at_laptop_width(qtbot, name) -> None:
    theme.load_fonts()
    theme.apply(QGuiApplication.instance(), name)
    grid = bg.BreakdownGrid()
    qtbot.addWidget(grid)
    table = wide_table()
    grid.set_table(table)
    # the chart's share of a 1366-wide window with both side panels open
    grid.resize(640, 560)
    grid.show()
    qtbot.waitExposed(grid)
    inner = grid.grid
    label_w, col_w, head_h, row_h, value_font, small, label_font = inner.geometry_()
    assert len(grid.columns) == 11
    vm, sm = QFontMetrics(value_font), QFontMetrics(small)
    for i in range(len(grid.rows)):
        for j in grid.columns:
            value, letters = grid.cell_text(i, j)
            assert vm.horizontalAdvance(value) <= col_w - 2 * PAD, (value, col_w)
            lines = inner.letter_lines(letters, col_w, small)
            assert "".join(lines) == letters  # every letter drawn
            for line in lines:
                assert sm.horizontalAdvance(line) <= col_w - 2 * PAD, (line, col_w)
            assert vm.height() + len(lines) * sm.height() <= row_h - 2 * PAD, (letters, row_h)
    for j in grid.columns:
        for line in inner._head_lines(j, col_w):
            assert sm.horizontalAdvance(line) <= col_w - 2 * PAD + 1, line
    # nothing is cut: all rows are within the grid widget (which scrolls if taller than its room)
    assert inner.height() >= head_h + row_h * len(grid.rows)
    assert sm.height() >= 9 and vm.height() >= 12  # not shrunk to illegible sizes
    # the ink on every shade reads (WCAG AA for normal text: 4.5:1)
    t = theme.current()
    for amount in (0.0, 0.08, 0.4, 0.7):
        fill = blend(t.bar, t.base, amount)
        assert contrast(fill, ink_for(fill)) >= 4.5
    # a screen reader gets every figure
    description = inner.accessibleDescription()
    assert description.count("\n") == len(ANSWERS) - 1
    assert "A Labour" in description and table.label in inner.accessibleName()
    theme.apply(QGuiApplication.instance(), "light")


@pytest.mark.parametrize("name", ["light", "high-contrast"])
def test_column_headings_wrap_between_words_or_say_where_a_word_is_broken(qtbot, name) -> None:
    theme.load_fonts()
    theme.apply(QGuiApplication.instance(), name)
    grid = bg.BreakdownGrid()
    qtbot.addWidget(grid)
    grid.set_table(wide_table())
    inner = grid.grid
    try:
        for width in (640, 900, 1400):
            grid.resize(width, 560)
            _lw, col_w, *_ = inner.geometry_()
            small = inner._small_font(col_w)
            sm = QFontMetrics(small)
            assert small.pointSize() >= max(theme.current().label_size - 3, 8)
            for j in grid.columns:
                name, base = inner._head_texts(j)
                words = set((name + " " + base).split())
                lines = inner._head_lines(j, col_w)
                # read back, the lines give the heading's words in order
                joined = " ".join(lines).replace("- ", "")
                assert joined.split() == (name + " " + base).split(), lines
                for line in lines:
                    assert sm.horizontalAdvance(line) <= col_w - 2 * PAD + 1, line
                whole = all(sm.horizontalAdvance(w) <= col_w - 2 * PAD for w in words)
                if whole:
                    assert not any(line.endswith("-") and line[:-1] not in words
                                   for line in lines), (lines, col_w)  # fmt: skip
    finally:
        theme.apply(QGuiApplication.instance(), "light")


def test_table_view_titled_with_letters_all_columns_and_selection_copy(qtbot, window) -> None:
    area = window.charts
    area.set_breakdown("age_band")
    view = area.table_view
    assert area.question and window.session.question_label(area.question) in view.title.text()
    assert "Letters" in view.legend.text()
    grid = view.grid
    grid.resize(600, 400)
    # every column reachable: heads wrapped short, a horizontal scroll bar when wider
    total = sum(grid.columnWidth(c) for c in range(grid.columnCount()))
    assert total <= grid.viewport().width() or grid.horizontalScrollBar().maximum() > 0
    assert all(len(line) <= 16 for c in range(grid.columnCount())
               for line in grid.horizontalHeaderItem(c).text().split("\n") if " " in line)  # fmt: skip
    # letters as in the grid
    table = view.table
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell.significance:
                assert grid.item(r, c).text().endswith(cell.significance)
    # Ctrl+C copies the selection only
    grid.setCurrentCell(0, 1)
    grid.setRangeSelected(grid.selectedRanges()[0], False) if grid.selectedRanges() else None
    from PySide6.QtWidgets import QTableWidgetSelectionRange

    grid.setRangeSelected(QTableWidgetSelectionRange(0, 1, 1, 2), True)
    text = grid.selection_text()
    lines = text.splitlines()
    assert len(lines) == 4  # head, two rows, base
    assert lines[1].split("\t")[0] == table.rows[0].label
    assert not grid.tabKeyNavigation()  # Tab leaves the table


@pytest.mark.parametrize("name", ["light", "dark", "high-contrast"])
def test_ten_distinct_series_colours_that_show_on_the_background(name) -> None:
    from PySide6.QtGui import QColor

    t = theme.THEMES[name]
    colours = [t.series(i).lower() for i in range(10)]
    assert len(set(colours)) == 10
    for colour in colours:  # non-text contrast against the chart background (WCAG 1.4.11: 3:1)
        assert contrast(QColor(colour), QColor(t.base)) >= 3.0 or name == "light", colour
    if name == "light":  # on white, at least the graphical-object minimum for most
        assert sum(contrast(QColor(c), QColor(t.base)) >= 3.0 for c in colours) >= 6
