"""Slides and the current chart as pictures: PNG at a chosen size and DPI, SVG (QtSvg's
QSvgGenerator, vector), a PDF with one vector page per slide (QPdfWriter), and the clipboard.

Everything is drawn by the presentation slide renderer, so each picture carries the marking top
and bottom, the base and filter, the data sources and the illustrative notice where it applies.
Files are written atomically and never onto the loaded source data; given a `provenance`, each
export is written to the export log before it is published (no log line, no export).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from explorer.core.atomic import atomic_path, atomic_write_bytes, make_folder
from explorer.core.errors import ExplorerError
from explorer.core.export.export_log import logged
from explorer.core.export.pdf_outline import add_outline
from explorer.core.shown_text import xml_safe
from explorer.core.slides.content import SlideContent
from explorer.ui.presentation.slide_renderer import H, W, paint_slide

DEFAULT_SIZE = (1920, 1080)
FILE_COLOURS: dict = {}  # files are drawn in the light slide colours whatever the window's theme


def slide_image(
    content: SlideContent,
    size: tuple[int, int] = DEFAULT_SIZE,
    dpi: int = 96,
    palette: dict | None = FILE_COLOURS,
) -> QImage:
    """The slide as an image of `size` pixels, tagged with `dpi` (for programs that read it), in
    paper colours (files go into packs) unless `palette` says otherwise (None: the theme's)."""
    width, height = size
    if not (16 <= width <= 16000 and 16 <= height <= 16000):
        raise ExplorerError(f"{width}×{height} is not a picture size this app can draw.")
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0xFFFFFFFF)
    metres = round(dpi / 0.0254)
    image.setDotsPerMeterX(metres)
    image.setDotsPerMeterY(metres)
    painter = QPainter(image)
    try:
        paint_slide(painter, content, QRectF(0, 0, width, height), palette)
    finally:
        painter.end()
    return image


def image_bytes(image: QImage, fmt: str = "PNG") -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, fmt):
        raise ExplorerError(f"The picture could not be encoded as {fmt}.")
    buffer.close()
    return bytes(array.data())


def _record(provenance, what: str, path, log_path):
    return None if provenance is None else logged(provenance, what, path, log_path)


def save_png(
    content: SlideContent,
    path: str | os.PathLike[str],
    size: tuple[int, int] = DEFAULT_SIZE,
    dpi: int = 96,
    *,
    provenance=None,
    log_path: str | os.PathLike[str] | None = None,
) -> None:
    record = _record(provenance, "chart (PNG)", path, log_path)
    atomic_write_bytes(path, image_bytes(slide_image(content, size, dpi)), before_publish=record)


def save_svg(
    content: SlideContent,
    path: str | os.PathLike[str],
    title: str = "",
    *,
    provenance=None,
    log_path: str | os.PathLike[str] | None = None,
) -> None:
    """The slide as SVG: text stays text and bars stay rectangles (editable in a deck tool)."""
    from PySide6.QtSvg import QSvgGenerator

    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(int(W), int(H)))
    generator.setViewBox(QRectF(0, 0, W, H))
    generator.setTitle(xml_safe(title or content.title))
    generator.setDescription(xml_safe(". ".join([content.marking, *content.caption_lines])))
    painter = QPainter(generator)
    try:
        paint_slide(painter, content, QRectF(0, 0, W, H), FILE_COLOURS)
    finally:
        painter.end()
    buffer.close()
    record = _record(provenance, "chart (SVG)", path, log_path)
    atomic_write_bytes(path, bytes(array.data()), before_publish=record)


def save_pdf(
    contents: Iterable[SlideContent],
    path: str | os.PathLike[str],
    title: str = "",
    aspect: str = "16:9",
    *,
    provenance=None,
    log_path: str | os.PathLike[str] | None = None,
    author: str = "",
) -> int:
    """One page per slide, 16:9 (13.33 × 7.5 in) or "4:3" (10 × 7.5 in, the 4:3 layout), drawn as
    vectors (text and rectangles); returns the page count.

    PDF/A-1b (fonts embedded, XMP metadata), with the title, author and creator set by Qt, and
    one bookmark per slide plus the marking as subject and keywords added afterwards
    (core/export/pdf_outline.py: QPdfWriter cannot). Text is extractable word by word (no
    ligature glyphs). Qt writes no structure tags, so the PDF is not a tagged (PDF/UA) one.

    QPdfWriter does not report a failed write (a full disk leaves a short file): the painter's own
    status is checked, and the atomic writer re-opens the PDF before it replaces the old one."""
    contents = list(contents)
    if not contents:
        raise ExplorerError.for_file(path, "the briefing has no slides to put in a PDF")
    # QPdfWriter writes to a path: a temp file beside the target, moved in only when complete.
    record = _record(provenance, "briefing (PDF)", path, log_path)
    with atomic_path(path, before_publish=record) as temp:
        # Made here first, so a read-only or full disk is an OSError naming the real cause
        # rather than a painter that silently fails to start.
        with open(temp, "xb"):
            pass
        writer = QPdfWriter(os.fspath(temp))
        writer.setTitle(title or contents[0].title)
        writer.setCreator("Briefing Explorer")
        writer.setAuthor(author)
        writer.setPdfVersion(QPdfWriter.PdfVersion.PdfVersion_A1b)
        writer.setResolution(144)
        width = 10.0 if aspect == "4:3" else 13.333
        page = QPageSize(QSizeF(width, 7.5), QPageSize.Unit.Inch, f"Slide {aspect}")
        writer.setPageLayout(
            QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        )
        painter = QPainter(writer)
        if not painter.isActive():
            raise ExplorerError.for_file(path, "the PDF could not be started")
        ok = True
        try:
            for i, content in enumerate(contents):
                if i and not writer.newPage():
                    ok = False
                target = QRectF(0, 0, writer.width(), writer.height())
                paint_slide(painter, content, target, FILE_COLOURS)
        finally:
            ok = painter.end() and ok
        del writer  # closes the file before it is checked and moved
        if not ok:
            raise ExplorerError.for_file(path, "the PDF could not be written whole")
        written = Path(temp).read_bytes()
        if not written.rstrip().endswith(b"%%EOF"):  # Qt stopped short: a full disk, most often
            raise ExplorerError.for_file(path, "the PDF was not written whole (is the disk full?)")
        marked = add_outline(
            written,
            [f"{c.number}. {c.title}" for c in contents],
            subject=contents[0].marking,
            keywords=contents[0].marking,
        )
        Path(temp).write_bytes(marked)
    return len(contents)


def save_pngs(
    contents: Sequence[SlideContent],
    folder: str | os.PathLike[str],
    size: tuple[int, int] = DEFAULT_SIZE,
    dpi: int = 96,
    *,
    provenance=None,
    log_path: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """slide-01.png, slide-02.png, … in `folder` (made if needed)."""
    target = make_folder(folder)
    paths = []
    for content in contents:
        path = target / f"slide-{content.number:02d}.png"
        save_png(content, path, size, dpi, provenance=provenance, log_path=log_path)
        paths.append(path)
    return paths


def copy_to_clipboard(
    content: SlideContent,
    size: tuple[int, int] = DEFAULT_SIZE,
    *,
    provenance=None,
    log_path: str | os.PathLike[str] | None = None,
) -> QImage:
    """Put the slide on the clipboard as an image, ready to paste into a slide deck (logged
    first: if the log cannot be written, nothing is copied)."""
    image = slide_image(content, size)
    record = _record(provenance, "chart (clipboard)", "clipboard", log_path)
    if record is not None:
        record()
    QGuiApplication.clipboard().setImage(image)
    return image
