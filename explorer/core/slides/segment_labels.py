"""Which segments of a stacked chart carry their figure ("14%", "[c]"), decided once for every
output: a segment is labelled when the label, bold at the 20 pt floor in the slides' font
(explorer.core.slides.measure), fits inside it with a little room to spare, the segment's width
being its share of the bars' span on the slide's canvas (1920 or 1440 px wide, as
explorer.core.slides.geometry lays the chart out). The slide renderer (presentation, PDF, PNG)
and the PowerPoint export both draw exactly these labels; a hidden cell's "[c]" follows the same
rule as a shown figure.

The bars' span is the chart's width less the row labels at its left (none when they go above
their bars) and the net columns at its right, as the slide renderer draws them.
"""

from __future__ import annotations

from explorer.core.export.chart_panels import Stacked, segment_widths
from explorer.core.slides import net_columns
from explorer.core.slides.measure import MIN_PX, text_width
from explorer.core.survey.formatting import percent_label

PAD = 8.0  # canvas px a segment keeps beside its label
LABEL_SHARE = 0.3  # the row labels' share of the chart's width, when they sit at the left


def labels_above(panel: Stacked, width: float) -> bool:
    """Long row labels (question wordings) go above their bar, so the bar keeps the full width."""
    return any(text_width(label, MIN_PX) > width * LABEL_SHARE for label, _ in panel.rows)


def label_room(panel: Stacked, width: float) -> float:
    """The width the row labels take at the bars' left, with their gap (0 when above)."""
    return 0.0 if labels_above(panel, width) else width * LABEL_SHARE + 12


def net_widths(panel: Stacked, width: float) -> list[float]:
    """The net columns' widths at the bars' right (net_columns), [] when none are drawn."""
    names = [name for name, _ in panel.nets]
    return net_columns.column_widths(names, width, label_room(panel, width))


def bar_span(panel: Stacked, width: float) -> float:
    """The canvas px a 100% bar spans on a chart `width` wide."""
    return width - label_room(panel, width) - sum(net_widths(panel, width))


def label_text(percent: float | None, suppressed: bool) -> str:
    return percent_label(percent, suppressed=suppressed)


def row_labels(cells: list[tuple[float | None, bool]], span: float) -> list[bool]:
    """For each segment of a row whose 100% spans `span` px: whether its label is drawn."""
    widths = segment_widths(cells)
    scale = max(sum(widths), 100.0)
    return [
        width > 0 and span * width / scale >= text_width(label_text(p, s), MIN_PX, True) + PAD
        for width, (p, s) in zip(widths, cells)
    ]


def labels(panel: Stacked, width: float) -> list[list[bool]]:
    """For each row and segment of `panel` on a chart `width` canvas px wide: labelled or not."""
    span = bar_span(panel, width)
    return [row_labels(cells, span) for _, cells in panel.rows]
