"""Tables and quotes to CSV and XLSX: weighted percentages with bases and base flags, headed by the
marking, illustrative notice, data sources with dates and hashes, and the filter; marked at the foot.

Any text a spreadsheet would run as a formula is neutralised (a leading quote in CSV, a text cell
with Excel's quote prefix in XLSX). Files are written atomically and never onto the source data,
and each export is recorded in the export log (`log_path`, else the app's default).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Sequence

from explorer.core.atomic import atomic_write_text, atomic_writer
from explorer.core.captions import weight_phrase
from explorer.core.export.export_log import logged
from explorer.core.export.provenance import Provenance, is_formula_like, neutralise
from explorer.core.export.quotes_text import QuoteRow
from explorer.core.survey.table import Table

Grid = list[list[object]]
SUPPRESSED_MARK = "[c]"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _percent(value: float | None, suppressed: bool) -> object:
    if suppressed:
        return SUPPRESSED_MARK
    if value is None:
        return ""
    return round(float(value), 1)


def table_grid(table: Table, provenance: Provenance) -> Grid:
    """One table as rows of cells: header block, percentages, bases, flags, notes, marking."""
    grid: Grid = [[line] for line in provenance.header_lines(table.filter_description)]
    grid.append([f"Question: {table.label} ({table.question})"])
    if table.by:
        grid.append([f"Breakdown: {table.by_label or table.by} ({table.by})"])
    grid.append(
        [
            f"Weighted percentages ({weight_phrase(table)})"
            if table.weighted
            else "Unweighted percentages (no weight applied)"
        ]
    )
    grid.append([])
    grid.append(["", *(c.label for c in table.columns)])
    if any(c.letter for c in table.columns):
        grid.append(["", *(c.letter for c in table.columns)])
    for row in table.rows:
        cells: list[object] = [row.label]
        for cell in row.cells:
            value = _percent(cell.percent, cell.suppressed)
            cells.append(value)
        grid.append(cells)
        if any(cell.significance for cell in row.cells):
            grid.append(["  significantly above", *(cell.significance for cell in row.cells)])
    grid.append(["Unweighted base", *(c.unweighted_base for c in table.columns)])
    grid.append(["Weighted base", *(round(c.weighted_base, 1) for c in table.columns)])
    grid.append(["Effective base", *(round(c.effective_base, 1) for c in table.columns)])
    if any(c.flags for c in table.columns):
        grid.append(["Base flags", *("; ".join(c.flags) for c in table.columns)])
    grid.append([])
    grid.extend([note] for note in table.notes)
    grid.extend([line] for line in provenance.footer_lines)
    return grid


def quotes_grid(rows: Sequence[QuoteRow], provenance: Provenance) -> Grid:
    grid: Grid = [[line] for line in provenance.header_lines()]
    grid.append([])
    grid.append(["Quote", "Attribution", "Speaker", "Group", "Transcript", "Codes", "Start", "End"])
    for row in rows:
        grid.append(
            [
                row.text,
                row.attribution,
                row.speaker,
                row.group,
                row.source,
                "; ".join(row.codes),
                "" if row.start is None else row.start,
                "" if row.end is None else row.end,
            ]
        )
    grid.append([])
    grid.extend([line] for line in provenance.footer_lines)
    return grid


# --- CSV -------------------------------------------------------------------------------------
def grid_to_csv(grids: Sequence[Grid]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for i, grid in enumerate(grids):
        if i:
            writer.writerow([])
        for row in grid:
            writer.writerow([neutralise(v) for v in row])
    return out.getvalue()


def _write_csv(path: str | os.PathLike[str], grids: Sequence[Grid], record) -> None:
    # A byte-order mark so Excel reads the file as UTF-8 ("18–24", "“quotes”").
    atomic_write_text(path, grid_to_csv(grids), encoding="utf-8-sig", before_publish=record)


def tables_to_csv(
    tables: Sequence[Table],
    path: str | os.PathLike[str],
    provenance: Provenance,
    *,
    log_path: str | os.PathLike[str] | None = None,
) -> None:
    """Write one or more tables to one CSV file, one block per table."""
    record = logged(provenance, "tables (CSV)", path, log_path)
    _write_csv(path, [table_grid(t, provenance) for t in tables], record)


def quotes_to_csv(
    rows: Sequence[QuoteRow],
    path: str | os.PathLike[str],
    provenance: Provenance,
    *,
    log_path: str | os.PathLike[str] | None = None,
) -> None:
    _write_csv(
        path, [quotes_grid(rows, provenance)], logged(provenance, "quotes (CSV)", path, log_path)
    )


# --- XLSX ------------------------------------------------------------------------------------
# Excel's limit on one cell; longer text is cut (with an ellipsis) rather than making a file
# Excel has to "repair".
XLSX_CELL_CHARS = 32_767
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_text(text: str) -> str:
    """`text` as a worksheet can hold it: control characters XML forbids shown as `\x1b` escapes,
    cut to Excel's cell limit."""
    text = _XLSX_ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if len(text) > XLSX_CELL_CHARS:
        text = text[: XLSX_CELL_CHARS - 1] + "…"
    return text


def _sheet_title(text: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("_", text).strip("'") or "Sheet"
    base = base[:31]
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.casefold())
    return title


def _write_xlsx(path: str | os.PathLike[str], sheets: Sequence[tuple[str, Grid]], record) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for name, grid in sheets:
        sheet = book.create_sheet(_sheet_title(name, used))
        for r, row in enumerate(grid, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, str):
                    value = xlsx_text(value)
                cell.value = value
                if isinstance(value, str) and (is_formula_like(value) or cell.data_type == "f"):
                    # Written as a text cell with the quote prefix, so it is never calculated.
                    cell.data_type = "s"
                    cell.quotePrefix = True
        sheet.column_dimensions["A"].width = 48
        if grid:
            sheet.cell(row=1, column=1).font = bold
    # Zipped in memory first (as the PowerPoint): a disk that fills part-way fails one write.
    whole = io.BytesIO()
    book.save(whole)
    with atomic_writer(path, "wb", before_publish=record) as handle:
        handle.write(whole.getbuffer())


def tables_to_xlsx(
    tables: Sequence[Table],
    path: str | os.PathLike[str],
    provenance: Provenance,
    *,
    log_path: str | os.PathLike[str] | None = None,
) -> None:
    """Write tables to an Excel workbook, one sheet per table named after its question."""
    record = logged(provenance, "tables (XLSX)", path, log_path)
    _write_xlsx(path, [(t.question or "Table", table_grid(t, provenance)) for t in tables], record)


def quotes_to_xlsx(
    rows: Sequence[QuoteRow],
    path: str | os.PathLike[str],
    provenance: Provenance,
    *,
    log_path: str | os.PathLike[str] | None = None,
) -> None:
    record = logged(provenance, "quotes (XLSX)", path, log_path)
    _write_xlsx(path, [("Quotes", quotes_grid(rows, provenance))], record)
