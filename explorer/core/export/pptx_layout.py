"""How a slide's chart panels share the height the PowerPoint slide gives them: each title,
legend and question label in full at 14 pt, the bar rows sharing what is left. Which panels a
slide holds is the content model's decision (explorer.core.slides), not made here.
"""

from __future__ import annotations

import math

from explorer.core.export import pptx_legend, pptx_nets
from explorer.core.export.pptx_chart import bar_rows
from explorer.core.survey.table import Table


def panel_parts(
    panel, width_in: float, *, titled: bool = True, labels_above: bool = True
) -> tuple[float, float]:
    """(inches of title, legend and margins; bar rows, a row whose label wraps counting for as
    many lines as it takes) of a panel at 14 pt. `labels_above`: questions sharing a scale
    with their labels above their bars (pptx_questions), else beside them on the axis."""
    if labels_above and pptx_legend.is_question_rows(panel):
        return pptx_legend.question_parts(panel, width_in)
    if isinstance(panel, Table):
        labels = [r.label for r in bar_rows(panel)]
        fixed = 0.45
    else:
        labels = [label for label, _ in panel.rows]
        fixed = pptx_legend.height(panel, width_in, titled=titled) + 0.2
        fixed += pptx_nets.header_in(panel, width_in, pptx_nets.widths_in(panel, width_in))
    # The axis wraps its labels at about a third of the chart's width (as LibreOffice does).
    per_line = max(0.33 * width_in / pptx_legend.CHAR_IN, 8.0)
    units = sum(max(1.0, 0.8 * math.ceil(len(label) / per_line)) for label in labels)
    return fixed, units


def panel_heights(
    panels, width_in: float, room_in: float, *, labels_above: bool = True
) -> list[float]:
    """Each panel's height when all share `room_in`: its title and legend in full, the rest
    shared out per bar row (about 0.3 in a row when there is room, less when there is not)."""
    parts = [panel_parts(p, width_in, labels_above=labels_above) for p in panels]
    fixed = sum(f for f, _ in parts)
    units = sum(n for _, n in parts) or 1.0
    row = max(min((room_in - fixed) / units, 0.42), 0.05)
    return [f + n * row for f, n in parts]


def labels_above_fit(panels, width_in: float, room_in: float) -> bool:
    """Whether questions sharing a scale can have their labels above their bars (bars of at
    least 0.2 in): else they go beside them, which takes less height."""
    parts = [panel_parts(p, width_in) for p in panels]
    return sum(f + 0.2 * n for f, n in parts) <= room_in
