"""A whole briefing to PowerPoint: one slide per briefing slide with its title, takeaway, a native
(restylable) clustered bar chart or table of the weighted percents, pinned quotes, a base/filter
and data-source caption, the protective marking top and bottom, and the speaker notes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from explorer.core.atomic import atomic_writer
from explorer.core.briefing.marking import ILLUSTRATIVE_NOTICE, banner
from explorer.core.briefing.model import Briefing, Slide
from explorer.core.errors import ExplorerError
from explorer.core.export.export_log import record_export
from explorer.core.export.provenance import Provenance, provenance_for, source_line
from explorer.core.qual.model import Project
from explorer.core.survey.formatting import format_count, format_percent
from explorer.core.survey.model import Survey
from explorer.core.survey.table import Table

TableSource = Callable[[Slide], Sequence[Table]]

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


def base_caption(table: Table) -> str:
    total = table.columns[0]
    parts = [
        f"Base: {table.filter_description}",
        f"unweighted n = {format_count(total.unweighted_base)}",
        f"effective n = {format_count(total.effective_base)}",
    ]
    low = [c.label for c in table.columns if c.low_base]
    caption = "; ".join(parts)
    if low:
        caption += f". Low base (treat with caution): {', '.join(low)}"
    return caption + ("" if table.weighted else ". Unweighted")


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
        para.text = line
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
    data.categories = chart_categories(table)
    series = chart_series(table)
    for name, values in series:
        data.add_series(name, values)
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
        chart.chart_title.text_frame.text = table.label
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(11)


def _add_table(slide, table: Table, x, y, w, h) -> None:
    from pptx.util import Inches, Pt

    rows = [r for r in table.rows if r.kind in ("code", "net")]
    n_rows, n_cols = len(rows) + 2, len(table.columns) + 1
    shape = slide.shapes.add_table(n_rows, n_cols, Inches(x), Inches(y), Inches(w), Inches(h))
    grid = shape.table
    grid.cell(0, 0).text = table.label
    for j, column in enumerate(table.columns, start=1):
        grid.cell(0, j).text = column.label
    for i, row in enumerate(rows, start=1):
        grid.cell(i, 0).text = row.label
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


def _add_quotes(slide, slide_model: Slide, x, y, w, h, illustrative: bool) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    frame = box.text_frame
    frame.word_wrap = True
    # Long quotes shrink to the box when PowerPoint or LibreOffice lays the slide out.
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    quotes = slide_model.quotes
    first = True
    if not quotes:
        frame.paragraphs[0].text = "No quotes pinned to this slide."
        frame.paragraphs[0].runs[0].font.italic = True
        return
    for quote in quotes:
        para = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        run = para.add_run()
        run.text = f"“{quote.text.strip()}”"
        run.font.size = Pt(13)
        who = frame.add_paragraph()
        run = who.add_run()
        run.text = f"— {quote.attribution}" if quote.attribution else "—"
        run.font.size = Pt(10)
        run.font.italic = True
        run.font.color.rgb = _rgb(_GREY)
        who.space_after = Pt(10)
    if illustrative:
        note = frame.add_paragraph()
        run = note.add_run()
        run.text = "Illustrative quotes: written for the sample, not said by a real participant."
        run.font.size = Pt(9)
        run.font.italic = True


def _grid_positions(n: int, x, y, w, h) -> list[tuple[float, float, float, float]]:
    cols = 1 if n == 1 else 2 if n <= 4 else 3
    rows = -(-n // cols)
    cw, rh = w / cols, h / rows
    return [(x + (i % cols) * cw, y + (i // cols) * rh, cw, rh) for i in range(n)]


def _add_slide(prs, model: Slide, tables: Sequence[Table], provenance: Provenance) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY_LAYOUT])
    marking = banner(provenance.marking)
    _text_box(slide, 0, 0.05, _W, 0.35, marking, size=11, bold=True, align=PP_ALIGN.CENTER)
    title = slide.shapes.title
    title.left, title.top = Inches(_MARGIN), Inches(0.4)
    title.width, title.height = Inches(_W - 2 * _MARGIN), Inches(0.8)
    title.text = model.title or "Untitled slide"
    for para in title.text_frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size = Pt(28)
    top = 1.2
    if model.takeaway:
        _text_box(slide, _MARGIN, top, _W - 2 * _MARGIN, 0.6, model.takeaway, size=16)
        top += 0.65
    caption_h = 0.85
    body_h = _H - top - caption_h - 0.45
    body_w = _W - 2 * _MARGIN
    layout = model.view.layout
    wants_quotes = layout in ("quotes", "chart+quotes")
    wants_numbers = layout in ("chart", "table", "chart+quotes") and tables
    if wants_numbers and wants_quotes:
        numbers_w = body_w * 0.6
        _add_quotes(
            slide,
            model,
            _MARGIN + numbers_w + 0.2,
            top,
            body_w - numbers_w - 0.2,
            body_h,
            provenance.illustrative,
        )
    elif wants_quotes:
        numbers_w = 0.0
        _add_quotes(slide, model, _MARGIN, top, body_w, body_h, provenance.illustrative)
    else:
        numbers_w = body_w
    if wants_numbers:
        cells = _grid_positions(len(tables), _MARGIN, top, numbers_w, body_h)
        for table, (x, y, w, h) in zip(tables, cells):
            if layout == "table":
                _add_table(slide, table, x, y, w - 0.1, min(h - 0.1, 0.3 * (len(table.rows) + 2)))
            else:
                _add_chart(slide, table, x, y, w - 0.1, h - 0.1, titled=len(tables) > 1)
    caption = [base_caption(tables[0])] if tables else []
    if provenance.filter_description and not tables:
        caption.append(f"Filter: {provenance.filter_description}")
    caption.extend(source_line(ref).split(", SHA-256")[0] for ref in provenance.sources)
    if provenance.illustrative:
        caption.append(ILLUSTRATIVE_NOTICE)
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
    notes = model.notes.strip()
    if notes:
        slide.notes_slide.notes_text_frame.text = notes


def export_briefing_pptx(
    briefing: Briefing,
    path: str | os.PathLike[str],
    *,
    survey: Survey | None = None,
    project: Project | None = None,
    tables: TableSource | None = None,
    log_path: str | os.PathLike[str] | None = None,
) -> None:
    """Write `briefing` to a .pptx at `path` (atomically; never onto the source data), recorded in
    the export log (`log_path`, else the app's default).

    Numbers are recomputed from `survey` for each slide (or taken from `tables(slide)`); a slide
    whose question the survey lacks raises ExplorerError naming the slide.
    """
    from pptx import Presentation
    from pptx.util import Inches

    from explorer.core.briefing.evidence import slide_filter_description, slide_tables

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(_W), Inches(_H)
    base = provenance_for(marking=briefing.marking, survey=survey, project=project)
    for number, model in enumerate(briefing.slides, start=1):
        try:
            if tables is not None:
                slide_tables_ = list(tables(model))
            elif survey is not None and model.view.questions and model.view.layout != "quotes":
                slide_tables_ = slide_tables(model, survey, project)
            else:
                slide_tables_ = []
        except ExplorerError as error:
            raise ExplorerError(
                f"Slide {number} ({model.title}) cannot be exported: {error.message}"
            ) from error
        description = slide_filter_description(model, survey, project) if survey or project else ""
        provenance = Provenance(
            marking=base.marking,
            illustrative=base.illustrative,
            sources=base.sources,
            filter_description=description,
            exported_at=base.exported_at,
            suppress_below=base.suppress_below,
            low_base=base.low_base,
            very_low_base=base.very_low_base,
        )
        _add_slide(prs, model, slide_tables_, provenance)
    # The file's own properties record the disclosure thresholds (a 255-character field).
    prs.core_properties.comments = base.disclosure_line[:255]
    with atomic_writer(path, "wb") as handle:
        prs.save(handle)
    record_export(base, what="briefing (PowerPoint)", destination=path, log_path=log_path)
