"""REFI-QDA containers, and the bundled London sample checked against an independent XML parse."""

from __future__ import annotations

import itertools
import re
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from explorer.core.qual.load import load_project
from explorer.core.qual.queries import QuoteQuery, co_occurrence, code_frequencies, find_quotes
from tests.conftest import SAMPLE_DIR
from tests.fixtures.qual.builders import zip_bytes

SAMPLE = SAMPLE_DIR / "london_focus_groups.qdpx"
Q = "{urn:QDA-XML:project:1.0}"


def _qde(path: str) -> bytes:
    return (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="c"><CodeBook><Codes>'
        '<Code guid="c" name="C"/></Codes></CodeBook><Sources>'
        f'<TextSource guid="s" name="s" plainTextPath="{path}">'
        '<PlainTextSelection guid="x" startPosition="5" endPosition="10">'
        '<Coding><CodeRef targetGUID="c"/></Coding></PlainTextSelection></TextSource>'
        "</Sources></Project>"
    ).encode()


@pytest.mark.parametrize(
    "members",
    [
        {"project.qde": _qde("internal://a.txt"), "Sources/a.txt": b"P01: hello world"},
        {"project.qde": _qde("internal://A.TXT"), "sources/a.txt": b"P01: hello world"},
        {
            "Export/My study.qde": _qde("internal://a.txt"),
            "Export/Sources/a.txt": b"P01: hello world",
        },
        {"x.qde": _qde("relative://texts/a.txt"), "texts/a.txt": b"P01: hello world"},
        {"x.qde": _qde("internal://a.txt"), "a.txt": b"P01: hello world"},
    ],
    ids=["Sources", "case-insensitive", "in-a-folder", "relative", "beside"],
)
def test_source_paths_inside_the_archive(tmp_path: Path, members) -> None:
    path = tmp_path / "p.qdpx"
    path.write_bytes(zip_bytes(members))
    project = load_project(path)
    assert [s.text for s in project.segments] == ["hello"]
    assert project.segments[0].speaker == "P01"


def test_bare_qde_relative_and_absolute_paths_inside_the_folder(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("P02: hello world", encoding="utf-8")
    (tmp_path / "rel.qde").write_bytes(_qde("relative://texts/a.txt"))
    (tmp_path / "abs.qde").write_bytes(_qde(f"absolute://{tmp_path / 'texts' / 'a.txt'}"))
    for name in ("rel.qde", "abs.qde"):
        project = load_project(tmp_path / name)
        assert [s.text for s in project.segments] == ["hello"], name


def test_missing_source_is_skipped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "p.qdpx"
    path.write_bytes(zip_bytes({"project.qde": _qde("internal://gone.txt")}))
    project = load_project(path)
    assert project.sources == {} and any("gone.txt" in n for n in project.skipped)


# ---- the bundled sample, against a plain parse of its XML written here ----


@pytest.fixture(scope="module")
def raw():
    if not SAMPLE.exists():
        pytest.skip("the bundled sample has not been built")
    with zipfile.ZipFile(SAMPLE) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        texts = {
            n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".txt")
        }
    parent = {}
    names = {}
    for el in root.iter(f"{Q}Code"):
        names[el.get("guid")] = el.get("name")
        for child in el.findall(f"{Q}Code"):
            parent[child.get("guid")] = el.get("guid")
    segments = []
    for source in root.iter(f"{Q}TextSource"):
        text = texts["sources/" + source.get("plainTextPath").split("://")[1]]
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        for sel in source.findall(f"{Q}PlainTextSelection"):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            line = text[line_starts[sum(1 for s in line_starts if s <= start) - 1] :].split("\n")[0]
            who = re.match(r"\s*([^:]+?)\s*:", line)
            codes = {ref.get("targetGUID") for ref in sel.iter(f"{Q}CodeRef")}
            segments.append(
                {
                    "text": text[start:end],
                    "source": source.get("name"),
                    "start": start,
                    "end": end,
                    "speaker": who.group(1) if who else "",
                    "codes": codes,
                }
            )
    return {"names": names, "parent": parent, "segments": segments}


def _up(raw, guid):
    chain = {guid}
    while guid in raw["parent"]:
        guid = raw["parent"][guid]
        chain.add(guid)
    return chain


def test_sample_counts_match_independent_parse(raw) -> None:
    project = load_project(SAMPLE)
    assert project.illustrative and project.skipped == []
    assert len(project.segments) == len(raw["segments"])
    said = [s for s in raw["segments"] if s["speaker"] != "Moderator"]
    expected = Counter()
    people = {}
    for seg in said:
        for guid in set().union(*(_up(raw, c) for c in seg["codes"])):
            expected[guid] += 1
            people.setdefault(guid, set()).add(seg["speaker"])
    rows = {r.code: r for r in code_frequencies(project) if r.value is None}
    assert {g: r.segments for g, r in rows.items() if r.segments} == dict(expected)
    assert {g: r.participants for g, r in rows.items() if r.participants} == {
        g: len(p) for g, p in people.items()
    }


def test_sample_quotes_match_independent_parse(raw) -> None:
    project = load_project(SAMPLE)
    for name in ("Live facial recognition", "Privacy", "Trust in the Met"):
        guid = next(g for g, n in raw["names"].items() if n == name)
        expected = [
            (s["source"], s["start"], s["end"], s["text"], s["speaker"])
            for s in raw["segments"]
            if s["speaker"] != "Moderator" and any(guid in _up(raw, c) for c in s["codes"])
        ]
        got = [
            (q.source, q.segment.start, q.segment.end, q.text, q.speaker)
            for q in find_quotes(project, QuoteQuery(codes=(name,)))
        ]
        assert sorted(got) == sorted(expected), name
        assert expected


def test_sample_co_occurrence_matches_independent_parse(raw) -> None:
    project = load_project(SAMPLE)
    result = co_occurrence(project)
    segs = raw["segments"]
    seen = []
    for a, b in itertools.combinations(sorted(raw["names"])[:14], 2):
        n = sum(1 for s in segs if a in s["codes"] and b in s["codes"])
        for s, t in itertools.combinations(segs, 2):
            overlap = s["source"] == t["source"] and max(s["start"], t["start"]) < min(
                s["end"], t["end"]
            )
            either = (a in s["codes"] and b in t["codes"]) or (b in s["codes"] and a in t["codes"])
            n += overlap and either
        assert result.count(a, b) == n == result.count(b, a)
        seen.append(n)
    assert any(seen)
