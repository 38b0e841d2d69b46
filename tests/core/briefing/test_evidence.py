"""Tests for a slide's evidence: tables under the slide's filter equal a numpy computation, and
quotes follow the slide's codes and profile filter."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core.briefing.evidence import slide_filter_description, slide_quotes, slide_tables
from explorer.core.briefing.model import make_slide, view_from_state
from explorer.core.dimensions import normalise
from explorer.core.errors import ExplorerError
from explorer.core.filter_state import FilterState, with_codes, with_cross, with_value
from explorer.core.qual.model import Case, Code, Project, Segment, Source
from tests.core.export.fixtures import small_survey


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
    description = slide_filter_description(slide, survey, None)
    assert "18–24" in description and "Strongly support" in description
    assert tables[0].filter_description == description


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
    assert [q.segment.guid for q in slide_quotes(everyone, project, survey)] == ["g1", "g2"]
    young = view_from_state(
        with_value(with_codes(FilterState(), ["k1", "k2"]), "age_band", normalise("18–24"))
    )
    assert [q.segment.guid for q in slide_quotes(make_slide("y", view=young), project, survey)] == [
        "g1"
    ]
    gone = make_slide("z", view=view_from_state(with_codes(FilterState(), ["deleted"])))
    assert slide_quotes(gone, project, survey) == []
