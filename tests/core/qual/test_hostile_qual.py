"""Hostile and broken focus-group files: each fails fast with one sentence, or loads with a note."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from explorer.core.errors import ExplorerError
from explorer.core.qual.load import load_project
from explorer.core.safe_xml import parse_xml
from tests.fixtures.qual.builders import zip_bytes

NS = 'xmlns="urn:QDA-XML:project:1.0"'
MINIMAL = (
    f'<Project {NS} name="m"><CodeBook><Codes><Code guid="c" name="C"/></Codes></CodeBook>'
    '<Sources><TextSource guid="s" name="s" plainTextPath="{path}">'
    '<PlainTextSelection guid="x" startPosition="0" endPosition="4"><Coding><CodeRef targetGUID="c"/>'
    "</Coding></PlainTextSelection></TextSource></Sources></Project>"
)
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + f"]><Project {NS}>&lol9;</Project>"
)
EXTERNAL = f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project {NS} name="&x;"/>'


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _fails_fast(path: Path, *words: str) -> ExplorerError:
    # Refused at once rather than expanded: CPU seconds, not wall time (a loaded CI machine
    # stretches the latter), and far below what expanding the entities or the nesting would take.
    began = time.process_time()
    with pytest.raises(ExplorerError) as caught:
        load_project(path)
    assert time.process_time() - began < 5.0
    message = caught.value.message
    assert message.startswith(path.name + ":") and message.endswith(".")
    assert message.count("\n") == 0
    for word in words:
        assert word in message, message
    return caught.value


@pytest.mark.parametrize(
    "xml", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"]
)
def test_entities_and_dtds_are_refused_in_qdpx_and_qde(tmp_path: Path, xml: str) -> None:
    qdpx = _write(tmp_path, "bad.qdpx", zip_bytes({"project.qde": xml.encode()}))
    error = _fails_fast(qdpx, "DTD")
    assert "root:" not in str(error)
    _fails_fast(_write(tmp_path, "bad.qde", xml.encode()), "DTD")


def test_zip_bomb_is_stopped_early(tmp_path: Path) -> None:
    bomb = zip_bytes(
        {
            "project.qde": MINIMAL.format(path="internal://a.txt").encode(),
            "sources/a.txt": b"\0" * (60 * 1024 * 1024),
        }
    )
    assert len(bomb) < 200_000
    _fails_fast(_write(tmp_path, "bomb.qdpx", bomb), "zip bomb")


def test_workbook_zip_bomb_is_stopped_before_openpyxl(tmp_path: Path) -> None:
    bomb = zip_bytes(
        {"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b" " * (40 * 1024 * 1024)}
    )
    _fails_fast(_write(tmp_path, "bomb.xlsx", bomb), "zip bomb")


def test_parent_path_member_is_refused(tmp_path: Path) -> None:
    data = zip_bytes(
        {"project.qde": MINIMAL.format(path="internal://a.txt").encode(), "../evil": b"x"}
    )
    _fails_fast(_write(tmp_path, "evil.qdpx", data), "unsafe path")
    assert not (tmp_path.parent / "evil").exists()


def test_truncated_zip(tmp_path: Path) -> None:
    data = zip_bytes(
        {
            "project.qde": MINIMAL.format(path="internal://a.txt").encode(),
            "sources/a.txt": b"P01: hi",
        }
    )
    _fails_fast(_write(tmp_path, "cut.qdpx", data[: len(data) // 2]), "zip")


def test_encrypted_member(tmp_path: Path) -> None:
    data = bytearray(zip_bytes({"project.qde": b"<Project/>", "sources/a.txt": b"secret"}))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            data[at + flag_offset] |= 0x01
            at = data.find(signature, at + 4)
    _fails_fast(_write(tmp_path, "locked.qdpx", bytes(data)), "encrypted")


def test_non_utf8_source_is_read_as_cp1252_with_a_note(tmp_path: Path) -> None:
    data = zip_bytes(
        {
            "project.qde": MINIMAL.format(path="internal://a.txt").encode(),
            "Sources/a.txt": "Café: P01: résumé".encode("cp1252"),
        }
    )
    project = load_project(_write(tmp_path, "latin.qdpx", data))
    assert project.sources["s"].text == "Café: P01: résumé"
    assert project.segments[0].text == "Café"
    assert any("Windows-1252" in note for note in project.skipped)


def test_empty_file_and_folder(tmp_path: Path) -> None:
    _fails_fast(_write(tmp_path, "empty.qdpx", b""), "empty")
    folder = tmp_path / "x.qdpx"
    folder.mkdir()
    _fails_fast(folder, "folder")


def test_not_a_zip_and_no_qde(tmp_path: Path) -> None:
    _fails_fast(_write(tmp_path, "text.qdpx", b"hello, not a zip"), "zip")
    _fails_fast(_write(tmp_path, "noqde.qdpx", zip_bytes({"a.txt": b"x"})), ".qde")
    _fails_fast(_write(tmp_path, "broken.qde", b"<Project><unclosed></Project>"), "malformed XML")
    _fails_fast(_write(tmp_path, "other.qde", b"<Codebook/>"), "not a REFI-QDA project")


def test_xml_size_limit() -> None:
    with pytest.raises(ExplorerError, match="larger than"):
        parse_xml(b"<a>" + b"x" * 3_000_000 + b"</a>", "big.qde", max_bytes=2 * 1024 * 1024)


def test_source_paths_never_leave_the_project_folder(tmp_path: Path) -> None:
    project_dir = tmp_path / "project"
    project_dir.mkdir()
    (tmp_path / "outside.txt").write_text("P01: secret outside", encoding="utf-8")
    for i, text_path in enumerate(
        [
            "relative://../outside.txt",
            f"absolute://{tmp_path / 'outside.txt'}",
            "internal://../../outside.txt",
        ]
    ):
        qde = _write(project_dir, f"p{i}.qde", MINIMAL.format(path=text_path).encode())
        project = load_project(qde)
        assert project.sources == {} and project.segments == []
        assert any("not in the project" in note for note in project.skipped)


def test_reading_writes_nothing_beside_the_file(tmp_path: Path) -> None:
    data = zip_bytes(
        {
            "project.qde": MINIMAL.format(path="internal://a.txt").encode(),
            "sources/a.txt": b"P01: hi",
        }
    )
    path = _write(tmp_path, "ok.qdpx", data)
    before = sorted(os.listdir(tmp_path))
    project = load_project(path)
    assert project.segments[0].text == "P01:"
    assert sorted(os.listdir(tmp_path)) == before


def _mutants():
    from hypothesis import strategies as st

    return st.tuples(
        st.sampled_from(["xml", "zip"]),
        st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
        st.one_of(st.none(), st.integers(0, 10**6)),
    )


def test_mutated_exports_fail_only_with_a_sentence(tmp_path: Path) -> None:
    """Random byte flips and cuts, in the XML or the archive: a project or an ExplorerError."""
    import zipfile
    from io import BytesIO

    from hypothesis import given, settings

    from tests.fixtures.qual.producers import maxqda_nvivo_style

    original, _ = maxqda_nvivo_style()
    with zipfile.ZipFile(BytesIO(original)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    qde_name = next(n for n in members if n.endswith(".qde"))

    @settings(max_examples=150, deadline=None)
    @given(_mutants())
    def check(mutation) -> None:
        where, flips, cut = mutation
        target = bytearray(members[qde_name] if where == "xml" else original)
        for at, value in flips:
            target[at % len(target)] = value
        if cut is not None:
            del target[cut % len(target) :]
        data = zip_bytes({**members, qde_name: bytes(target)}) if where == "xml" else bytes(target)
        path = tmp_path / "mutant.qdpx"
        path.write_bytes(data)
        try:
            project = load_project(path)
        except ExplorerError as error:
            assert error.message.startswith("mutant.qdpx:")
            return
        for seg in project.segments:
            assert project.sources[seg.source].text[seg.start : seg.end] == seg.text

    check()


def test_deeply_nested_codes_are_refused_not_crashing(tmp_path: Path) -> None:
    depth = 5000
    xml = (
        f'<Project {NS} name="deep"><CodeBook><Codes>'
        + "".join(f'<Code guid="g{i}" name="c{i}">' for i in range(depth))
        + "</Code>" * depth
        + "</Codes></CodeBook></Project>"
    )
    _fails_fast(_write(tmp_path, "deep.qde", xml.encode()), "nested")
