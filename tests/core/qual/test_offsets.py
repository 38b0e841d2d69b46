"""How positions count, decided per source: UTF-16 units and a counted BOM as well as CRLF, from
the selection texts a tool stores; every file position maps back to the character it names."""

from __future__ import annotations

import random
from pathlib import Path

from explorer.core.qual.load import load_project
from explorer.core.qual.offsets import Convention, Selection, SourceText, decide
from tests.fixtures.qual.builders import zip_bytes

TEXT = "P01: Cameras 📷 everywhere 😬 now.\r\nModerator: And you?\r\nP02: Fine by me 👍.\r\n"


def _utf16(text: str, index: int, bom: bool) -> int:
    return len(text[:index].encode("utf-16-le")) // 2 + int(bom)


def test_utf16_units_and_a_counted_bom_read_from_stored_texts(tmp_path: Path) -> None:
    quotes = ["everywhere 😬 now.", "Fine by me 👍."]
    raw = "\ufeff" + TEXT  # the BOM takes position 0, CRLF two units, emoji two units: .NET style
    selections = []
    for i, quote in enumerate(quotes):
        start = TEXT.index(quote)
        a, b = _utf16(TEXT, start, True), _utf16(TEXT, start + len(quote), True)
        selections.append(
            f'<PlainTextSelection guid="s{i}" name="{quote}" startPosition="{a}" endPosition="{b}">'
            f'<Coding guid="c{i}"><CodeRef targetGUID="k"/></Coding></PlainTextSelection>'
        )
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="u" origin="ATLAS.ti 9">'
        '<CodeBook><Codes><Code guid="k" name="Tech"/></Codes></CodeBook><Sources>'
        '<TextSource guid="t" name="g.txt" plainTextPath="internal://g.txt">'
        + "".join(selections)
        + "</TextSource></Sources></Project>"
    )
    path = tmp_path / "u.qdpx"
    path.write_bytes(zip_bytes({"project.qde": qde.encode(), "sources/g.txt": raw.encode()}))
    project = load_project(path)
    assert [s.text for s in project.segments] == quotes
    convention = project.sources["t"].convention
    assert "UTF-16 units" in convention and "byte-order mark counted" in convention
    assert [s.speaker for s in project.segments] == ["P01", "P02"]


def test_every_file_position_maps_back_under_every_convention() -> None:
    rng = random.Random(3)
    pieces = ["a", "b", " ", "\r\n", "\n", "😀", "é", "\r"]
    for _ in range(200):
        raw = ("\ufeff" if rng.random() < 0.3 else "") + "".join(
            rng.choice(pieces) for _ in range(rng.randint(0, 40))
        )
        text = SourceText(raw)
        for conv in text.conventions():
            for i in range(len(text.text) + 1):
                position = text.file_position(conv, i)
                assert text.to_index(conv, position) == i
                assert text.to_index(conv, position, end=True) == i


def test_without_evidence_the_exporting_tool_decides() -> None:
    text = SourceText("one two\r\nthree four\r\n")
    sels = [Selection(4, 7)]  # "two" under either reading: nothing tells them apart
    assert decide(text, sels, "QualCoder 3.8").convention == Convention(crlf=1)
    assert decide(text, sels, "MAXQDA 2022").convention == Convention(crlf=2)
