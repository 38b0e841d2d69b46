"""`python -m explorer quotes|codes`: outputs checked against the project, errors exit 2 briefly."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.core.qual.qde_writer import write_qdpx
from tests.conftest import ROOT
from tests.fixtures.qual.builders import sample_project


@pytest.fixture(scope="module")
def qdpx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "sample.qdpx"
    write_qdpx(sample_project(), path)
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_quotes_json_text_is_the_sources_characters(capsys, qdpx: Path) -> None:
    code, out, _ = _run(capsys, "quotes", str(qdpx), "--code", "Policing today", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    project = sample_project()
    texts = {s.name: s.text for s in project.sources.values()}
    assert rows and all(texts[r["source"]][r["start"] : r["end"]] == r["text"] for r in rows)
    # every coded passage, the moderator's too, each with its role
    assert {(r["speaker"], r["role"]) for r in rows} == {
        ("P01", "participant"),
        ("P02", "participant"),
        ("Moderator", "facilitator"),
    }
    assert all(
        set(r) >= {"text", "source", "start", "end", "speaker", "attributes", "codes"} for r in rows
    )
    first = next(r for r in rows if r["role"] == "participant")
    assert first["attributes"]["Gender"] == "Woman"
    assert all(r["attributes"] == {} for r in rows if r["role"] == "facilitator")


def test_quotes_filters_combine(capsys, qdpx: Path) -> None:
    _, out, _ = _run(
        capsys,
        "quotes",
        str(qdpx),
        "--where",
        "Gender=Woman",
        "--group",
        "Group 2",
        "--format",
        "json",
    )
    assert [r["speaker"] for r in json.loads(out)] == ["P05"]
    _, out, _ = _run(
        capsys,
        "quotes",
        str(qdpx),
        "--code",
        "Live facial recognition",
        "--code",
        "Privacy",
        "--all-codes",
        "--format",
        "json",
    )
    assert [r["speaker"] for r in json.loads(out)] == ["P03"]
    _, out, _ = _run(
        capsys, "quotes", str(qdpx), "--search", '"final decision"', "--format", "json"
    )
    assert [r["speaker"] for r in json.loads(out)] == ["P05"]


def test_quotes_text_has_attribution_illustrative_and_warning(capsys, qdpx: Path) -> None:
    code, out, _ = _run(capsys, "quotes", str(qdpx), "--code", "Safeguards")
    assert code == 0
    assert out.startswith("Illustrative: written for the product, not real participants' words")
    assert "Participant 01, woman, 25–34, Group 1, London" in out
    assert "Warning:" in out and "only one participant" in out
    _, out, _ = _run(capsys, "quotes", str(qdpx))
    assert "Warning:" not in out and "from 6 participants" in out


def test_quotes_csv(capsys, qdpx: Path) -> None:
    _, out, _ = _run(capsys, "quotes", str(qdpx), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(sample_project().segments)  # every coded passage
    assert {r["role"] for r in rows} == {"participant", "facilitator"}
    assert {"text", "speaker", "codes", "Gender", "Age"} <= set(rows[0])


def test_codes_by_attribute(capsys, qdpx: Path) -> None:
    _, out, _ = _run(capsys, "codes", str(qdpx), "--by", "Gender", "--format", "json")
    rows = json.loads(out)
    ai = {r["value"]: r for r in rows if r["code"] == "Artificial intelligence"}
    assert ai[None]["segments"] == ai["Woman"]["segments"] + ai["Man"]["segments"] == 3
    _, out, _ = _run(capsys, "codes", str(qdpx))
    assert "Artificial intelligence" in out and "  Inevitable" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["quotes", "missing.qdpx"], "missing.qdpx: does not exist."),
        (["quotes", "{qdpx}", "--code", "Nope"], "no code named 'Nope'"),
        (["quotes", "{qdpx}", "--where", "Gender"], "ATTRIBUTE=VALUE"),
        (["codes", "{qdpx}", "--by", "Shoe"], "no participant attribute named 'Shoe'"),
    ],
)
def test_errors_are_one_sentence_exit_2(capsys, qdpx: Path, tmp_path: Path, argv, needle) -> None:
    argv = [a.replace("{qdpx}", str(qdpx)) for a in argv]
    code, out, err = _run(capsys, *argv)
    assert code == 2 and needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_zip_via_subprocess(tmp_path: Path) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"PK\x03\x04broken")
    result = subprocess.run(
        [sys.executable, "-m", "explorer", "quotes", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: bad.qdpx:") and "Traceback" not in result.stderr


# --- issue 18: real shapes through the command line ----------------------------------------------
@pytest.fixture()
def real(tmp_path: Path) -> Path:
    from tests.fixtures.qual.real_shapes import qualcoder_38

    path = tmp_path / "qualcoder.qdpx"
    path.write_bytes(qualcoder_38()[0])
    return path


def test_quotes_json_every_passage_traceable(capsys, real: Path) -> None:
    from tests.fixtures.qual.real_shapes import PASSAGES, crlf_bytes

    code, out, err = _run(capsys, "quotes", str(real), "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == len(PASSAGES)
    raw = crlf_bytes().decode("utf-8").replace("\r\n", "\n")  # QualCoder counts CRLF as one
    for row in rows:
        assert raw[row["file_start"] : row["file_end"]] == row["text"]
        assert row["selection_guid"].startswith("5e1ec700-")
        assert row["role"] in ("participant", "facilitator") and row["speaker"]
        assert row["coder"] == "coder one" and row["created"].startswith("2024-05-0")
    assert {r["role"] for r in rows} == {"participant", "facilitator"}
    assert "found / loaded: sources 1 / 1" in err and "coded passages 6 / 6" in err
    assert "CRLF as one" in err
    _, out, _ = _run(capsys, "quotes", str(real), "--format", "json", "--participants-only")
    assert {r["role"] for r in json.loads(out)} == {"participant"} and len(json.loads(out)) == 4


def test_codes_count_as_the_file_does(capsys, real: Path) -> None:
    _, out, _ = _run(capsys, "codes", str(real), "--format", "json")
    rows = {r["path"]: r for r in json.loads(out)}
    assert rows["Policing ▸ Visible policing"]["coded"] == 2
    assert rows["Policing ▸ Visible policing"]["facilitator"] == 1
    assert rows["Policing"]["coded"] == 0 and rows["Policing"]["segments"] == 6
    assert rows["Policing"]["codable"] is False


def test_code_by_path_and_ambiguous_names(capsys, tmp_path: Path) -> None:
    qde = """<Project xmlns="urn:QDA-XML:project:1.0" name="dup"><CodeBook><Codes>
