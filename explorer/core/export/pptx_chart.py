"""Native PowerPoint charts of a slide's panels (chart_panels.py): the same bars, nets, stacked
rows with the All-respondents row, hidden [c] cells and palette as the PDF, plus 95% intervals as
error bars, labels only where they fit (in stacked rows, the segments the content model labels:
explorer.core.slides.segment_labels, as the PDF), the legend in answer order, no text under 14
pt, and alt text that reads the figures out.

A hidden cell's value is never in the chart or its embedded workbook: every answer's series holds
exactly the table's shown percents and no value where a cell is hidden (as `explorer table`). In
bars a hidden cell is an empty point labelled "[c]"; in a stacked row it is a hatched grey "[c]"
segment of a gap series drawn right after its answer, whose length is an equal share of what the
shown segments leave of 100%, which the shown figures give away anyway
(chart_panels.segment_widths). The legend names "[c]" once.
"""

from __future__ import annotations

from explorer.core.export import pptx_legend, pptx_nets
from explorer.core.export.chart_panels import (
    ALL_RESPONDENTS,
    BAR,
    HIDDEN,
    NET,
    STACK,
    Stacked,
    panels_for,
    segment_widths,
)
from explorer.core.shown_text import xml_safe
from explorer.core.slides import segment_labels
from explorer.core.survey.formatting import format_percent
from explorer.core.survey.table import Table

MIN_PT = 14
EMU = 914400  # per inch
ROW_FOR_LABELS_IN = 0.2  # the thinnest stacked row that holds a 14 pt label (0.19 in)
_LABEL_MIN_PERCENT = 7.0  # a bar shorter than this has its label past its end


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#"))


def _fill(fmt, colour: str, *, hatched: bool = False) -> None:
    from pptx.enum.dml import MSO_PATTERN

    if hatched:
        fmt.fill.patterned()
        fmt.fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
        fmt.fill.fore_color.rgb = _rgb("#FFFFFF" if colour == HIDDEN else colour)
        fmt.fill.back_color.rgb = _rgb(colour)
    else:
        fmt.fill.solid()
        fmt.fill.fore_color.rgb = _rgb(colour)
    fmt.line.color.rgb = _rgb("#333333" if hatched and colour == HIDDEN else colour)


