"""A briefing's slides to an Excel workbook: a sheet per slide that shows numbers — its tables
(as the table export lays them out) or its evidence matrix, one line per cell with the survey
figure and its bases, the focus-group counts, the exemplar and its reference, the analyst's notes,
each cell's `explorer table --filter` and `explorer quotes --where` — headed by the marking, the
notices and the data sources, and closed by the matrix's captions and the marking.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from explorer.core.export.export_log import logged
from explorer.core.export.provenance import Provenance
from explorer.core.export.spreadsheet import Grid, _percent, _write_xlsx, table_grid
from explorer.core.slides.content import SlideContent

HEAD = (
    "Theme", "Question", "Answer", "Group", "Percent", "95% CI low", "95% CI high",
    "Unweighted base", "Effective base", "Base flags", "Participants who raised it",
    "Participants in the group", "Passages", "Fewer than 3 participants", "Exemplar",
    "Attribution", "Reference", "Analyst's summary", "Row tag", "Tag reason",
    "explorer table --filter", "explorer quotes --where",
)  # fmt: skip


def _round(value: float | None) -> object:
    return "" if value is None else round(float(value), 1)


def matrix_grid(content: SlideContent, provenance: Provenance) -> Grid:
    m, notes = content.matrix, content.evidence
    grid: Grid = [[line] for line in provenance.header_lines(m.survey_filter if m else None)]
    grid += [[notice] for notice in content.notices]
    grid.append([f"Slide {content.number}: {content.title}"])
    if m is None:
        grid += [[content.problem or "No evidence matrix."], []]
        grid.extend([line] for line in provenance.footer_lines)
        return grid
    grid += [[f"Evidence matrix by {m.by_label} ({m.by})"], [], list(HEAD)]
    for row in m.rows:
        tag = notes.tag(m.by, row.theme.id) if notes else None
        for cell in row.cells:
            s, q, e = cell.survey, cell.qual, cell.exemplar
            summary = notes.summary(m.by, row.theme.id, cell.group.key) if notes else ""
            grid.append(
                [
                    row.theme.label,
                    row.theme.question or "",
                    s.answer if s else "",
                    cell.group.label,
                    _percent(s.percent, s.suppressed) if s else "",
                    "" if s is None or s.suppressed else _round(s.ci_low),
                    "" if s is None or s.suppressed else _round(s.ci_high),
                    s.unweighted_base if s else "",
                    _round(s.effective_base) if s else "",
                    "; ".join(s.flags) if s else "",
                    q.participants if q else "",
                    q.of if q else "",
                    q.passages if q else "",
                    ("yes" if q.narrow else "no") if q else "",
                    e.text if e else "",
                    e.attribution if e else "",
                    e.reference if e else "",
                    summary,
                    tag.tag if tag else "",
                    tag.reason if tag else "",
                    " ".join(f"--filter {f}" for f in cell.filter),
                    " ".join(f"--where {w}" for w in cell.where),
                ]
            )
    grid.append([])
    grid.extend([line] for line in content.survey_lines)
    grid.append(["[c] = hidden: too few respondents to show safely"])
    grid.extend([line] for line in provenance.footer_lines)
    return grid


def deck_to_xlsx(
    contents: Sequence[SlideContent],
    path: str | os.PathLike[str],
    provenance: Provenance,
    *,
    log_path: str | os.PathLike[str] | None = None,
) -> int:
    """Write a sheet per slide with tables or a matrix; the number of sheets written."""
    sheets: list[tuple[str, Grid]] = []
    for content in contents:
        if content.layout == "matrix":
            sheets.append((f"Slide {content.number} matrix", matrix_grid(content, provenance)))
        for table in content.tables:
            grid = [[line] for line in content.notices] + table_grid(table, provenance)
            sheets.append((f"Slide {content.number} {table.question}", grid))
    if not sheets:
        from explorer.core.errors import ExplorerError

        raise ExplorerError.for_file(path, "none of these slides shows a table or a matrix")
    record = logged(provenance, "briefing (XLSX)", path, log_path)
    _write_xlsx(path, sheets, record)
    return len(sheets)
