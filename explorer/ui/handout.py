"""The handout: an A4 portrait PDF with one page per slide: the slide as presented (vector, light
colours), "Slide N of M", its speaker notes below (continued on the next page when long), the
briefing's title and date, page numbers, and the pack's protective marking top and bottom.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

from explorer.core.atomic import atomic_path
from explorer.core.errors import ExplorerError
from explorer.core.slides.content import SlideContent
from explorer.ui import theme
from explorer.ui.presentation.slide_renderer import H, W, paint_slide

RESOLUTION = 144  # dots per inch of the PDF's drawing grid (text and slides stay vectors)
A4_MM = (210.0, 297.0)
MARGIN_MM = 15.0
WRAP = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


def _mm(value: float) -> float:
    return value / 25.4 * RESOLUTION


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont(theme.FONT_FAMILY)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _split(text: str, font: QFont, device, rect: QRectF) -> tuple[str, str]:
    """(what fits in `rect`, the rest), cut between words."""
    metrics = QFontMetricsF(font, device)

    def fits(part: str) -> bool:
        return metrics.boundingRect(rect, WRAP, part).height() <= rect.height()

    if fits(text):
        return text, ""
    words = text.split(" ")
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(" ".join(words[:mid])):
            lo = mid
        else:
            hi = mid - 1
    lo = max(lo, 1)  # a single over-long word still moves on
    return " ".join(words[:lo]), " ".join(words[lo:])


def _pages(contents: Sequence[SlideContent], device) -> list[tuple[SlideContent, str, bool]]:
    """(slide, notes on this page, whether the slide itself is drawn) per page."""
    width = _mm(A4_MM[0] - 2 * MARGIN_MM)
    first = QRectF(0, 0, width, _mm(A4_MM[1] - 172))
    more = QRectF(0, 0, width, _mm(A4_MM[1] - 62))
    font = _font(11)
    pages = []
    for content in contents:
        notes = content.notes.strip() or "(no speaker notes)"
        part, rest = _split(notes, font, device, first)
        pages.append((content, part, True))
        while rest:
            part, rest = _split(rest, font, device, more)
            pages.append((content, part, False))
    return pages


def save_handout(
    contents: Sequence[SlideContent],
    path: str | os.PathLike[str],
    *,
    title: str,
    marking: str,
    date_text: str,
    provenance=None,
    log_path: str | os.PathLike[str] | None = None,
) -> int:
    """Write the handout; returns the number of pages. Given a `provenance`, the export is logged
    before the file is published (no log line, no handout)."""
    if not contents:
        raise ExplorerError.for_file(path, "the briefing has no slides to put in a handout")
    theme.load_fonts()
    from explorer.core.export.export_log import logged

    record = None if provenance is None else logged(provenance, "handout (PDF)", path, log_path)
    with atomic_path(path, before_publish=record) as temp:
        with open(temp, "xb"):  # a read-only or full disk names its cause here
            pass
        writer = QPdfWriter(os.fspath(temp))
        writer.setTitle(f"{title} — handout ({marking})")
        writer.setCreator("Briefing Explorer")
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        pages = _pages(contents, writer)
        painter = QPainter(writer)
        try:
            for number, (content, notes, with_slide) in enumerate(pages, start=1):
                if number > 1:
                    writer.newPage()
                _page(painter, content, notes, with_slide, number, len(pages))
                _furniture(painter, title, marking, date_text, number, len(pages))
        finally:
            painter.end()
        del writer  # closes the file before it is moved into place
    return len(pages)


def _furniture(painter, title, marking, date_text, number, count) -> None:
    """Marking top and bottom, title and date, page number."""
    page_w, page_h = _mm(A4_MM[0]), _mm(A4_MM[1])
    left, width = _mm(MARGIN_MM), _mm(A4_MM[0] - 2 * MARGIN_MM)
    painter.setPen(QColor("#111111"))
    painter.setFont(_font(11, bold=True))
    centre = int(Qt.AlignmentFlag.AlignCenter)
    painter.drawText(QRectF(0, _mm(5), page_w, _mm(7)), centre, marking)
    painter.drawText(QRectF(0, page_h - _mm(12), page_w, _mm(7)), centre, marking)
    painter.setFont(_font(9))
    painter.drawText(QRectF(left, _mm(14), width * 0.7, _mm(6)), WRAP, title)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    painter.drawText(QRectF(left, _mm(14), width, _mm(6)), right, date_text)
    painter.drawText(
        QRectF(left, page_h - _mm(19), width, _mm(6)), right, f"Page {number} of {count}"
    )


def _page(painter, content: SlideContent, notes: str, with_slide: bool, number, count) -> None:
    left, width = _mm(MARGIN_MM), _mm(A4_MM[0] - 2 * MARGIN_MM)
    y = _mm(24)
    label = f"Slide {content.number} of {content.total}"
    if with_slide:
        box = QRectF(left, y, width, width * H / W)
        paint_slide(painter, content, box, palette={})  # paper colours whatever the theme
        painter.setPen(QColor("#777777"))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box)
        y = box.bottom() + _mm(5)
    else:
        label += " — notes, continued"
    painter.setPen(QColor("#111111"))
    painter.setFont(_font(12, bold=True))
    painter.drawText(QRectF(left, y, width, _mm(7)), WRAP, label)
    y += _mm(9)
    if with_slide:
        painter.setFont(_font(10, bold=True))
        painter.drawText(QRectF(left, y, width, _mm(6)), WRAP, "Speaker notes")
        y += _mm(7)
    painter.setFont(_font(11))
    painter.drawText(QRectF(left, y, width, _mm(A4_MM[1]) - _mm(24) - y), WRAP, notes)
