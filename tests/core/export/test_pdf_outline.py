"""Bookmarks and subject added to a PDF by an incremental update, on a PDF written by hand here
(not by Qt), checked by re-reading the result's structure and, when poppler is installed, by
poppler itself."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from explorer.core.errors import ExplorerError
from explorer.core.export.pdf_outline import add_outline


def hand_written_pdf(pages: int = 2) -> bytes:
    """A minimal valid PDF: catalogue, page tree, pages with a little text, info, metadata."""
    objects = {
        1: b"<< /Title (Hand made) /Producer (a test) >>",
        2: None,  # metadata stream, below
        3: b"<< /Type /Catalog /Pages 4 0 R /Metadata 2 0 R >>",
        4: b"<< /Type /Pages /Kids [ "
        + b" ".join(b"%d 0 R" % (10 + 2 * k) for k in range(pages))
        + b" ] /Count %d >>" % pages,
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    xmp = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about=""/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    objects[2] = b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp)
    objects[2] += xmp + b"\nendstream"
    for k in range(pages):
        content = b"BT /F1 24 Tf 72 700 Td (Page %d) Tj ET" % (k + 1)
        objects[10 + 2 * k] = (
            b"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents %d 0 R >>" % (11 + 2 * k)
        )
        objects[11 + 2 * k] = (
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 3 0 R /Info 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        xref,
    )
    return bytes(out)


def test_the_update_keeps_every_original_byte_and_its_xref_points_at_its_objects() -> None:
    original = hand_written_pdf(3)
    updated = add_outline(original, ["One", "Twó", "Three"], subject="OFFICIAL", keywords="K")
    assert updated.startswith(original)
    tail = updated[len(original) :]
    start = int(re.search(rb"startxref\s+(\d+)", tail).group(1))
    assert updated[start : start + 4] == b"xref"
    for number, offset in re.findall(rb"(\d+) 1\n(\d{10}) 00000 n", updated[start:]):
        assert updated[int(offset) :].startswith(number + b" 0 obj")
    assert b"/Prev " + str(original.index(b"xref")).encode() in tail
    # Titles are UTF-16 with a byte-order mark: any character survives.
    assert ("FEFF" + "Twó".encode("utf-16-be").hex().upper()).encode() in tail
    assert b"/PageMode /UseOutlines" in tail and b"/Count 3" in tail


def test_a_file_without_a_cross_reference_table_is_refused_in_words() -> None:
    with pytest.raises(ExplorerError):
        add_outline(b"%PDF-1.4\nnot really a pdf\n", ["x"])


@pytest.mark.skipif(shutil.which("pdftohtml") is None, reason="poppler-utils is not installed")
def test_poppler_reads_the_bookmarks_and_the_subject(tmp_path) -> None:
    path = tmp_path / "h.pdf"
    path.write_bytes(add_outline(hand_written_pdf(2), ["First", "Second"], subject="OFFICIAL"))
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", str(path)], capture_output=True, text=True
    ).stdout
    assert re.findall(r'<item page="(\d+)">([^<]*)</item>', xml) == [
        ("1", "First"),
        ("2", "Second"),
    ]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Subject:\s+OFFICIAL", info) and re.search(r"Title:\s+Hand made", info)
