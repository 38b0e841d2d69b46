"""Where things go on a slide, in canvas pixels (1080 high; 1920 wide for 16:9, 1440 for 4:3):
the title and takeaway at the sizes that fit them, the body, and the caption under it, as the
slide renderer (explorer.ui.presentation.slide_renderer) lays them out.

The content model decides what fits in this body (explorer.core.slides.fit), and the PowerPoint
export places its shapes here (at 144 px to the inch on its 13.333 × 7.5 in slide), so a slide
shows the same rows and quotes in every output.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from explorer.core.slides.measure import (
    BAND,
    MIN_PX,
    TAKEAWAY_PX,
    TITLE_PX,
    H,
    M,
    W,
    line_height,
    text_height,
)

LIVE_TAKEAWAY = "Written for the saved view, not this live filter: "
TITLE_SIZES = (TITLE_PX, 46, 40)
TAKEAWAY_SIZES = (TAKEAWAY_PX, 31, 28)


@dataclass(frozen=True)
class Geometry:
    width: float  # the text width between the side margins
    title_top: float
    title_px: int
    title_h: float
    takeaway_top: float
    takeaway_px: int
    takeaway_h: float  # 0 when the slide has no takeaway
    body_top: float
    body_h: float
    caption_top: float
    chart_w: float  # beside the quotes on a chart-and-quotes slide, else the whole width
    # (also when the chart needs the whole width and the quotes are left out: chart_only)
    quotes_x: float  # from the left margin
    quotes_w: float


def fitted(text: str, sizes: tuple[int, ...], width: float, bold: bool = False):
    """(px, height): the largest size wrapping into two lines (three below 40 px), the height
    held to three lines, as the renderer clamps them."""
    px, h = sizes[-1], 0.0
    for px in sizes:
        h = text_height(text, px, width, bold)
        if h <= line_height(px) * (2 if px >= 40 else 3) + 1:
            break
    return px, min(h, line_height(px) + 2 * math.ceil(line_height(px)))


def caption_height(caption: list[str], bold: frozenset | set, width: float, px: int) -> float:
    heights = [text_height(line, px, width, line in bold) for line in caption]
    return sum(heights) + 4 * (len(caption) - 1)


def geometry(content, cw: float = W, caption: list[str] | None = None, caption_px: int = MIN_PX):
    """The slide's `Geometry` on a canvas `cw` wide, with `caption` (else the content's) under
    the body at `caption_px`."""
    width = cw - 2 * M
    title_top = BAND + 18
    title_px, title_h = fitted(content.title, TITLE_SIZES, width, True)
    y = title_top + title_h + 10
    takeaway_top, takeaway_px, takeaway_h = y, TAKEAWAY_PX, 0.0
    if content.takeaway:
        takeaway = LIVE_TAKEAWAY + content.takeaway if content.live else content.takeaway
        takeaway_px, takeaway_h = fitted(takeaway, TAKEAWAY_SIZES, width)
        y += takeaway_h + 10
    y += 20
    lines = content.caption_lines if caption is None else caption
    caption_top = H - BAND - 14 - caption_height(lines, content.emphasised_lines, width, caption_px)
    body_h = max(caption_top - 30 - y, 0.0)
    chart_w, quotes_x, quotes_w = width, 0.0, width
    if content.layout == "chart+quotes" and not content.chart_only:
        chart_w = width * (0.58 if cw >= W else 0.52)
        quotes_x, quotes_w = chart_w + 48, width - chart_w - 48
    return Geometry(
        width,
        title_top,
        title_px,
        title_h,
        takeaway_top,
        takeaway_px,
        takeaway_h,
        y,
        body_h,
        caption_top,
        chart_w,
        quotes_x,
        quotes_w,
    )
