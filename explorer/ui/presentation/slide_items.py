"""The pieces a slide is laid out from: the canvas and its type sizes (nothing under 20 pt at
1080p), text and box items, and measuring, fitting and shortening text for a width.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from explorer.core.export import chart_panels
from explorer.core.survey.formatting import percent_label
from explorer.ui import theme

W, H = 1920.0, 1080.0
W_4_3 = 1440.0  # the 4:3 layout: the same 1080-high canvas, narrower, so text keeps its size
# 20 pt at 1080p: a 1080-pixel-high screen at the standard 96 dpi gives 20 pt = 26.7 px.
MIN_PX = 27
MARK_PX, TITLE_PX, TAKEAWAY_PX, BODY_PX, QUOTE_PX = 28, 52, 34, 28, 30
M = 56.0  # side margin
BAND = 50.0  # marking band, top and bottom
INK, MUTED, PAPER, RULE = "#111111", "#333333", "#FFFFFF", "#BBBBBB"
# The palette is the core's (chart_panels), so the PowerPoint's charts use the same colours.
BAR, NET, HIDDEN, STACK = (
    chart_panels.BAR,
    chart_panels.NET,
    chart_panels.HIDDEN,
    chart_panels.STACK,
)
WRAP = int(Qt.TextFlag.TextWordWrap)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TOP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


@dataclass
class TextItem:
    rect: QRectF
    text: str
    px: int
    bold: bool = False
    italic: bool = False
    colour: str = INK
    flags: int = TOP_LEFT | WRAP
    on: str | None = None  # the fill of the bar the text is drawn on (re-inked per theme)


@dataclass
class BoxItem:
    rect: QRectF
    fill: str
    hatched: bool = False
    outline: str | None = None
    value: float | None = None  # the percent a bar shows (None: hidden or no base)
    key: tuple = ()  # (question, column label, row label) for a bar


@dataclass
class SlideLayout:
    items: list = field(default_factory=list)
    width: float = W  # the canvas: W (16:9) or W_4_3, always H high
    left_out: list[str] = field(default_factory=list)  # questions not drawn for lack of room

    @property
    def texts(self) -> list[TextItem]:
        return [i for i in self.items if isinstance(i, TextItem)]

    @property
    def bars(self) -> list[BoxItem]:
        return [i for i in self.items if isinstance(i, BoxItem) and i.key]

    def text(self, px: int, rect: QRectF, text: str, **kw) -> TextItem:
        rect = QRectF(rect)
        flags = kw.get("flags", TOP_LEFT | WRAP)
        if flags & WRAP:  # the width text_height() measured with
            if flags & int(Qt.AlignmentFlag.AlignRight):
                rect.setLeft(rect.left() + rect.width() * 0.04)
            else:
                rect.setWidth(rect.width() * 0.96)
        item = TextItem(rect, text, max(px, MIN_PX), **kw)
        self.items.append(item)
        return item


_fonts_loaded = False


def _font(px: int, bold: bool = False, italic: bool = False) -> QFont:
    global _fonts_loaded
    if not _fonts_loaded:
        theme.load_fonts()
        _fonts_loaded = True
    font = QFont(theme.FONT_FAMILY)
    font.setPixelSize(px)
    font.setBold(bold)
    font.setItalic(italic)
    # No ligatures: a PDF reader extracts "ﬀ" as one glyph, so "effective" would not be found.
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


def text_height(
    text: str, px: int, width: float, bold: bool = False, italic: bool = False
) -> float:
    metrics = QFontMetricsF(_font(px, bold, italic))
    # a little slack: hinting makes the same text a touch wider on some devices
    box = metrics.boundingRect(QRectF(0, 0, width * 0.96, 1e6), WRAP | TOP_LEFT, text)
    return box.height()


def text_width(text: str, px: int, bold: bool = False) -> float:
    return QFontMetricsF(_font(px, bold)).horizontalAdvance(text) * 1.04


def line_height(px: int) -> float:
    return QFontMetricsF(_font(px)).lineSpacing()


def _fit(text: str, width: float, sizes: tuple[int, ...], max_lines: int, bold=False) -> tuple:
    """The largest size in `sizes` at which `text` wraps into `max_lines` lines (else the last)."""
    for px in sizes:
        h = text_height(text, px, width, bold)
        if h <= line_height(px) * max_lines + 1:
            return px, h
    return sizes[-1], text_height(text, sizes[-1], width, bold)


def clamp_lines(
    text: str, px: int, width: float, lines: int, bold: bool = False, italic: bool = False
) -> str:
    """`text` cut at a word, with "…", so that it wraps into at most `lines` lines."""
    limit = line_height(px) * lines + 1
    if text_height(text, px, width, bold, italic) <= limit:
        return text
    words = text.split()
    lo, hi = 0, len(words)
    while lo < hi:  # the most words that fit with the ellipsis
        mid = (lo + hi + 1) // 2
        if text_height(" ".join(words[:mid]) + "…", px, width, bold, italic) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return " ".join(words[:lo]) + "…"


def _pct(value: float | None, suppressed: bool) -> str:
    return percent_label(value, suppressed=suppressed)


def _ink_on(fill: str) -> str:
    c = QColor(fill)
    luminance = 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF()
    return INK if luminance > 0.45 else PAPER
