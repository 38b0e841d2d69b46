"""The analyst's evidence-matrix notes and matrix slides kept in the briefing file: written only
when set, read back equal, and a damaged note is one sentence naming the file."""

from __future__ import annotations

import json

import pytest

from explorer.core.briefing import model as bm
from explorer.core.briefing.store import dumps, load_briefing, save_briefing
from explorer.core.errors import ExplorerError
from explorer.core.evidence.notes import EvidenceNotes, with_summary, with_tag
from explorer.core.evidence.themes import CODE, TOPIC, MatrixSpec


def _briefing() -> bm.Briefing:
    notes = with_summary(EvidenceNotes(), "age_band", "lfr", "18–24", "  Young people worry.  ")
    notes = with_tag(notes, "age_band", "lfr", "expands", "the voices give the reasons")
    slide = bm.make_slide("Matrix", view=bm.View(layout="matrix"))
    slide = bm.replace(slide, matrix=MatrixSpec("age_band", ((TOPIC, "lfr"), (CODE, "g-1")), "lfr"))
    return bm.set_evidence(bm.add_slide(bm.Briefing(), slide), notes)


def test_notes_and_matrix_slide_round_trip(tmp_path) -> None:
    briefing = _briefing()
    assert briefing.evidence.summary("age_band", "lfr", "18–24") == "Young people worry."
    assert briefing.evidence.tag("age_band", "lfr").tag == "expands"
    path = tmp_path / "b.briefing.json"
    save_briefing(briefing, path)
    back = load_briefing(path)
    assert back.evidence == briefing.evidence
    assert back.slides[0].matrix == briefing.slides[0].matrix
    assert back.slides[0].view.layout == "matrix"


def test_notes_are_written_only_when_set() -> None:
    plain = json.loads(dumps(bm.add_slide(bm.Briefing())))
    assert "evidence" not in plain and "matrix" not in plain["slides"][0]


def test_clearing_a_note_removes_it() -> None:
    notes = _briefing().evidence
    notes = with_summary(notes, "age_band", "lfr", "18–24", "   ")
    notes = with_tag(notes, "age_band", "lfr", None)
    assert notes.empty


def test_a_bad_tag_is_refused_in_words(tmp_path) -> None:
    obj = json.loads(dumps(_briefing()))
    obj["evidence"]["tags"][0]["tag"] = "proves"
    path = tmp_path / "bad.briefing.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    with pytest.raises(ExplorerError) as caught:
        load_briefing(path)
    assert "bad.briefing.json" in caught.value.message and "proves" in caught.value.message
    with pytest.raises(ExplorerError):
        with_tag(EvidenceNotes(), "a", "b", "proves")
