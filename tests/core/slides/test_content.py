"""Tests for a slide's content: tables under the slide's filter equal a numpy computation, quotes
follow the slide's codes and profile filter, and captions name only the filters that apply."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core.briefing.model import Briefing, make_slide, view_from_state
from explorer.core.dimensions import normalise
from explorer.core.errors import ExplorerError
from explorer.core.filter_state import FilterState, with_codes, with_cross, with_value
from explorer.core.qual.model import Case, Code, Project, Segment, Source
from explorer.core.session import Session
from explorer.core.slides.content import build_content
from tests.core.export.fixtures import small_survey


def _content(slide, survey=None, project=None):
    return build_content(Briefing(slides=(slide,)), 0, Session(survey, project))


def slide_tables(slide, survey, project=None):
    content = _content(slide, survey, project)
    if content.problem:
        raise ExplorerError(content.problem)
    return content.tables


def slide_quotes(slide, project, survey=None):
    from dataclasses import replace

    slide = replace(slide, view=replace(slide.view, layout="quotes"))
    return _content(slide, survey, project).quotes


def test_tables_follow_profile_and_cross_filters() -> None:
    survey = small_survey()
    state = with_cross(
        with_value(FilterState(), "age_band", normalise("18–24")), "q_tech_lfr", [1.0, 2.0]
    )
    slide = make_slide("x", view=view_from_state(state, ["q_tech_lfr", "label_q"]))
    tables = slide_tables(slide, survey)
    age, lfr, w = survey.values("age_band"), survey.values("q_tech_lfr"), survey.weights()
    keep = (age == 1) & np.isin(lfr, [1, 2])
    assert [t.question for t in tables] == ["q_tech_lfr", "label_q"]
    assert tables[1].columns[0].unweighted_base == int(keep.sum())
    lab = survey.values("label_q")
    row = next(r for r in tables[1].rows if r.code == 1.0)
    assert row.cells[0].percent == pytest.approx(100 * w[keep & (lab == 1)].sum() / w[keep].sum())
    description = tables[0].filter_description
    assert "18–24" in description and "Strongly support" in description
    assert _content(slide, survey).survey_lines[0].startswith(f"Base: {description};")


def test_unknown_question_is_an_explorer_error() -> None:
    slide = make_slide("x", view=view_from_state(FilterState(), ["nope"]))
    with pytest.raises(ExplorerError):
        slide_tables(slide, small_survey())


def _project() -> Project:
    text = "P01: Privacy matters to me.\nP02: It depends on context.\n"
    cases = {
        "c1": Case("c1", "P01", (("Age", "18–24"),)),
        "c2": Case("c2", "P02", (("Age", "35+"),)),
    }
    segments = [
        Segment("g1", "s1", 5, 27, text[5:27], ("k1",), case="c1", speaker="P01", turn=0),
        Segment("g2", "s1", 33, 55, text[33:55], ("k2",), case="c2", speaker="P02", turn=1),
    ]
    return Project(
        name="p.qdpx",
        codes={"k1": Code("k1", "Privacy"), "k2": Code("k2", "Depends on context")},
        cases=cases,
        sources={"s1": Source("s1", "Group 1", text)},
        segments=segments,
    )


def test_quotes_follow_codes_and_profile() -> None:
    project = _project()
    survey = small_survey()
    everyone = make_slide("x", view=view_from_state(with_codes(FilterState(), ["k1", "k2"])))
    assert [q.text for q in slide_quotes(everyone, project, survey)] == [
        "Privacy matters to me.",
        "It depends on context.",
    ]
    young = view_from_state(
        with_value(with_codes(FilterState(), ["k1", "k2"]), "age_band", normalise("18–24"))
    )
    shown = slide_quotes(make_slide("y", view=young), project, survey)
    assert [q.text for q in shown] == ["Privacy matters to me."]
    gone = make_slide("z", view=view_from_state(with_codes(FilterState(), ["deleted"])))
    assert slide_quotes(gone, project, survey) == ()
