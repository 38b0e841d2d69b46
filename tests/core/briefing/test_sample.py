"""Tests for the bundled sample briefing: it opens, its questions, codes and quotes exist in the
committed sample data, its recorded hashes are current, and every percentage in a takeaway is
within a point of what the sample survey computes."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from explorer.core.briefing.datacheck import check_data, check_quotes
from explorer.core.briefing.sample import BRIEFING_PATH, CLAIMS, build_sample_briefing
from explorer.core.briefing.store import load_briefing, resolve_ref_path
from explorer.core.safe_files import sha256_of
from explorer.core.session import Session
from explorer.core.slides.content import build_content
from explorer.core.survey.table import Table
from tests.conftest import SAMPLE_DIR

SURVEY = SAMPLE_DIR / "london_survey.sav"
QUAL = SAMPLE_DIR / "london_focus_groups.qdpx"
pytestmark = pytest.mark.skipif(
    not (SURVEY.exists() and QUAL.exists() and BRIEFING_PATH.exists()),
    reason="the bundled sample data is not present",
)


def slide_tables(slide, survey, project=None):
    """The tables the slide shows, through the one content model every output renders."""
    from explorer.core.briefing.model import Briefing

    return build_content(Briefing(slides=(slide,)), 0, Session(survey, project)).tables


def slide_quotes(slide, project, survey=None):
    """Every quote the slide's filter finds (the slide shows its pinned ones)."""
    return Session(survey, project).quotes(slide.view.filter_state)


@pytest.fixture(scope="module")
def briefing():
    return load_briefing(BRIEFING_PATH)


@pytest.fixture(scope="module")
def survey():
    from explorer.core.survey.load import load_survey

    return load_survey(SURVEY)


@pytest.fixture(scope="module")
def project():
    from explorer.core.qual.load import load_project

    return load_project(QUAL)


def _charts(briefing):
    """The chart and quote slides (the evidence-matrix slides are checked on their own)."""
    return [s for s in briefing.slides if s.view.layout != "matrix"]


def test_shape_and_marking(briefing) -> None:
    assert 8 <= len(_charts(briefing)) <= 12
    assert briefing.marking == "OFFICIAL"
    assert all(s.title and s.takeaway and s.notes and s.view.questions for s in briefing.slides)


def test_matrix_slides_and_their_notes(briefing, survey, project) -> None:
    """A whole matrix and one row of it, computed by the matrix core, with the analyst's notes."""
    from explorer.core.slides.content import build_deck

    matrices = [s for s in briefing.slides if s.view.layout == "matrix"]
    assert [s.matrix.row for s in matrices] == [None, "lfr"]
    assert briefing.evidence.tag("age_band", "lfr").tag == "expands"
    from explorer.core.topics import load_topic_map

    session = Session(survey, project, load_topic_map())  # the rows are the map's topics
    contents = [c for c in build_deck(briefing, session) if c.layout == "matrix"]
    assert [len(c.matrix.rows) for c in contents] == [4, 1]
    assert all(not c.problem and len(c.matrix.groups) == 6 for c in contents)
    first = {"lfr": "q_tech_lfr", "ai": "q_ai_general", "confidence": "q_trust_met"}
    first["modernising"] = "q_support_newtech"
    for row in contents[0].matrix.rows:  # each topic read against its first question
        assert row.theme.question == first[row.theme.id]
    (lfr,) = contents[1].matrix.rows
    noted = [
        c.group.label
        for c in lfr.cells
        if briefing.evidence.summary("age_band", "lfr", c.group.key)
    ]
    assert noted == ["18–24", "35–44", "45–54", "55–64", "65+"]


