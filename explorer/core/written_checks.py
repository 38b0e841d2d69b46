"""Checks of a file just written, before it replaces the previous one: the bytes on disk are the
bytes meant, and a PDF, PowerPoint, Excel, PNG, SVG or JSON file re-opens as one.

Some writers (QPdfWriter) do not report a failed write: on a full disk they leave a short file and
say nothing. Reading the temporary file back is the only way to know it is whole.
"""

from __future__ import annotations

import json
import os
import struct
import zipfile
import zlib
from pathlib import Path

from explorer.core.errors import ExplorerError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Office Open XML packages: the part every one of them has.
_OOXML = {".pptx": "ppt/presentation.xml", ".xlsx": "xl/workbook.xml", ".docx": "word/document.xml"}


class NotWhole(Exception):
    """The written file is not a whole file of its kind; the message says what is wrong."""


def _check_pdf(path: Path, size: int) -> None:
    with open(path, "rb") as handle:
        head = handle.read(8)
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if not head.startswith(b"%PDF-"):
        raise NotWhole("it does not start as a PDF")
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise NotWhole("the PDF stops before its end")
    offset_text = tail.rsplit(b"startxref", 1)[1].split(b"%%EOF", 1)[0].strip()
    if not offset_text.isdigit() or int(offset_text) >= size:
        raise NotWhole("the PDF's table of contents points outside the file")
    with open(path, "rb") as handle:
        handle.seek(int(offset_text))
        start = handle.read(16)
    if not (start.startswith(b"xref") or b" obj" in start):
        raise NotWhole("the PDF's table of contents is not where it says")


def _check_zip(path: Path, suffix: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or _OOXML[suffix] not in names:
                raise NotWhole("it is missing parts every such file has")
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise NotWhole(f"it does not re-open ({error})") from error
    if bad is not None:
        raise NotWhole(f"its part {bad} is damaged")


def _check_png(path: Path) -> None:
    data = path.read_bytes()
    if not data.startswith(PNG_SIGNATURE):
        raise NotWhole("it does not start as a PNG picture")
    at, seen_end, idat = len(PNG_SIGNATURE), False, bytearray()
    while at + 12 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        crc = data[at + 8 + length : at + 12 + length]
        if len(body) != length or len(crc) != 4:
            raise NotWhole("the picture stops part-way")
        if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise NotWhole(f"the picture's {kind.decode('latin-1')} block is damaged")
        if kind == b"IDAT":
            idat += body
        at += 12 + length
        if kind == b"IEND":
            seen_end = True
            break
    if not seen_end:
        raise NotWhole("the picture stops before its end")
    try:
        zlib.decompress(bytes(idat))
    except zlib.error as error:
        raise NotWhole("the picture's pixels are damaged") from error


def _check_svg(path: Path) -> None:
    text = path.read_bytes().rstrip()
    if b"<svg" not in text[:4096] or not text.endswith(b"</svg>"):
        raise NotWhole("the drawing stops before its end")


def _check_json(path: Path) -> None:
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise NotWhole("it does not read back as JSON") from error


def check_written(temp: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Raise NotWhole unless `temp` (about to become `target`) is a whole file of the target's
    kind, judged by the target's extension; any other kind only has to be non-empty."""
    temp = Path(os.fspath(temp))
    suffix = Path(os.fspath(target)).suffix.lower()
    size = temp.stat().st_size
    if size == 0:
        raise NotWhole("nothing was written (0 bytes)")
    try:
        if suffix == ".pdf":
            _check_pdf(temp, size)
        elif suffix in _OOXML:
            _check_zip(temp, suffix)
        elif suffix == ".png":
            _check_png(temp)
        elif suffix == ".svg":
            _check_svg(temp)
        elif suffix == ".json":
            _check_json(temp)
    except OSError as error:
        raise NotWhole(f"it cannot be read back ({error.strerror})") from error


def refuse_unless_whole(temp: Path, target: Path) -> None:
    """`check_written` as the one-sentence error every export shows."""
    try:
        check_written(temp, target)
    except NotWhole as error:
        raise ExplorerError.for_file(
            target,
            f"the file was not written whole ({error}), so the previous file was kept; "
            "check the disk has space",
        ) from error
