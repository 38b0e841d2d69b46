"""Tests for the reopened-briefing data check: missing, changed and unchanged files, and quotes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from explorer.core.briefing.datacheck import check_data, check_quotes
from explorer.core.briefing.model import Briefing, PinnedQuote, add_slide, make_slide, update_slide
from explorer.core.briefing.store import data_ref_for
from explorer.core.filter_state import FilterState
from explorer.core.qual.model import Code, Project, Source


def _setup(tmp_path: Path) -> tuple[Briefing, Path, Path]:
    survey = tmp_path / "london_survey.sav"
    qual = tmp_path / "groups.qdpx"
    survey.write_bytes(b"survey v1")
    qual.write_bytes(b"qual v1")
    b = Briefing(
        survey=data_ref_for("survey", survey, tmp_path / "b.briefing.json"),
        qual=data_ref_for("qual", qual, tmp_path / "b.briefing.json"),
    )
    return b, survey, qual


def test_unchanged_data_has_no_problems(tmp_path: Path) -> None:
    b, survey, qual = _setup(tmp_path)
    assert check_data(b, survey, qual) == []


def test_changed_survey_says_numbers_may_differ(tmp_path: Path) -> None:
    b, survey, qual = _setup(tmp_path)
    survey.write_bytes(b"survey v2")
    assert check_data(b, survey, qual) == [
        "london_survey.sav has changed since this briefing was saved: its numbers may differ."
    ]
    qual.write_bytes(b"qual v2")
    problems = check_data(b, survey, qual)
    assert len(problems) == 2 and "groups.qdpx has changed" in problems[1]


def test_missing_and_unloaded_data(tmp_path: Path) -> None:
    b, survey, qual = _setup(tmp_path)
    survey.unlink()
    problems = check_data(b, survey, None)
    assert "cannot be found" in problems[0]
    assert "not loaded" in problems[1]
    assert check_data(Briefing(), None, None) == []


def test_other_file_name_is_named(tmp_path: Path) -> None:
    b, survey, qual = _setup(tmp_path)
    other = tmp_path / "other.sav"
    other.write_bytes(b"different")
    assert "other.sav (saved as london_survey.sav) has changed" in check_data(b, other, qual)[0]


def test_check_quotes_finds_moved_text_and_missing_codes() -> None:
    project = Project(
        name="groups.qdpx",
        codes={"c1": Code("c1", "Privacy")},
        sources={"s1": Source("s1", "G1", "P01: I worry about privacy.\n")},
    )
    good = PinnedQuote("s1", 5, 27, "I worry about privacy.", "P01")
    b = add_slide(Briefing(), make_slide("LFR", quotes=[good]))
    sid = b.slides[0].id
    assert check_quotes(b, project) == []
    moved = replace(good, start=4)
    b2 = update_slide(b, sid, quotes=[moved], filter=FilterState(codes=frozenset({"c1", "gone"})))
    problems = check_quotes(b2, project)
    assert len(problems) == 2
    assert "pinned to slide 1 (LFR) is no longer in groups.qdpx" in problems[0]
    assert "1 of the codes selected on slide 1" in problems[1]
