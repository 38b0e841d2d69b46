"""Nothing the data came from is overwritten: an export onto a Triple-S data file, a codebook
beside the data, a .qde's source transcript or the briefing it was made from is refused with one
sentence, directly or through a symbolic link, and the file is unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from explorer.core.briefing import model as bm
from explorer.core.briefing.store import load_briefing, save_briefing
from explorer.core.errors import ExplorerError
from explorer.core.export.provenance import Provenance
from explorer.core.export.quotes_text import QuoteRow, write_quotes_text
from explorer.core.export.spreadsheet import quotes_to_csv
from explorer.core.qual.load import load_project
from explorer.core.survey.load import load_survey
from tests.fixtures.hostile import text_corpus as tc

ROWS = [QuoteRow("Said something.", "P01")]


@pytest.fixture(autouse=True)
def _app_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_EXPLORER_DATA", str(tmp_path / "appdata"))


def _refused(target: Path) -> None:
    before = target.read_bytes()
    for export in (quotes_to_csv, write_quotes_text):
        with pytest.raises(ExplorerError, match="not overwritten") as caught:
            export(ROWS, target, Provenance())
        assert caught.value.message.startswith(target.name + ": ")
    assert target.read_bytes() == before


def _link(tmp_path: Path, target: Path) -> Path:
    link = tmp_path / f"link-to-{target.name}"
    link.symlink_to(target)
    return link


def test_a_triple_s_data_file_and_schema_are_protected(tmp_path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    schema = tc.survey_sss(folder, ["a"] * 10)
    load_survey(schema)
    for target in (folder / "hostile.asc", schema):
        _refused(target)
        _refused(_link(tmp_path, target))


def test_a_codebook_beside_csv_data_is_protected(tmp_path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    data = tc.survey_csv(folder, ["a"] * 10)
    load_survey(data)
    codebook = folder / "hostile.codebook.csv"
    _refused(codebook)
    _refused(_link(tmp_path, codebook))


def test_a_qde_source_transcript_is_protected(tmp_path) -> None:
    folder = tmp_path / "project"
    (folder / "sources").mkdir(parents=True)
    text = "P01: I think it is fine really.\n"
    (folder / "sources" / "g1.txt").write_text(text, encoding="utf-8")
    (folder / "p.qde").write_text(
        "<?xml version='1.0' encoding='utf-8'?><Project name='p' "
        "xmlns='urn:QDA-XML:project:1.0'><Sources><TextSource "
        "guid='d1000000-0000-4000-8000-000000000001' name='g1' plainTextPath='internal://g1.txt'>"
        "</TextSource></Sources></Project>",
        encoding="utf-8",
    )
    project = load_project(folder / "p.qde")
    assert project.sources  # the transcript was read
    _refused(folder / "sources" / "g1.txt")
    _refused(_link(tmp_path, folder / "sources" / "g1.txt"))


def test_the_briefing_exports_are_made_from_is_protected(tmp_path) -> None:
    path = tmp_path / "pack.briefing.json"
    save_briefing(bm.Briefing(title="Pack"), path)
    load_briefing(path)
    _refused(path)
    _refused(_link(tmp_path, path))
    # saving the briefing itself still works
    save_briefing(bm.Briefing(title="Pack, revised"), path)
    assert load_briefing(path).title == "Pack, revised"


def test_a_hard_link_to_the_briefing_is_protected(tmp_path) -> None:
    path = tmp_path / "other.briefing.json"
    save_briefing(bm.Briefing(title="Other"), path)
    hard = tmp_path / "hard.json"
    os.link(path, hard)
    _refused(hard)
