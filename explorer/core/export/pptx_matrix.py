"""An evidence-matrix slide in PowerPoint: a native (editable) table of the matrix — themes down,
groups across, each cell the survey figure with interval and base over the focus groups' count —
or, for one row, a table of the groups with their figures, the analyst's summary and the
exemplar quote with who said it. Words and numbers come from the SlideContent only.
"""

from __future__ import annotations

from explorer.core.evidence.captions import cell_words, qual_words, survey_words
from explorer.core.export.pptx_chart import MIN_PT
from explorer.core.shown_text import xml_safe
from explorer.core.slides.content import SlideContent

TAGS = {"confirms": "✓ confirms", "expands": "+ expands", "diverges": "≠ diverges"}


def _fill(grid, texts: list[list[str]], size: int) -> None:
    from pptx.util import Inches, Pt

    for i, row in enumerate(texts):
        for j, text in enumerate(row):
            cell = grid.cell(i, j)
            cell.text = xml_safe(text)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(size)
                    run.font.bold = i == 0


ROW_WIDTHS = (0.08, 0.15, 0.14, 0.25, 0.38)  # one row: group, survey, focus groups, analyst, quote
INCH_PER_CHAR = 0.115  # an average character at 14 pt, for shortening text to its cell
LINE_IN = 0.235  # a 14 pt line


def _short(text: str, chars: int) -> str:
    """`text` cut at a word to at most `chars` characters, with "…"."""
    if len(text) <= chars:
        return text
    return text[: max(chars - 1, 0)].rsplit(" ", 1)[0] + "…"


def _fitted(texts: list[list[str]], w: float, h: float) -> list[list[str]]:
    """One row's table with the analyst's summary and the quote shortened (the quote never
    losing who said it) so each group's line fits the slide at 14 pt."""
    lines = max(int((h / len(texts) - 0.05) // LINE_IN), 2)
    per_line = [int(w * share / INCH_PER_CHAR) for share in ROW_WIDTHS]
    out = [texts[0]]
    for group, figure, count, summary, voice in texts[1:]:
        quote, _sep, who = voice.rpartition("” — ")
        room = per_line[4] * lines - len(who) - 6
        voice = f"{_short(quote, room)}” — {who}" if quote else voice
        out.append([group, figure, count, _short(summary, per_line[3] * lines - 2), voice])
    return out


def matrix_rows(content: SlideContent) -> list[list[str]]:
    """The table's text, header first: a row per theme, or (one row shown) a row per group."""
    m, notes = content.matrix, content.evidence
    if m is None:
        return []
    if content.matrix_row is not None and len(m.rows) == 1:
        row = m.rows[0]
        answer = row.cells[0].survey.answer if row.cells[0].survey else "Survey"
        out = [[m.by_label, answer, "Focus groups", "Analyst", "Exemplar"]]
        for cell in row.cells:
            e = cell.exemplar
            summary = notes.summary(m.by, row.theme.id, cell.group.key) if notes else ""
            voice = f"“{e.text}” — {e.attribution}" if e else ""
            figure = "\n".join(survey_words(cell))
            out.append([cell.group.label, figure, qual_words(cell, long=True), summary, voice])
        return out
    out = [[m.by_label, *(g.label for g in m.groups)]]
    for row in m.rows:
        answer = row.cells[0].survey.answer if row.cells and row.cells[0].survey else ""
        tag = notes.tag(m.by, row.theme.id) if notes else None
        label = "\n".join(x for x in (row.theme.label, answer, TAGS[tag.tag] if tag else "") if x)
        out.append([label, *(cell_words(c) for c in row.cells)])
    return out


def add_matrix(slide, content: SlideContent, x: float, y: float, w: float, h: float) -> None:
    from pptx.util import Inches

    texts = matrix_rows(content)
    if not texts:
        return
    one_row = content.matrix_row is not None and len(texts[0]) == len(ROW_WIDTHS)
    if one_row:
        texts = _fitted(texts, w, h)
    shape = slide.shapes.add_table(
        len(texts), len(texts[0]), Inches(x), Inches(y), Inches(w), Inches(h)
    )
    grid = shape.table
    if one_row:
        for column, share in zip(grid.columns, ROW_WIDTHS):
            column.width = Inches(w * share)
    else:
        first = min(w * 0.22, 2.6)
        for j, column in enumerate(grid.columns):
            column.width = Inches(first if j == 0 else (w - first) / (len(texts[0]) - 1))
    _fill(grid, texts, MIN_PT)  # as large as the charts' smallest type
    for row in grid.rows:  # the rows share the height; a row grows only if its text needs it
        row.height = Inches(h / len(texts))
