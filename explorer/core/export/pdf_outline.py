"""What Qt's PDF writer cannot add, added afterwards: one bookmark (outline entry) per slide, and
the subject and keywords (the protective marking) in both the document information and its XMP
metadata, so the two agree as PDF/A asks.

QPdfWriter has no API for outlines or a subject. Rather than add a PDF library as a dependency,
this appends a standard *incremental update* (ISO 32000-1 §7.5.6) to the file Qt wrote: new
outline objects, new versions of the catalogue, the information dictionary and the metadata
stream, a cross-reference section for just those objects and a trailer pointing back (/Prev) to
Qt's own. Everything Qt wrote stays byte for byte as it was. It reads only what Qt writes (an
uncompressed cross-reference table); anything else is an ExplorerError, never a broken file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape  # not xml.sax.saxutils: that imports urllib.request (no network code)

from explorer.core.errors import ExplorerError


def _text(value: str) -> bytes:
    """A PDF text string: UTF-16BE with a byte-order mark, as hex (safe for any character)."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def _object(data: bytes, number: int) -> bytes:
    found = re.search(rb"(?<![0-9])%d 0 obj\s*(.*?)\s*endobj" % number, data, re.S)
    if not found:
        raise ExplorerError(f"The PDF has no object {number}.")
    return found.group(1)


def _ref(body: bytes, key: bytes) -> int | None:
    found = re.search(rb"/" + key + rb"\s+(\d+)\s+0\s+R", body)
    return int(found.group(1)) if found else None


def _dictionary(body: bytes) -> bytes:
    """The inside of an object's outer << … >> (Qt writes one dictionary per object)."""
    start, end = body.find(b"<<"), body.rfind(b">>")
    if start < 0 or end < start:
        raise ExplorerError("The PDF's catalogue is not a dictionary.")
    return body[start + 2 : end]


def add_outline(
    data: bytes, titles: Sequence[str], *, subject: str = "", keywords: str = ""
) -> bytes:
    """`data` (a PDF from QPdfWriter) with one bookmark per page titled `titles[i]`, and
    `subject` and `keywords` in its document information and XMP metadata."""
    tail = data[-2048:]
    trailer_at = data.rfind(b"trailer")
    start = re.search(rb"startxref\s+(\d+)", tail)
    if trailer_at < 0 or not start:
        raise ExplorerError("The PDF has no cross-reference table to add bookmarks to.")
    trailer = data[trailer_at:]
    size = int(re.search(rb"/Size\s+(\d+)", trailer).group(1))
    root = _ref(trailer, b"Root")
    info = _ref(trailer, b"Info")
    ident = re.search(rb"/ID\s*\[[^\]]*\]", trailer)
    catalog = _dictionary(_object(data, root))
    pages = _ref(catalog, b"Pages")
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", _object(data, pages), re.S)
    if not kids:
        raise ExplorerError("The PDF's page tree has no pages.")
    page_numbers = [int(n) for n in re.findall(rb"(\d+)\s+0\s+R", kids.group(1))]
    n = min(len(page_numbers), len(titles))

    objects: dict[int, bytes] = {}
    outline_root = size
    items = list(range(size + 1, size + 1 + n))
    if n:
        objects[outline_root] = b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (
            items[0],
            items[-1],
            n,
        )
        for k, number in enumerate(items):
            parts = [b"/Title " + _text(titles[k] or f"Slide {k + 1}")]
            parts.append(b"/Parent %d 0 R" % outline_root)
            if k:
                parts.append(b"/Prev %d 0 R" % items[k - 1])
            if k + 1 < n:
                parts.append(b"/Next %d 0 R" % items[k + 1])
            parts.append(b"/Dest [%d 0 R /Fit]" % page_numbers[k])
            objects[number] = b"<< " + b" ".join(parts) + b" >>"
        catalog = re.sub(rb"/(Outlines\s+\d+\s+0\s+R|PageMode\s*/\w+)", b"", catalog)
        catalog += b" /Outlines %d 0 R /PageMode /UseOutlines" % outline_root
    metadata = _ref(catalog, b"Metadata")
    if metadata is not None and (subject or keywords):
        objects[metadata] = _with_xmp(_object(data, metadata), subject, keywords)
    objects[root] = b"<<" + catalog + b">>"
    if info is not None and (subject or keywords):
        body = _dictionary(_object(data, info))
        body = re.sub(rb"/(Subject|Keywords)\s*(\([^)]*\)|<[^>]*>)", b"", body)
        if subject:
            body += b" /Subject " + _text(subject)
        if keywords:
            body += b" /Keywords " + _text(keywords)
        objects[info] = b"<<" + body + b">>"

    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n"
    for number in sorted(offsets):  # one subsection per object: simple and always valid
        out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    new_size = max([size, *(k + 1 for k in objects)])
    out += b"trailer\n<< /Size %d /Root %d 0 R" % (new_size, root)
    if info is not None:
        out += b" /Info %d 0 R" % info
    if ident:
        out += b" " + ident.group(0)
    out += b" /Prev %s >>\nstartxref\n%d\n%%%%EOF\n" % (start.group(1), xref_at)
    return bytes(out)


def _with_xmp(stream_object: bytes, subject: str, keywords: str) -> bytes:
    """The metadata stream object with dc:description (subject) and pdf:Keywords added."""
    found = re.search(rb"stream\r?\n(.*?)\r?\nendstream", stream_object, re.S)
    if not found:
        return stream_object
    xml = found.group(1).decode("utf-8")
    extra = ""
    if subject:
        extra += (
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:description><rdf:Alt>"
            f'<rdf:li xml:lang="x-default">{escape(subject)}</rdf:li>'
            "</rdf:Alt></dc:description></rdf:Description>"
        )
    if keywords:
        extra += (
            '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
            f'pdf:Keywords="{escape(keywords)}"/>'
        )
    if "</rdf:RDF>" not in xml:
        return stream_object
    xml = xml.replace("</rdf:RDF>", extra + "</rdf:RDF>", 1)
    payload = xml.encode("utf-8")
    head = stream_object[: found.start()]
    head = re.sub(rb"/Length\s+\d+", b"/Length %d" % len(payload), head)
    return head + b"stream\n" + payload + b"\nendstream"
