"""A whole briefing to PowerPoint: one slide per `SlideContent` with its title, takeaway, a native
(restylable) clustered bar chart or table of the weighted percents, its quotes, its captions and
notices, the protective marking top and bottom, and the speaker notes.

Everything written comes from the slide contents (the same ones the PDF and PNG draw); nothing is
computed or worded here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from explorer.core.atomic import atomic_writer
from explorer.core.captions import NO_RESPONDENTS
from explorer.core.errors import ExplorerError
from explorer.core.export.export_log import logged
from explorer.core.export.provenance import Provenance
from explorer.core.shown_text import xml_safe
from explorer.core.slides.content import SlideContent
from explorer.core.survey.formatting import format_count, format_percent
from explorer.core.survey.table import Table

_W, _H = 13.333, 7.5  # inches, 16:9
_MARGIN = 0.4
_TITLE_ONLY_LAYOUT = 5  # in python-pptx's default template
_GREY = (0x59, 0x59, 0x59)


def chart_categories(table: Table) -> list[str]:
    return [row.label for row in table.rows if row.kind == "code"]


def chart_series(table: Table) -> list[tuple[str, list[float | None]]]:
    """(series name, weighted percents per answer): the total alone, or one per breakdown group."""
    columns = list(enumerate(table.columns))
    if table.by and len(columns) > 1:
        columns = [(i, c) for i, c in columns if c.key != "all"]
    rows = [row for row in table.rows if row.kind == "code"]
    out = []
    for i, column in columns:
        values = [None if r.cells[i].suppressed else r.cells[i].percent for r in rows]
        name = "All respondents" if column.key == "all" else column.label
        out.append((name, values))
    return out


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


def _add_chart(slide, table: Table, x, y, w, h, *, titled: bool) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    data = CategoryChartData(number_format='0"%"')
    data.categories = [xml_safe(c) for c in chart_categories(table)]
    series = chart_series(table)
    for name, values in series:
        data.add_series(xml_safe(name), values)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Inches(x), Inches(y), Inches(w), Inches(h), data
    )
    chart = frame.chart
    chart.font.size = Pt(10)
    chart.category_axis.reverse_order = True  # first answer at the top, as in the app
    chart.category_axis.tick_labels.font.size = Pt(10)
    value_axis = chart.value_axis
    value_axis.minimum_scale = 0
    value_axis.maximum_scale = 100
    value_axis.has_major_gridlines = False
    value_axis.tick_labels.number_format = '0"%"'
    value_axis.tick_labels.number_format_is_linked = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = '0"%"'
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(9)
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    chart.has_title = titled
    if titled:
        chart.chart_title.text_frame.text = xml_safe(table.label)
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(11)


def _add_table(slide, table: Table, x, y, w, h) -> None:
    from pptx.util import Inches, Pt

    rows = [r for r in table.rows if r.kind in ("code", "net")]
    n_rows, n_cols = len(rows) + 2, len(table.columns) + 1
    shape = slide.shapes.add_table(n_rows, n_cols, Inches(x), Inches(y), Inches(w), Inches(h))
    grid = shape.table
    grid.cell(0, 0).text = xml_safe(table.label)
    for j, column in enumerate(table.columns, start=1):
        grid.cell(0, j).text = xml_safe(column.label)
    for i, row in enumerate(rows, start=1):
        grid.cell(i, 0).text = xml_safe(row.label)
        for j, cell in enumerate(row.cells, start=1):
            grid.cell(i, j).text = format_percent(cell.percent, suppressed=cell.suppressed)
    grid.cell(n_rows - 1, 0).text = "Unweighted base"
    for j, column in enumerate(table.columns, start=1):
        grid.cell(n_rows - 1, j).text = format_count(column.unweighted_base)
    for i in range(n_rows):
        for j in range(n_cols):
            for para in grid.cell(i, j).text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(10)


def _add_quotes(slide, content: SlideContent, x, y, w, h) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    frame = box.text_frame
    frame.word_wrap = True
    # Long quotes shrink to the box when PowerPoint or LibreOffice lays the slide out.
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    if not content.quotes:
        frame.paragraphs[0].text = content.no_quotes_text
        frame.paragraphs[0].runs[0].font.italic = True
        return
    for i, (text, attribution) in enumerate(content.quotes):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = xml_safe(f"“{text.strip()}”")
        run.font.size = Pt(13)
        who = frame.add_paragraph()
        run = who.add_run()
        run.text = xml_safe(f"— {attribution}" if attribution else "—")
        run.font.size = Pt(10)
        run.font.italic = True
        run.font.color.rgb = _rgb(_GREY)
        who.space_after = Pt(10)


def _grid_positions(n: int, x, y, w, h) -> list[tuple[float, float, float, float]]:
    cols = 1 if n == 1 else 2 if n <= 4 else 3
    rows = -(-n // cols)
    cw, rh = w / cols, h / rows
    return [(x + (i % cols) * cw, y + (i // cols) * rh, cw, rh) for i in range(n)]


def _add_slide(prs, content: SlideContent) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY_LAYOUT])
    marking = content.marking
    _text_box(slide, 0, 0.05, _W, 0.35, marking, size=11, bold=True, align=PP_ALIGN.CENTER)
    title = slide.shapes.title
    title.left, title.top = Inches(_MARGIN), Inches(0.4)
    title.width, title.height = Inches(_W - 2 * _MARGIN), Inches(0.8)
    title.text = xml_safe(content.title)
    for para in title.text_frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size = Pt(28)
    top = 1.2
    if content.takeaway:
        _text_box(slide, _MARGIN, top, _W - 2 * _MARGIN, 0.6, content.takeaway, size=16)
        top += 0.65
    caption = content.caption_lines
    caption_h = 0.2 + 0.17 * len(caption)
    body_h = _H - top - caption_h - 0.45
    body_w = _W - 2 * _MARGIN
    tables = content.tables
    wants_numbers = content.shows_numbers
    if wants_numbers and content.shows_quotes:
        numbers_w = body_w * 0.6
        quotes_x = _MARGIN + numbers_w + 0.2
        _add_quotes(slide, content, quotes_x, top, body_w - numbers_w - 0.2, body_h)
    elif content.shows_quotes:
        numbers_w = 0.0
        _add_quotes(slide, content, _MARGIN, top, body_w, body_h)
    else:
        numbers_w = body_w
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
        else:
            cells = _grid_positions(len(tables), _MARGIN, top, numbers_w, body_h)
            for table, (x, y, w, h) in zip(tables, cells):
                if content.layout == "table":
                    height = min(h - 0.1, 0.3 * (len(table.rows) + 2))
                    _add_table(slide, table, x, y, w - 0.1, height)
                else:
                    _add_chart(slide, table, x, y, w - 0.1, h - 0.1, titled=len(tables) > 1)
    _text_box(
        slide,
        _MARGIN,
        _H - caption_h - 0.4,
        body_w,
        caption_h,
        "\n".join(caption),
        size=9,
        grey=True,
    )
    _text_box(slide, 0, _H - 0.4, _W, 0.35, marking, size=11, bold=True, align=PP_ALIGN.CENTER)
    notes = content.notes.strip()
    if notes:
        slide.notes_slide.notes_text_frame.text = xml_safe(notes)


def export_briefing_pptx(
    contents: Sequence[SlideContent],
    path: str | os.PathLike[str],
    provenance: Provenance,
    *,
    log_path: str | os.PathLike[str] | None = None,
) -> None:
    """Write the slides `contents` to a .pptx at `path` (atomically; never onto the source data),
    recorded in the export log (`log_path`, else the app's default)."""
    from pptx import Presentation
    from pptx.util import Inches

    if not contents:
        raise ExplorerError.for_file(path, "the briefing has no slides to put in a PowerPoint")
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(_W), Inches(_H)
    for content in contents:
        _add_slide(prs, content)
    # The file's own properties record the disclosure thresholds (a 255-character field).
    prs.core_properties.comments = provenance.disclosure_line[:255]
    record = logged(provenance, "briefing (PowerPoint)", path, log_path)
    with atomic_writer(path, "wb", before_publish=record) as handle:
        prs.save(handle)