def set_alt_text(shape, text: str) -> None:
    """The description a screen reader reads for a chart, table or picture."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", xml_safe(text[:4000]))


def add_panel_chart(slide, panel, x, y, w, h, *, titled: bool, canvas_w: float | None = None):
    """One native chart for `panel` (a Table: bars; a Stacked: stacked rows, under its title and
    legend drawn as shapes, pptx_legend) at (x, y, w, h) in EMU. `canvas_w`: the chart's width on
    the PDF's canvas (geometry.chart_w), where the content model decides which segments carry a
    label (segment_labels); else the frame's width at 144 px to the inch. Returns the frame."""
    if isinstance(panel, Table):
        frame = _bars(slide, panel, x, y, w, h)
        title = panel.label
    else:
        x_in, w_in = x / EMU, w / EMU
        used_in = pptx_legend.add(slide, panel, x_in, y / EMU, w_in, titled=titled)
        nets = pptx_nets.widths_in(panel, w_in)
        if nets:  # the nets' columns at the right, named over them (as the PDF)
            used_in += pptx_nets.add_header(slide, panel, nets, x_in, w_in, y / EMU + used_in)
        used = int(used_in * EMU)
        bars_w = w - int((sum(nets) + (0.05 if nets else 0.0)) * EMU)
        width = canvas_w if canvas_w is not None else w_in * 144
        flags = segment_labels.labels(panel, width)
        frame = _stacked(slide, panel, x, y + used, bars_w, max(h - used, EMU // 4), flags)
        rows = max(len(panel.rows), 1)
        row_in = frame.height / EMU / rows  # the plot fills the frame's height (_fill_frame)
        for r in range(len(panel.rows) if nets else 0):
            top = (y + used) / EMU + r * row_in
            pptx_nets.add_figures(slide, panel, nets, x_in + w_in, r, top, row_in)
        title = ""  # drawn above, with the legend
    chart = frame.chart
    chart.font.size = _pt(MIN_PT)
    chart.has_title = bool(titled and title)
    if chart.has_title:
        chart.chart_title.text_frame.text = xml_safe(title)
        for run in chart.chart_title.text_frame.paragraphs[0].runs:
            run.font.size = _pt(pptx_legend.TITLE_PT)
            run.font.bold = True
    set_alt_text(frame, alt_text(panel))
    return frame


def _pt(size: float):
    from pptx.util import Pt

    return Pt(size)


def _axes(chart) -> None:
    category = chart.category_axis
    category.reverse_order = True  # first answer at the top, as on the slide and in the app
    category.tick_labels.font.size = _pt(MIN_PT)
    category.has_major_gridlines = False
    category.format.line.color.rgb = _rgb("#BBBBBB")
    _every_label(category)
    value = chart.value_axis
    value.minimum_scale = 0
    value.has_major_gridlines = False
    value.visible = False  # every bar carries its own label


def _every_label(axis) -> None:
    """Every category named (LibreOffice otherwise skips some when they are long)."""
    from lxml import etree
    from pptx.oxml.ns import qn

    ax = axis._element
    if ax.find(qn("c:tickLblSkip")) is not None:
        return
    skip = etree.Element(qn("c:tickLblSkip"))
    skip.set("val", "1")
    after = ax.find(qn("c:lblOffset"))
    if after is None:
        after = ax.find(qn("c:lblAlgn"))
    if after is not None:
        after.addnext(skip)
    else:
        before = ax.find(qn("c:noMultiLvlLbl"))
        if before is not None:
            before.addprevious(skip)
        else:
            ax.append(skip)


# --- bars: one question ---------------------------------------------------------------------
def bar_rows(table: Table):
    return [r for r in table.rows if r.kind != "score"]


def _bars(slide, table: Table, x, y, w, h):
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION

    rows = bar_rows(table)
    cells = [r.cells[0] for r in rows]
    data = CategoryChartData(number_format='0"%"')
    data.categories = [xml_safe(r.label) for r in rows]
    data.add_series(ALL_RESPONDENTS, [None if c.suppressed else c.percent for c in cells])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, x, y, w, h, data)
    chart = frame.chart
    _axes(chart)
    top = max([c.ci_high or c.percent or 0.0 for c in cells] + [10.0])
    chart.value_axis.maximum_scale = min(100.0, top * 1.2 + 8)
    chart.has_legend = False
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = '0"%"'
    labels.number_format_is_linked = False
    # At the base, inside the bar, in white: clear of the interval whisker at the bar's end.
    labels.position = XL_LABEL_POSITION.INSIDE_BASE
    labels.font.size = _pt(MIN_PT)
    labels.font.bold = True
    labels.font.color.rgb = _rgb("#FFFFFF")
    series = plot.series[0]
    series.invert_if_negative = False
    _fill(series.format, BAR)
    for i, (row, cell) in enumerate(zip(rows, cells)):
        point = series.points[i]
        if row.kind == "net":
            _fill(point.format, NET, hatched=True)
        if cell.suppressed or cell.percent is None:
            label = point.data_label
            label.has_text_frame = True
            label.text_frame.text = format_percent(cell.percent, suppressed=cell.suppressed)
            label.text_frame.word_wrap = False  # one line (LibreOffice wraps to the bar otherwise)
            label.position = XL_LABEL_POSITION.INSIDE_BASE
            label.font.size = _pt(MIN_PT)
            label.font.color.rgb = _rgb("#111111")
        else:  # each label written out (LibreOffice drops plot-level ones placed at the base)
            short = cell.percent < _LABEL_MIN_PERCENT  # too short to hold it: past the whisker
            label = point.data_label
            label.has_text_frame = True
            label.text_frame.text = format_percent(cell.percent) + "%"
            label.text_frame.word_wrap = False  # one line (LibreOffice wraps to the bar otherwise)
            label.position = (
                XL_LABEL_POSITION.OUTSIDE_END if short else XL_LABEL_POSITION.INSIDE_BASE
            )
            label.font.size = _pt(MIN_PT)
            label.font.bold = True
            label.font.color.rgb = _rgb("#111111" if short else "#FFFFFF")
    _error_bars(series, cells)
    if any(c.suppressed for c in cells):
        _blanks_as_zero(chart)
    return frame


def _blanks_as_zero(chart) -> None:
    """A hidden bar's point stays empty in the data; plotted at zero (rather than as a gap) so
    that LibreOffice, like PowerPoint, draws its "[c]" label."""
    from pptx.oxml.ns import qn

    blanks = chart._chartSpace.find(".//" + qn("c:dispBlanksAs"))
    if blanks is not None:
        blanks.set("val", "zero")


def _error_bars(series, cells) -> None:
    """95% intervals as custom error bars (python-pptx has no API: written as DrawingML)."""
    from lxml import etree
    from pptx.oxml.ns import qn

    plus, minus = [], []
    for cell in cells:
        ok = not cell.suppressed and None not in (cell.percent, cell.ci_low, cell.ci_high)
        plus.append(max(cell.ci_high - cell.percent, 0.0) if ok else 0.0)
        minus.append(max(cell.percent - cell.ci_low, 0.0) if ok else 0.0)
    ser = series._element
    bars = etree.SubElement(ser, qn("c:errBars"))
    etree.SubElement(bars, qn("c:errBarType")).set("val", "both")
    etree.SubElement(bars, qn("c:errValType")).set("val", "cust")
    etree.SubElement(bars, qn("c:noEndCap")).set("val", "0")
    for tag, values in (("c:plus", plus), ("c:minus", minus)):
        holder = etree.SubElement(bars, qn(tag))
        lit = etree.SubElement(holder, qn("c:numLit"))
        etree.SubElement(lit, qn("c:formatCode")).text = "General"
        etree.SubElement(lit, qn("c:ptCount")).set("val", str(len(values)))
        for i, value in enumerate(values):
            pt = etree.SubElement(lit, qn("c:pt"))
            pt.set("idx", str(i))
            etree.SubElement(pt, qn("c:v")).text = f"{value:.3f}"
    line = etree.SubElement(bars, qn("c:spPr"))
    ln = etree.SubElement(line, qn("a:ln"))
    ln.set("w", "19050")
    solid = etree.SubElement(ln, qn("a:solidFill"))
    etree.SubElement(solid, qn("a:srgbClr")).set("val", "333333")
    # CT_BarSer order: … dLbls, trendline*, errBars, cat, val …
    anchor = ser.find(qn("c:cat"))
    if anchor is not None:
        anchor.addprevious(bars)


# --- stacked rows: a breakdown, or questions sharing an answer scale --------------------------
GAP = "[c]"  # the name of a series that only draws hidden segments


def stacked_series(panel: Stacked) -> list[tuple[str, str, list[float | None]]]:
    """The stacked chart's series in drawing order, as (kind, name, one value per row).

    Each answer ("answer") holds its shown percents and no value where its cell is hidden, so the
    chart's data say exactly what the table says. Right after an answer that is hidden in some row
    comes a "gap" series holding, only there, the hidden segment's length: an equal share of what
    the shown segments leave of 100% (chart_panels.segment_widths), so the gap keeps its place."""
    widths = [segment_widths(cells) for _, cells in panel.rows]
    out: list[tuple[str, str, list[float | None]]] = []
    for i, name in enumerate(panel.categories):
        cells = [row[i] for _, row in panel.rows]
        out.append(("answer", name, [None if s else p for p, s in cells]))
        if any(s for _, s in cells):
            gaps = [wd[i] if s else None for wd, (_, s) in zip(widths, cells)]
            out.append(("gap", GAP, gaps))
    return out


def bare_stacked(slide, panel: Stacked, x, y, w, h, labelled: list[list[bool]]):
    """One stacked row filling its frame (no axis labels, no margins): a question's bar, drawn
    under its label (pptx_questions), its segments labelled as `labelled` says."""
    frame = _stacked(slide, panel, x, y, w, h, labelled, bare=True)
    frame.chart.font.size = _pt(MIN_PT)
    frame.chart.has_title = False
    set_alt_text(frame, alt_text(panel))
    return frame


def _fill_frame(chart, left: float = 0.0) -> None:
    """The plot area exactly the chart's frame (a manual layout), so bars line up with shapes;
    `left`: the share of the width kept for the row labels."""
    from lxml import etree
    from pptx.oxml.ns import qn

    plot = chart._chartSpace.find(".//" + qn("c:plotArea"))
    layout = plot.find(qn("c:layout"))
    if layout is None:
        layout = etree.Element(qn("c:layout"))
        plot.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, val in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge")):
        etree.SubElement(manual, qn(f"c:{tag}")).set("val", val)
    for tag, val in (("x", left), ("y", 0), ("w", 1 - left), ("h", 1)):
        etree.SubElement(manual, qn(f"c:{tag}")).set("val", f"{val:.4f}")


def _stacked(slide, panel: Stacked, x, y, w, h, labelled: list[list[bool]], *, bare=False):
    """The stacked rows; `labelled[row][answer]`: whether that segment carries its figure (or
    "[c]"), the content model's decision (segment_labels), so the PDF labels the same ones."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    data = CategoryChartData(number_format='0"%"')
    data.categories = [xml_safe(label) for label, _ in panel.rows]
    series_list = stacked_series(panel)
    for _, name, values in series_list:
        data.add_series(xml_safe(name), values)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, x, y, w, h, data)
    chart = frame.chart
    # The bars get what the row labels leave of the width (they wrap at about a third of it).
    w_in = w / EMU
    longest = max((len(label) for label, _ in panel.rows), default=0)
    axis = 0.0 if bare else min(longest * pptx_legend.CHAR_IN + 0.25, 0.33 * w_in)
    # A 14 pt label is about 0.19 in tall, so it needs a row of about 0.23 in: on thinner rows
    # (which the content model's fitting never makes; the PDF's rows are 0.26 in at least) none
    # is written rather than run into the next row. The plot fills the frame's height (a
    # manual layout: no margins), the labels the left.
    rows_hold_labels = (h / EMU) / max(len(panel.rows), 1) >= ROW_FOR_LABELS_IN
    _axes(chart)
    if bare:
        chart.category_axis.visible = False  # the label is drawn above the bar
    _fill_frame(chart, left=0.0 if bare else min(axis / w_in, 0.5))
    chart.value_axis.maximum_scale = max(
        100.0, *(sum(segment_widths(cells)) for _, cells in panel.rows)
    )
    plot = chart.plots[0]
    plot.gap_width = 10 if bare else 20
    plot.overlap = 100
    answer = -1
    for series, (kind, _, values) in zip(plot.series, series_list):
        series.invert_if_negative = False
        if kind == "answer":
            answer += 1
            colour = STACK[answer % len(STACK)]
            _fill(series.format, colour)
        else:  # a marked gap in its own place
            colour = HIDDEN
            _fill(series.format, HIDDEN, hatched=True)
        for r, value in enumerate(values):  # a gap series follows its answer: the same segment
            if value is not None and rows_hold_labels and labelled[r][answer]:
                _segment_label(series.points[r], value, kind == "gap", colour)
    chart.has_legend = False  # drawn above the chart, naming "[c]" once (pptx_legend)
    return frame


def _segment_label(point, value: float, hidden: bool, colour: str) -> None:
    from pptx.enum.chart import XL_LABEL_POSITION

    label = point.data_label
    label.has_text_frame = True
    label.text_frame.text = GAP if hidden else format_percent(value) + "%"
    label.text_frame.word_wrap = False  # one line (LibreOffice wraps to the bar otherwise)
    label.position = XL_LABEL_POSITION.CENTER
    label.font.size = _pt(MIN_PT)
    label.font.bold = True
    label.font.color.rgb = _rgb("#111111" if hidden or _light(colour) else "#FFFFFF")


def _light(hex_colour: str) -> bool:
    r, g, b = (int(hex_colour[k : k + 2], 16) / 255 for k in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45


# --- alt text ---------------------------------------------------------------------------------
def alt_text(panel) -> str:
    """The chart in words: its question, then every figure shown ([c] for hidden ones)."""

    def pct(value, suppressed) -> str:
        text = format_percent(value, suppressed=suppressed)
        return text + "%" if text[:1].isdigit() else text

    if isinstance(panel, Table):
        parts = [
            f"{r.label} {pct(r.cells[0].percent, r.cells[0].suppressed)}" for r in bar_rows(panel)
        ]
        return f"Bar chart: {panel.label}. " + "; ".join(parts) + "."
    rows = []
    for label, cells in panel.rows:
        figures = ", ".join(f"{name} {pct(p, s)}" for name, (p, s) in zip(panel.categories, cells))
        rows.append(f"{label}: {figures}")
    title = f"{panel.title}. " if panel.title else ""
    return "Stacked bar chart: " + title + "; ".join(rows) + ". [c] = hidden."


def charts_for(tables, multi: frozenset[str] | None = None) -> list:
    """The panels a slide's tables make (the same as the PDF's)."""
    return panels_for(tuple(tables), multi)
