"""The slide canvas and its type sizes, and measuring text on it without Qt: widths from the
app's bundled DejaVu Sans (read with Pillow, which python-pptx already brings), line heights from
the font's ascent and descent, and word wrapping as the slide renderer wraps.

The content model (explorer.core.slides.fit) measures with these to decide what fits on a slide,
so every output (presentation, PDF, PNG, SVG, PowerPoint) shows the same rows and quotes. The
measures agree with Qt's to within a pixel in 1,000 for DejaVu Sans, and wrapping breaks only at
spaces (Qt may also break after a dash), so a text never needs more lines here than on the slide.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

# The canvas every slide is laid out on (explorer.ui.presentation.slide_items draws on it).
W, H = 1920.0, 1080.0
W_4_3 = 1440.0  # the 4:3 layout: the same 1080-high canvas, narrower, so text keeps its size
MIN_PX = 27  # 20 pt at 1080p: the floor for every text on a slide
MARK_PX, TITLE_PX, TAKEAWAY_PX, BODY_PX, QUOTE_PX = 28, 52, 34, 28, 30
M = 56.0  # side margin
BAND = 50.0  # marking band, top and bottom
SLACK = (
    1.04  # widths as the renderer measures them: hinting makes text a touch wider on some devices
)
WRAP_SHARE = 0.96  # the renderer wraps text at 96% of its box's width

# The fonts the app bundles (data beside explorer.ui; read as files, nothing imported from there).
# Found through the package's data (importlib.resources), as in a wheel or the frozen app.
FONT_DIR = Path(str(files("explorer"))) / "ui" / "resources" / "fonts"
NO_LIGATURES = ["-liga", "-clig", "-dlig"]
_LINE = (1901 + 483) / 2048  # DejaVu Sans: (ascent + descent) / units per em


def canvas_width(aspect: str) -> float:
    """The canvas width for a slide shape: "4:3" gets the 4:3 layout, anything else 16:9."""
    return W_4_3 if aspect == "4:3" else W


@lru_cache(maxsize=64)
def _face(px: int, bold: bool, basic: bool = False):
    """The bundled font at `px`; `basic` lays text out without raqm (no shaping at all)."""
    try:
        from PIL import ImageFont

        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        engine = ImageFont.Layout.BASIC if basic else None
        return ImageFont.truetype(str(FONT_DIR / name), px, layout_engine=engine)
    except (ImportError, OSError):  # no Pillow or no font: a generous estimate instead
        return None


@lru_cache(maxsize=8192)
def advance(text: str, px: int, bold: bool = False) -> float:
    """The text's advance width in pixels, as Qt's horizontalAdvance gives it."""
    face = _face(px, bold)
    if face is None:
        return len(text) * px * (0.72 if bold else 0.64)
    try:  # as the renderer draws: without ligatures (so PDF text searches as words)
        return float(face.getlength(text, features=NO_LIGATURES))
    except (KeyError, ValueError, OSError, RuntimeError):
        pass  # Pillow without raqm (which shapes no ligatures anyway), or text raqm cannot lay out
    try:
        return float(_face(px, bold, basic=True).getlength(text))
    except Exception:  # whatever a hostile string does to the font engine: a generous estimate
        return len(text) * px * (0.72 if bold else 0.64)


def text_width(text: str, px: int, bold: bool = False) -> float:
    return advance(text, px, bold) * SLACK


def line_height(px: int) -> float:
    return px * _LINE + 0.05


@lru_cache(maxsize=8192)
def line_count(text: str, px: int, width: float, bold: bool = False) -> int:
    """Lines `text` wraps into in a box `width` wide (at spaces; a word wider than the line
    takes as many lines as its width needs)."""
    room = max(width * WRAP_SHARE, 1.0)
    space = advance(" ", px, bold)
    count = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split():
            w = advance(word, px, bold)
            if used and used + space + w <= room:
                used += space + w
                continue
            if used:
                lines += 1
            extra = int(w // room) if w > room else 0
            lines += extra
            used = w - extra * room
        count += lines
    return count


def text_height(text: str, px: int, width: float, bold: bool = False) -> float:
    """The height `text` takes wrapped in a box `width` wide (italics wrap as upright text): the
    first line its line spacing, each further line that spacing rounded up, as Qt lays them."""
    lines = line_count(text, px, width, bold)
    return line_height(px) + (lines - 1) * math.ceil(line_height(px))
