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
    assert {r["speaker"] for r in rows} == {"P01", "P02"}
    assert all(
        set(r) >= {"text", "source", "start", "end", "speaker", "attributes", "codes"} for r in rows
    )
    assert rows[0]["attributes"]["Gender"] == "Woman"


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
    assert len(rows) == sum(1 for s in sample_project().segments if s.speaker != "Moderator")
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
