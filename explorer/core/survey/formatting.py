"""Display rules for survey percentages (half-up rounding, "*", "–", "[c]") and the text and CSV
renderings of a `Table` used by the command line and exports.
"""

from __future__ import annotations

import csv
import io
import math
import textwrap

from explorer.core.survey.rounding import format_count
from explorer.core.survey.rounding import round_half_up as _round_half_up
from explorer.core.survey.table import VERY_LOW_BASE, Cell, Column, Table
from explorer.core.survey.table_tests import NOT_TESTED, SMALL_TEST_BASE

SUPPRESSED_MARK = "[c]"
ZERO_MARK = "–"  # en dash: nobody gave this answer
SMALL_MARK = "*"  # somebody did, but fewer than half a percent
EMPTY_MARK = "n/a"  # no base to take a percentage of


def format_percent(value: float | None, *, decimals: int = 0, suppressed: bool = False) -> str:
    """A percentage (0–100) as shown: half-up rounded, "*" if >0 but rounds to 0, "–" if exactly 0.

    `None` or `suppressed` gives "[c]" (a hidden value).
    """
    if suppressed or value is None or (isinstance(value, float) and math.isnan(value)):
        return SUPPRESSED_MARK
    if value == 0:
        return ZERO_MARK
    rounded = _round_half_up(abs(value), decimals)
    if rounded == 0:
        return SMALL_MARK
    text = f"{rounded:.{decimals}f}"
    return f"-{text}" if value < 0 else text


def percent_label(value: float | None, *, suppressed: bool = False) -> str:
    """A chart's figure: `format_percent` with "%" after a number ("48%", "[c]", "*")."""
    text = format_percent(value, suppressed=suppressed)
    return f"{text}%" if text[:1].isdigit() else text


def format_score(value: float | None, *, decimals: int = 0, suppressed: bool = False) -> str:
    """A net score (−100…100) as shown: signed, half-up rounded away from zero; "0" for none."""
    if suppressed or value is None or math.isnan(value):
        return SUPPRESSED_MARK
    rounded = _round_half_up(abs(value), decimals)
    text = f"{rounded:.{decimals}f}"
    if rounded == 0:
        return text
    return f"+{text}" if value > 0 else f"-{text}"


def format_cell(cell: Cell, kind: str = "code", *, decimals: int = 0) -> str:
    """A table cell's display text, without its significance letters."""
    if cell.suppressed:
        return SUPPRESSED_MARK
    if cell.percent is None:
        return EMPTY_MARK
    if kind == "score":
        return format_score(cell.percent, decimals=decimals)
    return format_percent(cell.percent, decimals=decimals)


def with_letters(text: str, cell: Cell) -> str:
    """A cell's figure followed by its significance marks ("45 BC"), as every output shows it."""
    return f"{text} {cell.significance}" if cell.significance else text


def column_heading(column: Column) -> str:
    """A column's label with its significance letter ("Female (B)"); the total has none."""
    return f"{column.label} ({column.letter})" if column.letter else column.label


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 participant", "2 participants", "1,050 respondents": a count with its noun agreeing."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def _grid(table: Table, *, decimals: int) -> list[list[str]]:
    """The table as rows of display strings: header, letters, one line per row, bases, flags."""
    cols = table.columns
    grid = [["", *(c.label for c in cols)]]
    if table.by:
        grid.append(["", *(f"({c.letter})" if c.letter else "" for c in cols)])
    for row in table.rows:
        line = [row.label]
        for cell in row.cells:
            line.append(with_letters(format_cell(cell, row.kind, decimals=decimals), cell))
        grid.append(line)
    grid.append(["Unweighted base", *(format_count(c.unweighted_base) for c in cols)])
    if table.weighted:
        grid.append(["Weighted base", *(format_count(c.weighted_base) for c in cols)])
        grid.append(["Effective base", *(format_count(c.effective_base) for c in cols)])
    if any(c.flags for c in cols):
        grid.append(["Flags", *(_flag_text(c) for c in cols)])
    return grid


def _flag_text(column: Column) -> str:
    # Short forms keep the column narrow; the footer spells out what they mean.
    short = {
        VERY_LOW_BASE: "very low base",
        "suppressed": "hidden",
        NOT_TESTED: "not tested",
        SMALL_TEST_BASE: "small eff. base",
    }
    return "; ".join(short.get(flag, flag) for flag in column.flags)


def _text_footer(table: Table) -> list[str]:
    from explorer.core.captions import text_footer  # the one place captions are worded

    return text_footer(table)


def render_text(table: Table, *, decimals: int = 0, label_width: int = 40) -> str:
    """An aligned plain-text table: labels left (wrapped onto more lines, never cut), figures
    right, bases and footer below."""
    grid = _grid(table, decimals=decimals)
    widths = [min(max(len(line[0]) for line in grid), label_width)]
    widths += [min(max(max(len(line[i]) for line in grid), 6), 24) for i in range(1, len(grid[0]))]
    out = [f"{table.question}: {table.label}"]
    if table.by:
        out.append(f"by {table.by_label or table.by}")
    out.append("")
    header_lines = 2 if table.by else 1
    for n, line in enumerate(grid):
        parts = [_wrap(text, width) for text, width in zip(line, widths)]
        for k in range(max(len(p) for p in parts)):
            pieces = [p[k] if k < len(p) else "" for p in parts]
            head = pieces[0].ljust(widths[0])
            cells = [text.rjust(widths[i + 1]) for i, text in enumerate(pieces[1:])]
            out.append("  ".join([head, *cells]).rstrip())
        if n == header_lines - 1:
            out.append("-" * sum(w + 2 for w in widths[1:]) + "-" * widths[0])
    out.append("")
    out.extend(_text_footer(table))
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, broken between words where it can."""
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def render_csv(table: Table, *, decimals: int = 0) -> str:
    """The displayed table as CSV (rounded as shown); the JSON holds the unrounded figures."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f"{table.question}: {table.label}"])
    for n, line in enumerate(_grid(table, decimals=decimals)):
        if n == 0:
            line = [table.label, *line[1:]]
        writer.writerow(line)
    for line in _text_footer(table):
        writer.writerow([line])
    return buffer.getvalue()
