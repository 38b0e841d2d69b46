"""The net columns at the right of a stacked chart ("Trust", "Distrust": each row's net figure),
sized once for every output: the slide renderer calls with canvas pixels, the PowerPoint export
with its inches × 144. Nets are drawn when the bars keep at least `MIN_BAR_SHARE` of the width;
else none (a chart of thin bars reads worse than one without its nets, which the table export
and the bars of a single question still show).
"""

from __future__ import annotations

from explorer.core.slides.measure import MIN_PX, line_height, text_width

MIN_BAR_SHARE = 0.3
GAP = 14.0  # canvas px between the bar and the first column, and between columns
HEADER_GAP = 4.0


def column_widths(names: list[str], width: float, label_w: float, px: int = MIN_PX) -> list[float]:
    """Each net column's width on a chart `width` wide whose row labels take `label_w` (0 when
    they are above the bars); [] when there are no nets or they would leave the bars too little."""
    if not names:
        return []
    widths = [max(text_width(n, px, True), text_width("100%", px, True)) + GAP for n in names]
    if width - label_w - sum(widths) < MIN_BAR_SHARE * width:
        return []
    return widths


def header_height(px: int = MIN_PX) -> float:
    """The line over the columns that names them."""
    return line_height(px) + HEADER_GAP


def legend_lines(categories: list[str], width: float) -> list[list[tuple[int, str, float]]]:
    """The legend's entries (index, name, width) wrapped to `width`, as the renderer draws them:
    a swatch, the name, a gap."""
    lines: list[list[tuple[int, str, float]]] = [[]]
    x = 0.0
    for i, label in enumerate(categories):
        w = 40 + text_width(label, MIN_PX) + 30
        if x + w > width and lines[-1]:
            lines.append([])
            x = 0.0
        lines[-1].append((i, label, w))
        x += w
    return lines


def header_on_legend(last_line_width: float, width: float, widths: list[float]) -> bool:
    """Whether the nets' names fit at the right of the legend's last line (else a line of their
    own over the columns)."""
    return bool(widths) and last_line_width + GAP + sum(widths) <= width


def header_extra(categories: list[str], width: float, widths: list[float]) -> float:
    """The height the nets' names add under the legend: none when there are no columns or
    their names sit on the legend's last line."""
    if not widths:
        return 0.0
    last = sum(w for _, _, w in legend_lines(categories, width)[-1])
    return 0.0 if header_on_legend(last, width, widths) else header_height()
