"""A whole briefing to PowerPoint: one slide per `SlideContent` with its title, takeaway, a native
(restylable) chart of the same panels the PDF draws (pptx_chart) or a table of the weighted
percents, its quotes, its captions and notices, and the speaker notes; the protective marking is
on the slide master (pptx_deck).

Everything written comes from the slide contents (the same ones the PDF and PNG draw); nothing is
computed or worded here.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence

from explorer.core.atomic import atomic_writer
from explorer.core.captions import NO_RESPONDENTS
from explorer.core.errors import ExplorerError
from explorer.core.export.export_log import logged
from explorer.core.export.pptx_chart import (
    MIN_PT,
    add_panel_chart,
    alt_text,
    charts_for,
    set_alt_text,
)
from explorer.core.export.pptx_deck import new_presentation, set_properties
from explorer.core.export.pptx_layout import labels_above_fit, panel_heights
from explorer.core.export.pptx_legend import is_question_rows
from explorer.core.export.pptx_questions import add_question_rows
from explorer.core.export.provenance import Provenance
from explorer.core.shown_text import xml_safe
from explorer.core.slides.content import SlideContent
from explorer.core.slides.geometry import geometry
from explorer.core.slides.measure import WRAP_SHARE, M, W, line_count
from explorer.core.survey.formatting import (
    column_heading,
    format_count,
    format_percent,
    with_letters,
)
from explorer.core.survey.table import Table

_W, _H = 13.333, 7.5  # inches, 16:9
_PX = W / _W  # canvas pixels to the inch (explorer.core.slides.measure: 1920 × 1080)
_MARGIN = M / _PX
_TITLE_ONLY_LAYOUT = 5  # in python-pptx's default template
_GREY = (0x59, 0x59, 0x59)


def _rgb(value: tuple[int, int, int]):
    from pptx.dml.color import RGBColor

    return RGBColor(*value)


def _text_box(
    slide, x, y, w, h, text, *, size=12, bold=False, italic=False, align=None, grey=False
):
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    lines = text.split("\n") if isinstance(text, str) else list(text)
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = xml_safe(line)
        if align is not None:
            para.alignment = align
        for run in para.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.italic = italic
            if grey:
                run.font.color.rgb = _rgb(_GREY)
    return box


def _add_charts(slide, content: SlideContent, x, y, w, h) -> None:
    """Every chart panel the slide's content holds, as the PDF draws them (chart_panels), one
    under another: each title and legend in full, the bar rows sharing the rest. What a slide
    holds is the content model's decision (explorer.core.slides): nothing is left out here."""
    from pptx.util import Inches

    panels = charts_for(content.tables, content.multi)
    above = labels_above_fit(panels, w - 0.1, h)
    heights = panel_heights(panels, w - 0.1, h, labels_above=above)
    scale = min(1.0, h / sum(heights))  # only when even the titles and legends overflow
    top = y
    for panel, height in zip(panels, heights):
        ph = height * scale
        if above and is_question_rows(panel):  # each label above its own bar, as on the PDF
            add_question_rows(slide, panel, x, top, w - 0.1, ph - 0.05, w * _PX)
            top += ph
            continue
        add_panel_chart(
            slide,
            panel,
            Inches(x),
            Inches(top),
            Inches(w - 0.1),
            Inches(ph - 0.05),
            titled=True,  # as the PDF: every chart under its question (none on shared scales)
            canvas_w=w * _PX,  # the PDF's chart width: its segment labels are these
        )
        top += ph


