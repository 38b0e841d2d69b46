"""Draws a slide for projection with QPainter: a display list laid out on a 1080-high canvas
(1920 wide for 16:9, 1440 for 4:3; large type, thick bars, marking top and bottom, base/filter
caption, illustrative notice), then painted scaled onto any device (a widget, a PNG, a PDF page or
an SVG) in the theme's slide colours.

Laying out first and painting second lets tests walk every text item and bar of a slide.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from explorer.core.slides.content import SlideContent
from explorer.core.slides.fit import fit_content
from explorer.ui.presentation.slide_items import (  # noqa: F401 (the names tests and views use)
    BAND,
    BODY_PX,
    CENTRE,
    MARK_PX,
    MIN_PX,
    MUTED,
    PAPER,
    QUOTE_PX,
    RIGHT,
    RULE,
    TAKEAWAY_PX,
    TITLE_PX,
    W_4_3,
    BoxItem,
    H,
    M,
    SlideLayout,
    TextItem,
    W,
    _fit,
    _font,
    clamp_lines,
    line_height,
    text_height,
)
from explorer.ui.presentation.slide_matrix import draw_matrix
from explorer.ui.presentation.slide_palette import current_palette, ink_on, mapped
from explorer.ui.presentation.slide_panels import _draw_chart, panels_for  # noqa: F401
from explorer.ui.presentation.slide_quotes import _draw_quotes


# --- the slide -------------------------------------------------------------------------------
def caption_lines(content: SlideContent) -> list[str]:
    return content.caption_lines


LIVE_TAKEAWAY = "Written for the saved view, not this live filter: "
NO_ROOM = "Too little room for this chart on this slide: see the table export."


_REFITS: dict[tuple[int, str], tuple[SlideContent, SlideContent]] = {}


def _refit(content: SlideContent, aspect: str) -> SlideContent:
    """`content` chosen again for the other shape, remembered (a view repaints often)."""
    key = (id(content), aspect)
    hit = _REFITS.get(key)
    if hit is not None and hit[0] is content:
        return hit[1]
    if len(_REFITS) > 64:
        _REFITS.clear()
    fitted = fit_content(content, aspect)
    _REFITS[key] = (content, fitted)
    return fitted


def layout_slide(content: SlideContent, width_px: float = W) -> SlideLayout:
    """Every text and box of the slide on the canvas: `width_px` × 1080 (W for 16:9, W_4_3).

    What the slide shows is the content's choice for the canvas's shape: content chosen for the
    other shape is chosen again (explorer.core.slides.fit), so every output agrees."""
    aspect = "4:3" if width_px < W else "16:9"
    if content.aspect != aspect and content.layout != "text":
        content = _refit(content, aspect)
    out = SlideLayout(width=width_px)
    cw = width_px
    band = "#1A1A1A" if content.marking.startswith("OFFICIAL-SENSITIVE") else "#2B2B2B"
    for y in (0.0, H - BAND):
        out.items.append(BoxItem(QRectF(0, y, cw, BAND), band))
        out.text(
            MARK_PX, QRectF(0, y, cw, BAND), content.marking, bold=True, colour=PAPER, flags=CENTRE
        )
    out.text(
        MIN_PX,
        QRectF(cw - M - 200, H - BAND, 200, BAND),
        f"{content.number} / {content.total}",
        colour=PAPER,
        flags=RIGHT,
    )
    width = cw - 2 * M
    y = BAND + 18
    px, h = _fit(content.title, width, (TITLE_PX, 46, 40), 2, bold=True)
    title = clamp_lines(content.title, px, width, 3, bold=True)
    h = text_height(title, px, width, bold=True)
    out.text(px, QRectF(M, y, width, h + 4), title, bold=True)
    y += h + 10
    if content.takeaway:
        # under a live filter the takeaway may no longer be true: it says what it was written for
        takeaway = LIVE_TAKEAWAY + content.takeaway if content.live else content.takeaway
        px, h = _fit(takeaway, width, (TAKEAWAY_PX, 31, 28), 3)
        takeaway = clamp_lines(takeaway, px, width, 3, italic=content.live)
        h = text_height(takeaway, px, width, italic=content.live)
        out.text(px, QRectF(M, y, width, h + 4), takeaway, colour=MUTED, italic=content.live)
        y += h + 10
    out.items.append(BoxItem(QRectF(M, y, width, 3), RULE))
    y += 20
    lines = caption_lines(content)
    bold = content.emphasised_lines
    heights = [text_height(line, MIN_PX, width, bold=line in bold) for line in lines]
    cap_top = H - BAND - 14 - sum(heights) - 4 * (len(lines) - 1)
    out.items.append(BoxItem(QRectF(M, cap_top - 14, width, 2), RULE))
    cy = cap_top
    for line, h in zip(lines, heights):
        out.text(MIN_PX, QRectF(M, cy, width, h + 2), line, colour=MUTED, bold=line in bold)
        cy += h + 4
    body = QRectF(M, y, width, max(cap_top - 30 - y, 0.0))
    first = len(out.items)
    if content.layout == "text":
        _draw_text(out, content.lines, body)
    elif content.layout in ("chart", "table") or content.chart_only:
        _draw_chart(out, content, body)
    elif content.layout == "quotes":
        _draw_quotes(out, content, body)
    elif content.layout == "matrix":
        draw_matrix(out, content, body)
    else:
        split = body.width() * (0.58 if cw >= W else 0.52)
        _draw_chart(out, content, QRectF(body.left(), body.top(), split, body.height()))
        _draw_quotes(
            out,
            content,
            QRectF(body.left() + split + 48, body.top(), body.width() - split - 48, body.height()),
        )
    if any(i.rect.bottom() > body.bottom() + 1 for i in out.items[first:]):
        # never over the caption: what cannot fit gives way to a sentence saying so
        del out.items[first:]
        h = text_height(NO_ROOM, MIN_PX, width, italic=True) + 4
        out.text(MIN_PX, QRectF(M, y, width, h), NO_ROOM, italic=True, colour=MUTED)
    return out


def _draw_text(out: SlideLayout, lines: tuple[str, ...], rect: QRectF) -> None:
    """Paragraphs of a cover or method slide: as large as fits (never under the floor), and cut
    short with "…" only if even the floor size does not fit."""
    for px in (TAKEAWAY_PX, BODY_PX, MIN_PX):
        heights = [text_height(line, px, rect.width()) for line in lines]
        if sum(heights) + 14 * len(lines) <= rect.height():
            break
    y = rect.top()
    for line, h in zip(lines, heights):
        room = rect.bottom() - y
        if h > room:
            if room < line_height(px):
                break
            line = clamp_lines(line, px, rect.width(), int(room // line_height(px)))
            h = text_height(line, px, rect.width())
        out.text(px, QRectF(rect.left(), y, rect.width(), h + 2), line)
        y += h + 14


def paint_layout(
    painter: QPainter, layout: SlideLayout, target: QRectF, palette: dict | None = None
) -> None:
    """Paint `layout` scaled into `target` (the caller sizes `target` to the canvas shape), in
    the colours of `palette` (default: the current theme's, see slide_palette)."""
    colours = current_palette() if palette is None else palette
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.translate(target.topLeft())
    painter.scale(target.width() / layout.width, target.height() / H)
    painter.fillRect(QRectF(0, 0, layout.width, H), QColor(mapped(PAPER, colours)))
    for item in layout.items:
        if isinstance(item, BoxItem):
            outline = mapped(item.outline, colours) if item.outline else None
            painter.setPen(QPen(QColor(outline), 2) if outline else Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(mapped(item.fill, colours))))
            painter.drawRect(item.rect)
            if item.hatched:
                painter.setBrush(QBrush(QColor(mapped(PAPER, colours)), Qt.BrushStyle.BDiagPattern))
                painter.drawRect(item.rect)
        else:
            painter.setFont(_font(item.px, item.bold, item.italic))
            colour = ink_on(mapped(item.on, colours)) if item.on else mapped(item.colour, colours)
            painter.setPen(QColor(colour))
            painter.drawText(item.rect, item.flags, item.text)
    painter.restore()


