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
