"""Issue 18: real tools' exports read faithfully — exact text, the right speaker and role, counts
equal to the file's, and a reconciliation that says what was found and loaded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.core.qual.load import load_project
from explorer.core.qual.model import FACILITATOR, PARTICIPANT
from explorer.core.qual.queries import QuoteQuery, code_frequencies, find_quotes
from tests.fixtures.qual import real_shapes as shapes

SHAPES = {
    "qualcoder-3.8": (shapes.qualcoder_38, "CRLF as one"),
    "qualcoder-4-maxqda-endings": (shapes.qualcoder_4_maxqda_endings, "CRLF as one"),
    "qc": (shapes.qc_export, "CRLF as one"),
    "maxqda-crlf-two-bom": (shapes.maxqda_crlf_two, "CRLF as two"),
    "maxqda-crlf-two": (lambda: shapes.maxqda_crlf_two(bom=False), "CRLF as two"),
    "names-outrank-origin": (shapes.misleading_origin_with_names, "CRLF as one"),
    "bare-path-no-name": (shapes.bare_path_no_name, None),
}


def _load(tmp_path: Path, data: bytes, name: str = "p.qdpx"):
    path = tmp_path / name
    path.write_bytes(data)
    return load_project(path)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_passage_exact_with_its_speaker_and_role(tmp_path: Path, shape: str) -> None:
    build, convention = SHAPES[shape]
    data, expect = build()
    project = _load(tmp_path, data)
    (source,) = project.sources.values()
    assert source.text == expect["text"]
    got = [
        (s.text, project.codes[s.codes[0]].name, s.speaker, s.role)
        for s in sorted(project.segments, key=lambda s: s.guid)
    ]
    assert got == expect["passages"]
    assert all(source.text[s.start : s.end] == s.text for s in project.segments)
    if convention:
        assert convention in source.convention
        assert any(convention in line for line in project.inventory.lines())
    assert project.inventory.unfit == []
    # counts equal the file's: every coded selection, the facilitator's included
    found = len(re.findall(rb"<PlainTextSelection\b", _qde(data)))
    assert project.inventory.found["coded passages"] == found == len(project.segments)
    rows = {r.name: r.coded for r in code_frequencies(project, speakers_only=False)}
    assert rows["Visible policing"] == 2 and rows["Facial recognition"] == 2


def _qde(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("project.qde")


def test_source_without_name_takes_its_file_name(tmp_path: Path) -> None:
    data, _ = shapes.bare_path_no_name()
    project = _load(tmp_path, data)
    (source,) = project.sources.values()
    assert source.name == "transcript_1.txt"
    quotes = find_quotes(project, QuoteQuery(speakers_only=False))
    assert {q.source for q in quotes} == {"transcript_1.txt"}


def test_facilitators_kept_marked_and_hidden_by_default(tmp_path: Path) -> None:
    project = _load(tmp_path, shapes.qualcoder_38()[0])
    everyone = find_quotes(project, QuoteQuery(speakers_only=False))
    said = find_quotes(project, QuoteQuery())
    assert len(everyone) == 6 and len(said) == 4
    moderator = [q for q in everyone if q.role == FACILITATOR]
    assert {q.speaker for q in moderator} == {"Moderator"}
    assert all(q.attributes == {} and q.segment.case is None for q in moderator)
    assert all(q.role == PARTICIPANT for q in said)


def test_categories_are_tree_nodes_and_memos_are_kept(tmp_path: Path) -> None:
    project = _load(tmp_path, shapes.qualcoder_38()[0])
    category = project.codes[shapes.CATEGORY]
    assert category.codable is False
    assert [project.code_path(g) for g in list(project.codes)[1:3]] == [
        "Policing ▸ Visible policing",
        "Policing ▸ Estate",
    ]
    memo = next(s for s in project.segments if s.guid.endswith("0"))
    assert memo.memo == "Said with feeling"
    # QualCoder's `name` equals the text: it is evidence, never shown as a memo
    assert all(s.memo in ("", "Said with feeling") for s in project.segments)
    assert memo.created == "2024-05-01T10:00:00Z" and memo.creator.startswith("u000")
    assert project.codes[list(project.codes)[1]].description == "About visible policing"


def test_no_convention_fits_is_flagged(tmp_path: Path) -> None:
    data, _ = shapes.qualcoder_38()
    qde = _qde(data).decode("utf-8")
    # positions from another version of the text: the stored texts match under no counting
    shifted = re.sub(
        r'startPosition="(\d+)" endPosition="(\d+)"',
        lambda m: f'startPosition="{int(m[1]) + 7}" endPosition="{int(m[2]) + 7}"',
        qde,
    )
    from tests.fixtures.qual.builders import zip_bytes

    rebuilt = zip_bytes({"project.qde": shifted.encode(), "Sources/s1.txt": shapes.crlf_bytes()})
    project = _load(tmp_path, rebuilt)
    assert project.inventory.unfit and "Group 1.txt" in project.inventory.unfit[0]


NVIVO_CASES = """<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Cases" origin="NVivo 14.23.0">
<CodeBook><Codes><Code guid="K1" name="Trust" isCodable="true"/></Codes></CodeBook>
<Variables><Variable guid="V1" name="Years in post" typeOfVariable="Integer"/>
<Variable guid="V2" name="Role" typeOfVariable="Text"/></Variables>
<Cases>
<Case guid="CA1" name="Sergeant Bola">
<VariableValue><VariableRef targetGUID="V1"/><IntegerValue>12</IntegerValue></VariableValue>
<VariableValue><VariableRef targetGUID="V2"/><TextValue>Response</TextValue></VariableValue>
<SelectionRef targetGUID="SEL-B"/></Case>
<Case guid="CA2" name="PCSO Dee">
<VariableValue><VariableRef targetGUID="V1"/><IntegerValue>3</IntegerValue></VariableValue>
<SelectionRef targetGUID="SEL-D"/></Case>
<Case guid="CA3" name="Jane">
<VariableValue><VariableRef targetGUID="V1"/><IntegerValue>30</IntegerValue></VariableValue>
<SourceRef targetGUID="S2"/></Case>
</Cases>
<Sources>
<TextSource guid="S1" name="Station group"><PlainTextContent>Facilitator: Tell me about trust.
Bola: People trust us when we turn up. Simple as that,
really.
Dee: And when we know their names.</PlainTextContent>
<PlainTextSelection guid="SEL-B" startPosition="34" endPosition="96"/>
<PlainTextSelection guid="SEL-D" startPosition="97" endPosition="131"/>
<PlainTextSelection guid="C1" startPosition="47" endPosition="68"><Coding guid="X1"><CodeRef targetGUID="K1"/></Coding></PlainTextSelection>
<PlainTextSelection guid="C2" startPosition="111" endPosition="130"><Coding guid="X2"><CodeRef targetGUID="K1"/></Coding></PlainTextSelection>
<PlainTextSelection guid="C3" startPosition="13" endPosition="32"><Coding guid="X3"><CodeRef targetGUID="K1"/></Coding></PlainTextSelection>
</TextSource>
<TextSource guid="S2" name="Interview Jane"><PlainTextContent>I: Do you trust them?
Jane: Mostly, yes.
I: Why mostly?</PlainTextContent>
<PlainTextSelection guid="C4" startPosition="28" endPosition="40"><Coding guid="X4"><CodeRef targetGUID="K1"/></Coding></PlainTextSelection>
<PlainTextSelection guid="C5" startPosition="44" endPosition="55"><Coding guid="X5"><CodeRef targetGUID="K1"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
<Sets><Set guid="SET1" name="Officers"><MemberSource targetGUID="S1"/></Set></Sets>
</Project>"""


def test_nvivo_case_nodes_and_one_interview_per_source(tmp_path: Path) -> None:
    path = tmp_path / "Cases.qde"
    path.write_text(NVIVO_CASES, encoding="utf-8")
    project = load_project(path)
    got = {s.guid: (s.text, s.speaker, s.role, s.case) for s in project.segments}
    assert got["C1"] == ("trust us when we turn", "Sergeant Bola", PARTICIPANT, "CA1")
    assert got["C2"] == ("we know their names", "PCSO Dee", PARTICIPANT, "CA2")
    assert got["C3"][1:] == ("Facilitator", FACILITATOR, None)
    assert got["C4"] == ("Mostly, yes.", "Jane", PARTICIPANT, "CA3")
    assert got["C5"][1:] == ("I", FACILITATOR, None)  # the interviewer: never Jane's attributes
    quotes = find_quotes(project, QuoteQuery(where=(("Years in post", frozenset({"30"})),)))
    assert [q.text for q in quotes] == ["Mostly, yes."]
    # the project's own attributes make the attribution; numbers sort as numbers
    from explorer.core.qual.attribution import attribution

    bola = next(q for q in find_quotes(project, QuoteQuery()) if q.segment.guid == "C1")
    assert attribution(bola) == "Sergeant Bola, 12, Response, Station group"
    rows = code_frequencies(project, by="Years in post", speakers_only=False)
    assert [r.value for r in rows if r.value is not None] == ["3", "12", "30"]
    # a document set is a group and a filter
    sets = find_quotes(project, QuoteQuery(groups=("Officers",)))
    assert {q.segment.guid for q in sets} == {"C1", "C2"}
    where = (("Document set", frozenset({"Officers"})),)
    assert {q.segment.guid for q in find_quotes(project, QuoteQuery(where=where))} == {"C1", "C2"}
    assert project.inventory.found["cases"] == 3 and project.inventory.found["coded passages"] == 5
    # the filter panel lists numeric attribute values in numeric order, not the file's
    from explorer.core.dimensions import build_dimensions

    years = next(d for d in build_dimensions(None, project) if d.label == "Years in post")
    assert [v.label for v in years.values] == ["3", "12", "30"]


REAL_QC = Path(__file__).resolve().parents[2] / "fixtures" / "real" / "qc" / "qc-1.7.8-crlf.qdpx"


def test_a_real_qc_export_with_crlf_lines() -> None:
    """Made by qc 1.7.8 itself (see tests/fixtures/real/qc/README.md): whole CRLF lines, counted
    as qc counts them; each passage is exactly one line and its speaker the label above it."""
    import zipfile

    project = load_project(REAL_QC)
    with zipfile.ZipFile(REAL_QC) as archive:
        raw = next(archive.read(n) for n in archive.namelist() if n.endswith(".txt"))
    assert raw.count(b"\r\n") == raw.count(b"\n") > 10  # Windows line endings throughout
    lines = raw.decode("utf-8").replace("\r\n", "\n").splitlines(keepends=True)
    got = [(s.text, s.speaker, s.role) for s in project.segments]
    assert got == [
        (lines[1], "Moderator", FACILITATOR),
        (lines[4], "Mr. Dabor", PARTICIPANT),
        (lines[9], "P02", PARTICIPANT),
        (lines[11], "Moderator", FACILITATOR),
        (lines[14], "Mr. Dabor", PARTICIPANT),
    ]
    assert "CRLF as one" in next(iter(project.sources.values())).convention
    assert project.inventory.found["coded passages"] == len(project.segments) == 5


def test_label_not_repeated_in_the_quote_and_whitespace_never_a_quote(tmp_path: Path) -> None:
    text = "Mr. Dabor: I think they're\nstretched thin.\nP02: Yes.\n"
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="w"><CodeBook><Codes>'
        '<Code guid="k" name="Stretch"/></Codes></CodeBook><Sources><TextSource guid="s" name="g">'
        f"<PlainTextContent>{text}</PlainTextContent>"
        '<PlainTextSelection guid="a" startPosition="0" endPosition="42">'
        '<Coding><CodeRef targetGUID="k"/></Coding></PlainTextSelection>'
        '<PlainTextSelection guid="b" startPosition="42" endPosition="43">'
        '<Coding><CodeRef targetGUID="k"/></Coding></PlainTextSelection>'
        "</TextSource></Sources></Project>"
    )
    path = tmp_path / "w.qde"
    path.write_text(qde, encoding="utf-8")
    project = load_project(path)
    (quote,) = find_quotes(project, QuoteQuery())
    assert quote.segment.text == text[:42]  # the file's characters, label and line break kept
    assert quote.text == "I think they're stretched thin."  # shown once, in the attribution
    assert quote.speaker == "Mr. Dabor"
    # the whitespace passage is counted for its code, as the tool counts it, never shown
    assert code_frequencies(project, speakers_only=False)[0].coded == 2
    assert len(find_quotes(project, QuoteQuery(include_blank=True, speakers_only=False))) == 2
    assert any("only whitespace" in line for line in project.inventory.lines())
