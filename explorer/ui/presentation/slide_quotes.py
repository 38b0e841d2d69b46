"""The quotes on a slide: each in italics with its attribution, as many as fit (the first always,
smaller and cut short if it must), a count of those left out, and under a live filter the note
saying why quotes are missing.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

from explorer.core.slides.content import SlideContent
from explorer.ui.presentation.slide_items import (
    BAR,
    BODY_PX,
    MIN_PX,
    MUTED,
    QUOTE_PX,
    BoxItem,
    SlideLayout,
    clamp_lines,
    line_height,
    text_height,
)


def _quotes_height(quotes, width: float, px: int, gap: float) -> float:
    total = 0.0
    for text, who in quotes:
        total += text_height(f"“{text.strip()}”", px, width, italic=True)
        total += (text_height(f"— {who}", MIN_PX, width) if who else 0) + gap
    return total - gap


def _draw_quotes(out: SlideLayout, content: SlideContent, rect: QRectF) -> None:
    quotes, note = content.quotes, content.quotes_note
    y = rect.top()
    if note:  # why quotes are missing under a live filter
        h = text_height(note, MIN_PX, rect.width(), italic=True) + 4
        out.text(MIN_PX, QRectF(rect.left(), y, rect.width(), h), note, italic=True, colour=MUTED)
        y += h + 16
    if not quotes:
        if not note:
            out.text(BODY_PX, rect, content.no_quotes_text, italic=True, colour=MUTED)
        return
    shown = 0
    more_h = line_height(MIN_PX) + 12
    width = rect.width() - 24
    # The largest type and spacing at which every quote fits (as the PowerPoint shrinks its box,
    # so both show the same quotes); only when none does is a quote left out, and counted.
    size, gap = QUOTE_PX, 36.0
    for size, gap in ((QUOTE_PX, 36.0), (QUOTE_PX, 20.0), (MIN_PX, 16.0)):
        if _quotes_height(quotes, width, size, gap) + 8 <= rect.bottom() - y:  # as drawn below
            break
    for i, (text, who) in enumerate(quotes):
        body = f"“{text.strip()}”"
        a = text_height(f"— {who}", MIN_PX, width) if who else 0
        room = rect.bottom() - y - (more_h if i < len(quotes) - 1 else 0)
        px = size
        h = text_height(body, px, width, italic=True)
        if h + a + 8 > room:
            if shown:
                break
            px = MIN_PX  # the first quote always shows, smaller and cut short if it must
            lines = max(int((room - a - 8) // line_height(px)), 1)
            body = clamp_lines(body, px, width, lines, italic=True)
            h = text_height(body, px, width, italic=True)
        out.items.append(BoxItem(QRectF(rect.left(), y, 8, h + a), BAR))
        out.text(px, QRectF(rect.left() + 24, y, width, h + 4), body, italic=True)
        if who:
            out.text(
                MIN_PX,
                QRectF(rect.left() + 24, y + h + 4, width, a + 4),
                f"— {who}",
                colour=MUTED,
            )
        y += h + a + gap
        shown += 1
    if shown < len(quotes) and y + line_height(MIN_PX) <= rect.bottom() + 8:
        more = len(quotes) - shown
        out.text(
            MIN_PX,
            QRectF(rect.left(), y, rect.width(), line_height(MIN_PX) + 4),
            f"+{more} more quote{'s' if more > 1 else ''}, not shown for space",
            italic=True,
            colour=MUTED,
        )