def text_colour(item: TextItem, palette: dict) -> str:
    """The colour `item` is painted in under `palette` (tests check its contrast)."""
    return ink_on(mapped(item.on, palette)) if item.on else mapped(item.colour, palette)


def canvas_width_for(rect: QRectF) -> float:
    """The layout for a screen or page shape: 4:3-ish shapes (up to 1.55:1) get the 4:3 layout,
    so a 1024×768 projector shows the slide full height, not letterboxed to 1024×576."""
    if rect.height() > 0 and rect.width() / rect.height() < 1.55:
        return W_4_3
    return W


def fit_canvas(rect: QRectF, width_px: float) -> QRectF:
    """The largest rectangle of the canvas's shape centred in `rect`."""
    w = min(rect.width(), rect.height() * width_px / H)
    h = w * H / width_px
    return QRectF(rect.left() + (rect.width() - w) / 2, rect.top() + (rect.height() - h) / 2, w, h)


def fit_16_9(rect: QRectF) -> QRectF:
    """The largest 16:9 rectangle centred in `rect`."""
    return fit_canvas(rect, W)


def paint_slide(
    painter: QPainter,
    content: SlideContent,
    target: QRectF,
    palette: dict | None = None,
    width_px: float | None = None,
) -> SlideLayout:
    """Lay out for `target`'s shape (16:9 or 4:3; `width_px` to match another screen's layout)
    and paint it there."""
    layout = layout_slide(content, width_px or canvas_width_for(target))
    paint_layout(painter, layout, fit_canvas(target, layout.width), palette)
    return layout