<Code guid="a" name="Trust"><Code guid="a1" name="Local"/></Code>
<Code guid="b" name="Confidence"><Code guid="b1" name="Local"/></Code>
</Codes></CodeBook><Sources><TextSource guid="s" name="g">
<PlainTextContent>P01: I trust them here. P02: Not here.</PlainTextContent>
<PlainTextSelection guid="x" startPosition="5" endPosition="21"><Coding><CodeRef targetGUID="a1"/></Coding></PlainTextSelection>
<PlainTextSelection guid="y" startPosition="27" endPosition="36"><Coding><CodeRef targetGUID="b1"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>"""
    path = tmp_path / "dup.qde"
    path.write_text(qde, encoding="utf-8")
    code, _, err = _run(capsys, "quotes", str(path), "--code", "Local")
    assert code == 2 and "2 codes named 'Local'" in err and "Trust > Local" in err
    code, out, _ = _run(capsys, "quotes", str(path), "--code", "Trust > Local", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [r["text"] for r in rows] == ["I trust them her"]
    assert rows[0]["codes"] == ["Trust ▸ Local"]  # a bare name is ambiguous: its path


def test_describe_a_project_without_codings(capsys, tmp_path: Path) -> None:
    from tests.fixtures.qual.builders import zip_bytes

    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Blank study" origin="ATLAS.ti 24">
<CodeBook><Codes><Code guid="k1" name="Trust"/><Code guid="k2" name="Fear"/></Codes></CodeBook>
<Sources>
<TextSource guid="s1" name="Interview 1" plainTextPath="internal://s1.txt"/>
<TextSource guid="s2" name="Interview 2" plainTextPath="internal://s2.txt"/>
<AudioSource guid="s3" name="Recording" path="internal://s3.m4a"/>
</Sources>
<Sets><Set guid="set1" name="Wave 1"><MemberSource targetGUID="s1"/><MemberSource targetGUID="s2"/></Set></Sets>
</Project>"""
    data = zip_bytes(
        {
            "Blank study.qde": qde.encode("utf-8"),
            "sources/s1.txt": b"\xef\xbb\xbfR: Good morning.\r\nI: Hello.\r\n",
            "sources/s2.txt": b"Nobody labelled here.\n",
        }
    )
    path = tmp_path / "blank.qdpx"
    path.write_bytes(data)
    code, out, _ = _run(capsys, "describe", str(path))
    assert code == 0
    assert "2 documents and 2 codes, no coded passages yet" in out
    assert "not loaded: 1 × audio source" in out and "Wave 1 (2)" in out
    code, out, _ = _run(capsys, "describe", str(path), "--format", "json")
    info = json.loads(out)
    assert info["found"]["sources"] == 3 and info["loaded"]["sources"] == 2
    assert info["sources"][0]["attributes"] == {"Document set": "Wave 1"}
    assert info["sources"][0]["speakers"] == ["I", "R"]
