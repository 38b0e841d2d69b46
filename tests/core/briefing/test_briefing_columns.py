"""An export reads only the survey variables its briefing's slides use, and every slide comes out
exactly as it does from the whole file."""

from __future__ import annotations

from dataclasses import replace

from explorer.core.briefing.columns import briefing_columns
from explorer.core.briefing.store import load_briefing
from explorer.core.export.provenance import provenance_for
from explorer.core.sample_files import SAMPLE_BRIEFING, SAMPLE_QUAL, SAMPLE_SURVEY
from explorer.core.session import load_session
from explorer.core.slides.content import build_deck


def test_sample_briefing_reads_fewer_columns_and_gives_the_same_slides():
    briefing = load_briefing(SAMPLE_BRIEFING)
    wanted = briefing_columns(briefing)
    assert wanted is not None
    full = load_session(SAMPLE_SURVEY, SAMPLE_QUAL)
    part = load_session(SAMPLE_SURVEY, SAMPLE_QUAL, columns=wanted)
    assert len(part.survey.variables) < len(full.survey.variables)
    for name in wanted:  # a variable, or a multiple-response set ("$name")
        assert name in part.survey.variables
    assert build_deck(briefing, part) == build_deck(briefing, full)
    assert provenance_for(survey=part.survey) == provenance_for(survey=full.survey)


def test_a_slide_without_questions_reads_everything():
    briefing = load_briefing(SAMPLE_BRIEFING)
    first = briefing.slides[0]
    emptied = replace(first, view=replace(first.view, questions=()))
    assert briefing_columns(replace(briefing, slides=(emptied, *briefing.slides[1:]))) is None
