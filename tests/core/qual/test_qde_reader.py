"""Reading REFI-QDA project documents as two real producers write them (QualCoder; MAXQDA/NVivo)."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from explorer.core.qual.load import load_project
from tests.fixtures.qual.producers import maxqda_nvivo_style, qualcoder_style


def _load(tmp_path: Path, data: bytes, name: str = "p.qdpx"):
    path = tmp_path / name
    path.write_bytes(data)
    return load_project(path)


def _selection_count(data: bytes) -> int:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        qde = next(n for n in archive.namelist() if n.endswith(".qde"))
        return len(re.findall(r"<PlainTextSelection\b", archive.read(qde).decode("utf-8")))


def _as_tuples(project):
    out = []
    for seg in project.segments:
        names = tuple(project.codes[c].name for c in seg.codes)
        case = project.cases[seg.case].name if seg.case else None
        out.append((seg.text, names, seg.speaker, case))
    return out


@pytest.mark.parametrize("style", [qualcoder_style, maxqda_nvivo_style])
def test_every_segment_is_the_sources_characters(tmp_path: Path, style) -> None:
    data, expect = style()
    project = _load(tmp_path, data)
    for seg in project.segments:
        assert seg.text == project.sources[seg.source].text[seg.start : seg.end]
        assert "\r" not in project.sources[seg.source].text
    assert _as_tuples(project) == expect["segments"]


def test_qualcoder_export(tmp_path: Path) -> None:
    data, expect = qualcoder_style()
    project = _load(tmp_path, data)
    assert _selection_count(data) == expect["selections"]
    # one selection per code on the same span becomes one segment with both codes
    assert len(project.segments) == 3 and project.skipped == []
    assert project.origin == "QualCoder 3.6"
    assert project.illustrative is True
    lfr = project.code_by_name("LFR")
    assert lfr is not None and lfr.codable is False and lfr.description.startswith("Live facial")
    assert [c.name for c in project.children(lfr.guid)] == ["Signage", "Privacy"]
    assert project.code_by_name("privacy").color == "#0000ff"
    source = next(iter(project.sources.values()))
    assert source.text == expect["text"] and source.group == "Group 1"
    assert source.description == "First group"
    assert [t.speaker for t in source.turns] == ["Moderator", "P01", "P02", "P03"]
    assert project.case_by_name("P01").source_guids == (source.guid,)
    assert project.case_by_name("P03").attribute("Age") == "65+"
    assert all(s.creator == "5c94bc9e-db8c-4f1d-9cd6-e900c7440860" for s in project.segments)
    assert project.users["5c94bc9e-db8c-4f1d-9cd6-e900c7440860"].name == "colin"


def test_maxqda_nvivo_export(tmp_path: Path) -> None:
    data, expect = maxqda_nvivo_style()
    project = _load(tmp_path, data)
    selections = _selection_count(data)
    assert selections == expect["selections"]
    skipped_selections = [
        s for s in project.skipped if s.startswith("selection") and s.endswith("was skipped")
    ]
    # every coded selection is accounted for: read as a segment, or reported as skipped
    assert len(project.segments) + len(skipped_selections) == selections
    assert len(skipped_selections) == expect["skipped_selections"]
    assert any("clipped" in s for s in project.skipped)
    assert any("PDFSource" in s for s in project.skipped)
    assert any("AudioSource" in s for s in project.skipped)
    assert any("FutureThing" in s for s in project.skipped)
    assert any("unknown variable" in s for s in project.skipped)
    assert any("unknown code" in s for s in project.skipped)
    assert project.origin.startswith("MAXQDA")
    # the note is referenced by a selection's NoteRef: it is that passage's memo, not the project's
    assert project.notes == [] and project.illustrative is False
    memo = next(s for s in project.segments if s.memo)
    assert memo.memo == "Coded by RD." and memo.text.startswith("I'd rather")
    four = project.case_by_name("Participant 4")
    assert four.attribute_map == {"Born in the UK": "Yes", "Age": "31"}
    assert project.case_by_name("Participant 5").attribute("Born in the UK") == "No"
    crlf = next(s for s in project.sources.values() if s.name.startswith("Group 2"))
    assert crlf.text == expect["text"] and not crlf.text.startswith("\ufeff")
    parent = project.code_by_name("Technology known")
    assert {c.name for c in project.children(parent.guid)} == {"Drones", "CCTV"}


def test_bare_qde_with_sources_folder_beside_it(tmp_path: Path) -> None:
    data, expect = qualcoder_style()
    with zipfile.ZipFile(BytesIO(data)) as archive:
        (tmp_path / "mine.qde").write_bytes(archive.read("project.qde"))
        (tmp_path / "sources").mkdir()  # lower case on disk, "Sources" in nothing: any case works
        (tmp_path / "sources" / "E7F1.TXT").write_bytes(archive.read("Sources/e7f1.txt"))
    project = load_project(tmp_path / "mine.qde")
    assert project.format == "qde"
    assert _as_tuples(project) == expect["segments"]


def test_hundreds_of_codes_nested(tmp_path: Path) -> None:
    codes = "".join(
        f'<Code guid="g{i}" name="Code {i}">'
        + "".join(f'<Code guid="g{i}-{j}" name="Sub {i}.{j}"/>' for j in range(5))
        + "</Code>"
        for i in range(120)
    )
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="big"><CodeBook><Codes>'
        f"{codes}</Codes></CodeBook><Sources><TextSource guid='s' name='s'>"
        "<PlainTextContent>P01: hello there</PlainTextContent>"
        "<PlainTextSelection guid='x' startPosition='5' endPosition='10'>"
        "<Coding><CodeRef targetGUID='g119-4'/></Coding></PlainTextSelection>"
        "</TextSource></Sources></Project>"
    )
    (tmp_path / "big.qde").write_text(qde, encoding="utf-8")
    project = load_project(tmp_path / "big.qde")
    assert len(project.codes) == 120 * 6
    assert project.codes["g119-4"].parent == "g119"
    assert project.segments[0].text == "hello" and project.segments[0].speaker == "P01"


def test_qde_with_bom_crlf_and_no_optional_attributes(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\r\n<Project xmlns="urn:QDA-XML:project:1.0">\r\n'
        "<CodeBook><Codes><Code guid='c' name='Only'/></Codes></CodeBook>\r\n"
        "<Sources><TextSource guid='s'><PlainTextContent>P01: Tout à fait, oui.</PlainTextContent>"
        "<PlainTextSelection startPosition='5' endPosition='19'><Coding><CodeRef targetGUID='C'/>"
        "</Coding></PlainTextSelection></TextSource></Sources></Project>\r\n"
    )
    path = tmp_path / "no name.qde"
    path.write_bytes(b"\xef\xbb\xbf" + xml.encode("utf-8"))
    project = load_project(path)
    assert project.name == "no name"
    (seg,) = project.segments
    assert seg.text == "Tout à fait, o" and seg.speaker == "P01"
    assert project.codes[seg.codes[0]].name == "Only" and project.codes["c"].color == ""
    assert project.sources["s"].name == "s"