def test_recorded_hashes_match_the_committed_data(briefing) -> None:
    """Fails when the sample data was regenerated: run `python -m explorer.core.briefing.sample`."""
    assert briefing.survey is not None and briefing.qual is not None
    survey_path = resolve_ref_path(briefing.survey, BRIEFING_PATH)
    qual_path = resolve_ref_path(briefing.qual, BRIEFING_PATH)
    assert survey_path == SURVEY and qual_path == QUAL
    assert briefing.survey.sha256 == sha256_of(SURVEY)
    assert briefing.qual.sha256 == sha256_of(QUAL)
    assert check_data(briefing, survey_path, qual_path) == []


def test_file_is_up_to_date_with_its_plan(briefing, project) -> None:
    rebuilt = build_sample_briefing(project)
    assert rebuilt.slides == briefing.slides
    assert replace(rebuilt.survey, modified="") == replace(briefing.survey, modified="")


def test_every_question_exists_in_the_survey(briefing, survey) -> None:
    for slide in briefing.slides:
        for question in slide.view.questions:
            assert question in survey.variables, f"{slide.title}: {question}"
        if slide.view.breakdown:
            assert slide.view.breakdown in survey.variables
        for question, _ in slide.view.filter.cross:
            assert question in survey.variables


def test_codes_and_pinned_quotes_exist_in_the_project(briefing, project) -> None:
    assert check_quotes(briefing, project) == []
    for slide in _charts(briefing):
        assert slide.view.filter.codes, slide.title
        assert 1 <= len(slide.quotes) <= 2, slide.title
        # The slide's own filter finds each pinned quote.
        found = {(q.segment.source, q.segment.start) for q in slide_quotes(slide, project, None)}
        assert all((q.source, q.start) in found for q in slide.quotes), slide.title


def _cell(table: Table, row_key: float | str, column_key: float | str) -> float:
    row = next(r for r in table.rows if r.code == row_key)
    index = next(i for i, c in enumerate(table.columns) if c.key == column_key)
    value = row.cells[index].percent
    assert value is not None
    return value


def test_takeaway_percentages_match_the_sample(briefing, survey, project) -> None:
    checked = 0
    for slide in briefing.slides:
        in_text = {int(p) for p in re.findall(r"(\d+)%", slide.takeaway)}
        claims = CLAIMS.get(slide.id, ())
        assert in_text == {c.percent for c in claims}, slide.title
        tables = {t.question: t for t in slide_tables(slide, survey, project)}
        for claim in claims:
            value = _cell(tables[claim.question], claim.row, claim.column)
            if claim.at_least:
                assert value >= claim.percent - 1, (slide.title, claim, value)
            else:
                assert abs(value - claim.percent) <= 1, (slide.title, claim, value)
            checked += 1
    assert checked >= 15


def test_lfr_opposers_slide_is_cross_filtered(briefing, survey, project) -> None:
    slide = next(s for s in briefing.slides if "$concerns" in s.view.questions)
    assert dict(slide.view.filter.cross) == {"q_tech_lfr": frozenset({4.0, 5.0})}
    filtered = slide_tables(slide, survey, project)[0]
    everyone = slide_tables(
        replace(slide, view=replace(slide.view, filter=replace(slide.view.filter, cross=()))),
        survey,
    )[0]
    assert filtered.columns[0].unweighted_base < everyone.columns[0].unweighted_base
    # What the slide says: concern about privacy is higher among opposers than overall.
    privacy = "q_concern_privacy"
    assert _cell(filtered, privacy, "all") > _cell(everyone, privacy, "all")


@pytest.mark.slow
def test_whole_sample_exports_to_pptx(briefing, survey, project, tmp_path) -> None:
    from pptx import Presentation

    from explorer.core.export.pptx import export_briefing_pptx
    from explorer.core.export.provenance import provenance_for
    from explorer.core.slides.content import build_deck

    path = tmp_path / "london.pptx"
    contents = build_deck(briefing, Session(survey, project))
    export_briefing_pptx(contents, path, provenance_for(survey=survey, project=project))
    prs = Presentation(str(path))
    assert len(prs.slides) == len(briefing.slides)
    assert [s.shapes.title.text for s in prs.slides] == [s.title for s in briefing.slides]