def _add_table(slide, table: Table, x, y, w, h) -> None:
    from pptx.util import Inches, Pt

    rows = [r for r in table.rows if r.kind in ("code", "net")]
    n_rows, n_cols = len(rows) + 2, len(table.columns) + 1
    shape = slide.shapes.add_table(n_rows, n_cols, Inches(x), Inches(y), Inches(w), Inches(h))
    grid = shape.table
    grid.cell(0, 0).text = xml_safe(table.label)
    for j, column in enumerate(table.columns, start=1):
        grid.cell(0, j).text = xml_safe(column_heading(column))
    for i, row in enumerate(rows, start=1):
        grid.cell(i, 0).text = xml_safe(row.label)
        for j, cell in enumerate(row.cells, start=1):
            figure = format_percent(cell.percent, suppressed=cell.suppressed)
            grid.cell(i, j).text = with_letters(figure, cell)
    grid.cell(n_rows - 1, 0).text = "Unweighted base"
    for j, column in enumerate(table.columns, start=1):
        grid.cell(n_rows - 1, j).text = format_count(column.unweighted_base)
    for i in range(n_rows):
        for j in range(n_cols):
            for para in grid.cell(i, j).text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(MIN_PT)
    set_alt_text(shape, f"Table: {table.label}. " + alt_text(table))


QUOTE_PT = 15  # the PDF's quote size (30 px on its 1080-high slide)
_QUOTE_GAP_PT = 8


def _text_in(text: str, pt: int, width_in: float) -> float:
    """Inches `text` takes at `pt` wrapped in `width_in`, measured with the slides' font (the
    theme's, pptx_deck.FONT) as the content model measures: 144 px to the inch, lines spaced by
    the font's ascent and descent as PowerPoint and LibreOffice space them."""
    lines = line_count(text, 2 * pt, width_in * 144)
    return lines * 1.17 * pt / 72


def quote_size(content: SlideContent, width_in: float, height_in: float) -> int:
    """The quotes' size: the PDF's 15 pt when they all fit, else the 14 pt floor."""
    for pt in (QUOTE_PT, MIN_PT):
        need = sum(
            _text_in(f"“{text.strip()}”", pt, width_in)
            + (_text_in(f"— {who}", MIN_PT, width_in) if who else 0.0)
            + _QUOTE_GAP_PT / 72
            for text, who in content.quotes
        )
        if need <= height_in:
            return pt
    return MIN_PT


def _add_quotes(slide, content: SlideContent, x, y, w, h) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    box.name = "Quotes"
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = frame.margin_top = 0  # the width that was measured
    # Never shrunk to fit (PowerPoint and LibreOffice would go below 14 pt): which quotes a
    # slide holds is the content model's decision, and they are drawn at a size that fits.
    frame.auto_size = MSO_AUTO_SIZE.NONE
    if not content.quotes:
        frame.paragraphs[0].text = content.no_quotes_text
        frame.paragraphs[0].runs[0].font.italic = True
        return
    size = quote_size(content, w, h)
    for i, (text, attribution) in enumerate(content.quotes):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = xml_safe(f"“{text.strip()}”")
        run.font.size = Pt(size)
        run.font.italic = True
        who = frame.add_paragraph()
        run = who.add_run()
        run.text = xml_safe(f"— {attribution}" if attribution else "—")
        run.font.size = Pt(MIN_PT)
        run.font.italic = True
        run.font.color.rgb = _rgb(_GREY)
        who.space_after = Pt(_QUOTE_GAP_PT)


