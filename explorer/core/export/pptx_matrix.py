"""An evidence-matrix slide in PowerPoint: a native (editable) table of the matrix — themes down,
groups across, each cell the survey figure with interval and base over the focus groups' count —
or, for one row, a table of the groups with their figures, the analyst's summary and the
exemplar quote with who said it. Words and numbers come from the SlideContent only.
"""

from __future__ import annotations

from explorer.core.evidence.matrix_json import qual_text, survey_text
from explorer.core.shown_text import xml_safe
from explorer.core.slides.content import SlideContent

TAGS = {"confirms": "✓ confirms", "expands": "+ expands", "diverges": "≠ diverges"}


def _fill(grid, texts: list[list[str]], size: int) -> None:
    from pptx.util import Pt

    for i, row in enumerate(texts):
        for j, text in enumerate(row):
            cell = grid.cell(i, j)
            cell.text = xml_safe(text)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(size)
                    run.font.bold = i == 0


QUOTE_CHARS = 140  # an exemplar is shortened at a word (with "…"), never its attribution
ROW_WIDTHS = (0.08, 0.14, 0.16, 0.22, 0.40)  # one row: group, survey, focus groups, analyst, quote


def _short(text: str) -> str:
    if len(text) <= QUOTE_CHARS:
        return text
    return text[:QUOTE_CHARS].rsplit(" ", 1)[0] + "…"


def matrix_rows(content: SlideContent) -> list[list[str]]:
    """The table's text, header first: a row per theme, or (one row shown) a row per group."""
    m, notes = content.matrix, content.evidence
    if m is None:
        return []
    if content.matrix_row is not None and len(m.rows) == 1:
        row = m.rows[0]
        answer = row.cells[0].survey.answer if row.cells[0].survey else "Survey"
        out = [[m.by_label, f"Survey: {answer}", "Focus groups", "Analyst", "Exemplar"]]
        for cell in row.cells:
            e = cell.exemplar
            summary = notes.summary(m.by, row.theme.id, cell.group.key) if notes else ""
            voice = f"“{_short(e.text)}” — {e.attribution}" if e else ""
            out.append([cell.group.label, survey_text(cell), qual_text(cell), summary, voice])
        return out
    out = [[m.by_label, *(g.label for g in m.groups)]]
    for row in m.rows:
        answer = row.cells[0].survey.answer if row.cells and row.cells[0].survey else ""
        tag = notes.tag(m.by, row.theme.id) if notes else None
        label = "\n".join(x for x in (row.theme.label, answer, TAGS[tag.tag] if tag else "") if x)
        out.append([label, *(f"{survey_text(c)}\n{qual_text(c)}" for c in row.cells)])
    return out


def add_matrix(slide, content: SlideContent, x: float, y: float, w: float, h: float) -> None:
    from pptx.util import Inches

    texts = matrix_rows(content)
    if not texts:
        return
    shape = slide.shapes.add_table(
        len(texts), len(texts[0]), Inches(x), Inches(y), Inches(w), Inches(h)
    )
    grid = shape.table
    if content.matrix_row is not None and len(texts[0]) == len(ROW_WIDTHS):
        for column, share in zip(grid.columns, ROW_WIDTHS):
            column.width = Inches(w * share)
    else:
        first = min(w * 0.22, 2.6)
        for j, column in enumerate(grid.columns):
            column.width = Inches(first if j == 0 else (w - first) / (len(texts[0]) - 1))
    _fill(grid, texts, 9)
