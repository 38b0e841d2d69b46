"""A stacked chart's net columns on a PowerPoint slide, as the PDF draws them: the nets' names
over their columns at the right of the bars, and each row's net figure level with its bar, at
14 pt bold; sized by explorer.core.slides.net_columns (the renderer's rule, in inches × 144).
"""

from __future__ import annotations

from explorer.core.export import pptx_legend
from explorer.core.export.chart_panels import Stacked
from explorer.core.shown_text import xml_safe
from explorer.core.slides import net_columns
from explorer.core.survey.formatting import percent_label

PX_PER_IN = 144  # the slide canvas's pixels to the inch (1920 px across 13.333 in)


def label_in(panel: Stacked, w_in: float, *, above: bool) -> float:
    """The inches the row labels take at the left of the bars (none when above them)."""
    if above:
        return 0.0
    longest = max((len(label) for label, _ in panel.rows), default=0)
    return min(longest * pptx_legend.CHAR_IN + 0.25, 0.33 * w_in)


def widths_in(panel: Stacked, w_in: float, *, above: bool = False) -> list[float]:
    """Each net column's width in inches, or [] when the nets are not drawn."""
    names = [name for name, _ in panel.nets]
    px = net_columns.column_widths(
        names,
        w_in * PX_PER_IN,
        label_in(panel, w_in, above=above) * PX_PER_IN,
        px=2 * pptx_legend.PT,
    )
    return [w / PX_PER_IN for w in px]


def header_in(panel: Stacked, w_in: float, widths: list[float]) -> float:
    """The inches the nets' names add under the legend: none when there are no columns or the
    names sit at the right of the legend's last line (net_columns.header_on_legend)."""
    if not widths:
        return 0.0
    last = pptx_legend.lines(panel, w_in)[-1]
    used = last[-1][3] + pptx_legend.entry_width(last[-1][0]) if last else 0.0
    on_legend = net_columns.header_on_legend(
        used * PX_PER_IN, w_in * PX_PER_IN, [w * PX_PER_IN for w in widths]
    )
    return 0.0 if on_legend else pptx_legend.LINE_IN


def add_header(
    slide, panel: Stacked, widths: list[float], x_in: float, w_in: float, legend_end_in: float
) -> float:
    """The nets' names over their columns at the right of (`x_in`, `w_in`), on the legend's
    last line (ending at `legend_end_in`) or under it; returns the height added."""
    extra = header_in(panel, w_in, widths)
    y = legend_end_in if extra else legend_end_in - pptx_legend.LINE_IN
    x = x_in + w_in - sum(widths)
    for (name, _), w in zip(panel.nets, widths):
        box = _right(slide, x, y, w, pptx_legend.LINE_IN, name)
        box.name = xml_safe(f"Net heading: {name}")
        x += w
    return extra


def add_figures(
    slide,
    panel: Stacked,
    widths: list[float],
    right_in: float,
    row: int,
    top_in: float,
    h_in: float,
) -> None:
    """Row `row`'s net figures, level with its bar (`top_in`, `h_in` tall)."""
    x = right_in - sum(widths)
    for (name, figures), w in zip(panel.nets, widths):
        pct, suppressed = figures[row]
        box = _right(slide, x, top_in, w, h_in, percent_label(pct, suppressed=suppressed))
        box.name = xml_safe(f"Net: {name}, {panel.rows[row][0]}")
        x += w


def _right(slide, x: float, y: float, w: float, h: float, text: str):
    from pptx.enum.text import PP_ALIGN

    box = pptx_legend._text(slide, x, y, w, h, text, bold=True)
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    return box