def _grid_positions(n: int, x, y, w, h) -> list[tuple[float, float, float, float]]:
    cols = 1 if n == 1 else 2 if n <= 4 else 3
    rows = -(-n // cols)
    cw, rh = w / cols, h / rows
    return [(x + (i % cols) * cw, y + (i // cols) * rh, cw, rh) for i in range(n)]


def _add_slide(prs, content: SlideContent) -> None:
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches, Pt

    # The marking is on the slide master (pptx_deck), so it is on every slide, added ones too.
    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY_LAYOUT])
    # Laid out where the PDF lays it out (explorer.core.slides.geometry, 144 canvas px to the
    # inch), at half its pixel sizes in points, with the caption at the 14 pt floor.
    g = geometry(content, W, caption_px=2 * MIN_PT)
    width = g.width / _PX
    wrap = width * WRAP_SHARE  # the title and takeaway wrap where the renderer wraps them
    title = slide.shapes.title
    title.left, title.top = Inches(_MARGIN), Inches(g.title_top / _PX)
    title.width, title.height = Inches(wrap), Inches(g.title_h / _PX + 0.05)
    title.text = xml_safe(content.title)
    frame = title.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for para in frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size = Pt(g.title_px / 2)
            run.font.bold = True  # as the PDF
    if content.takeaway:
        top, h = g.takeaway_top / _PX, g.takeaway_h / _PX + 0.05
        _text_box(slide, _MARGIN, top, wrap, h, content.takeaway, size=g.takeaway_px / 2)
    top, body_h, body_w = g.body_top / _PX, g.body_h / _PX, width
    caption = content.caption_lines
    caption_top = g.caption_top / _PX
    tables = content.tables
    wants_numbers = content.shows_numbers
    if content.shows_quotes:
        _add_quotes(slide, content, _MARGIN + g.quotes_x / _PX, top, g.quotes_w / _PX, body_h)
    numbers_w = g.chart_w / _PX if wants_numbers else 0.0
    if content.layout == "matrix":
        from explorer.core.export.pptx_matrix import add_matrix

        if content.problem or content.matrix is None:
            message = content.problem or "The matrix has no rows or groups."
            _text_box(slide, _MARGIN, top, body_w, 0.6, message, size=16, italic=True)
        else:
            add_matrix(slide, content, _MARGIN, top, body_w, body_h)
    if content.lines:  # a cover or method-and-sources slide: its paragraphs
        _text_box(slide, _MARGIN, top, body_w, body_h, "\n".join(content.lines), size=16)
    if wants_numbers:
        message = content.problem or ("This slide charts no survey question." if not tables else "")
        if not message and all(t.empty for t in tables):
            message = f"{NO_RESPONDENTS}."
        if message:
            _text_box(slide, _MARGIN, top, numbers_w, 0.6, message, size=16, italic=True)
        elif content.layout == "table":
            cells = _grid_positions(len(tables), _MARGIN, top, numbers_w, body_h)
            for table, (x, y, w, h) in zip(tables, cells):
                height = min(h - 0.1, 0.3 * (len(table.rows) + 2))
                _add_table(slide, table, x, y, w - 0.1, height)
        else:
            _add_charts(slide, content, _MARGIN, top, numbers_w, body_h)
    _text_box(
        slide,
        _MARGIN,
        caption_top,
        body_w,
        _H - 0.4 - caption_top,
        "\n".join(caption),
        size=MIN_PT,
        grey=True,
    )
    notes = content.notes.strip()
    if notes:
        slide.notes_slide.notes_text_frame.text = xml_safe(notes)


def export_briefing_pptx(
    contents: Sequence[SlideContent],
    path: str | os.PathLike[str],
    provenance: Provenance,
    *,
    log_path: str | os.PathLike[str] | None = None,
    author: str = "",
) -> None:
    """Write the slides `contents` to a .pptx at `path` (atomically; never onto the source data),
    recorded in the export log (`log_path`, else the app's default). `author` goes in the file's
    properties (the app passes the one in its settings)."""
    if not contents:
        raise ExplorerError.for_file(path, "the briefing has no slides to put in a PowerPoint")
    marking = contents[0].marking
    prs = new_presentation(marking)
    for content in contents:
        _add_slide(prs, content)
    # The file's own properties: title, the marking as subject and keywords, the author, now,
    # and the disclosure thresholds (a 255-character field).
    set_properties(
        prs,
        title=xml_safe(provenance.title),
        marking=xml_safe(marking),
        author=xml_safe(author),
        comments=provenance.disclosure_line,
    )
    record = logged(provenance, "briefing (PowerPoint)", path, log_path)
    # Zipped in memory first: a disk that fills part-way fails one plain write, never leaving
    # the zip writer holding a file that the failed write has closed.
    whole = io.BytesIO()
    prs.save(whole)
    with atomic_writer(path, "wb", before_publish=record) as handle:
        handle.write(whole.getbuffer())
