"""The text drawn as slide shapes around a stacked chart: its title and legend above it (each
answer's swatch in the app's palette and in answer order, then "[c] hidden" once, hatched grey,
when a cell is hidden), and, for questions sharing an answer scale, each question's label in full
above its own bar (as the PDF draws them); all at 14 pt or more.

Drawn rather than left to the chart: a hidden segment is a series of its own (a "[c]" series right
after its answer, pptx_chart.stacked_series), and PowerPoint and LibreOffice number a chart's
legend entries differently (LibreOffice counts a horizontal bar chart's from the other end), so
neither could be told to name "[c]" once without one of them dropping answers instead.
"""

from __future__ import annotations

from explorer.core.export.chart_panels import Stacked, legend_entries
from explorer.core.shown_text import xml_safe
from explorer.core.slides.measure import line_count, text_width

PT = 14
TITLE_PT = 14  # bold, as the PDF's chart titles (28 px on its 1080-high slide)
CHAR_IN = 0.105  # the mean advance of a 14 pt DejaVu Sans character, in inches
SWATCH_IN = 0.18
SPACE_IN = 0.15  # between one entry and the next (the PDF's 30 px)
LINE_IN = 0.26  # a 14 pt DejaVu Sans line is 0.226 in
TITLE_LINE_IN = 0.26


def entries(panel: Stacked) -> list[tuple[str, str, bool]]:
    """The legend's entries, the content model's (chart_panels.legend_entries, as the PDF's)."""
    return legend_entries(panel)


def _name_in(name: str) -> float:
    """A 14 pt name's width in inches, measured with the slides' font (144 px to the inch)."""
    return text_width(name, 2 * PT) / 144


def entry_width(name: str) -> float:
    return SWATCH_IN + 0.08 + _name_in(name) + 0.1


def lines(panel: Stacked, width_in: float) -> list[list[tuple[str, str, bool, float]]]:
    """The entries wrapped to `width_in`, each with its left offset in inches."""
    out: list[list[tuple[str, str, bool, float]]] = [[]]
    x = 0.0
    for name, colour, hatched in entries(panel):
        need = entry_width(name)
        if out[-1] and x + need > width_in:
            out.append([])
            x = 0.0
        out[-1].append((name, colour, hatched, x))
        x += need + SPACE_IN
    return out


def title_lines(title: str, width_in: float) -> int:
    if not title:
        return 0
    return line_count(title, 2 * TITLE_PT, max(width_in, 1.0) * 144, True)


def height(panel: Stacked, width_in: float, *, titled: bool) -> float:
    """The inches the title (when `titled`) and the legend take above the chart."""
    title = TITLE_LINE_IN * title_lines(panel.title, width_in) if titled else 0.0
    return title + LINE_IN * len(lines(panel, width_in))


def add(slide, panel: Stacked, x_in: float, y_in: float, w_in: float, *, titled: bool) -> float:
    """Draw the title and legend at (x, y) inches across `w_in`; return the height used."""
    from pptx.util import Inches

    top = y_in
    if titled and panel.title:
        n = title_lines(panel.title, w_in)
        box = _text(slide, x_in, top, w_in, TITLE_LINE_IN * n, panel.title, TITLE_PT, bold=True)
        box.name = "Chart title"
        box.text_frame.word_wrap = True
        top += TITLE_LINE_IN * n
    for line in lines(panel, w_in):
        for name, colour, hatched, dx in line:
            swatch = slide.shapes.add_shape(
                1,  # MSO_SHAPE.RECTANGLE
                Inches(x_in + dx),
                Inches(top + (LINE_IN - SWATCH_IN) / 2),
                Inches(SWATCH_IN),
                Inches(SWATCH_IN),
            )
            swatch.name = xml_safe(f"Legend swatch: {name}")
            _fill(swatch, colour, hatched)
            label = _text(
                slide, x_in + dx + SWATCH_IN + 0.08, top, _name_in(name) + 0.1, LINE_IN, name
            )
            label.name = xml_safe(f"Legend: {name}")
        top += LINE_IN
    return top - y_in


# --- questions sharing an answer scale: a label above each bar ------------------------------
LABEL_LINE_IN = 0.25
BAR_GAP_IN = 0.06  # between one question's bar and the next label


def is_question_rows(panel) -> bool:
    """A Stacked panel whose rows are questions (no title, several rows): labels above bars."""
    return isinstance(panel, Stacked) and not panel.title and len(panel.rows) > 1


def label_height(label: str, width_in: float) -> float:
    return LABEL_LINE_IN * line_count(label, 2 * PT, 0.97 * width_in * 144) + 0.04


def question_parts(panel: Stacked, width_in: float) -> tuple[float, int]:
    """(inches of legend, labels and gaps; number of bars) of questions sharing a scale."""
    from explorer.core.export import pptx_nets

    labels = sum(label_height(label, width_in) + BAR_GAP_IN for label, _ in panel.rows)
    nets = pptx_nets.header_in(panel, width_in, pptx_nets.widths_in(panel, width_in, above=True))
    return height(panel, width_in, titled=False) + labels + nets, len(panel.rows)


def add_label(slide, label: str, x_in: float, y_in: float, w_in: float) -> float:
    """A question's label in full above its bar; returns the height used."""
    h = label_height(label, w_in)
    box = _text(slide, x_in, y_in, w_in, h, label)
    box.name = xml_safe(f"Question: {label[:40]}")
    box.text_frame.word_wrap = True
    return h


def _fill(shape, colour: str, hatched: bool) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.dml import MSO_PATTERN

    rgb = RGBColor.from_string(colour.lstrip("#"))
    if hatched:
        shape.fill.patterned()
        shape.fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
        shape.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        shape.fill.back_color.rgb = rgb
        shape.line.color.rgb = RGBColor(0x33, 0x33, 0x33)
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb
        shape.line.color.rgb = rgb
    shape.shadow.inherit = False


def _text(slide, x, y, w, h, text: str, size: int = PT, *, bold: bool = False):
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    frame = box.text_frame
    frame.word_wrap = False
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    run = frame.paragraphs[0].add_run()
    run.text = xml_safe(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    return box
