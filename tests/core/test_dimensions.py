"""Dimensions: matching the two halves by name and wording, and turning a FilterState into a
survey mask and a participant filter, checked against numpy on the raw arrays."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import dimension_filters as dim_filters
from explorer.core import dimensions as dm
from explorer.core import filter_state as fs
from explorer.core import filter_words
from tests.ui.small_data import small_project, small_survey

SURVEY = small_survey()
PROJECT = small_project()
DIMS = {d.key: d for d in dm.build_dimensions(SURVEY, PROJECT)}


def test_normalise_folds_dashes_case_and_space() -> None:
    assert (
        dm.normalise("18–24") == dm.normalise("18-24") == dm.normalise(" 18 — 24 ".replace(" ", ""))
    )
    assert dm.normalise("Born  in the UK") == "born in the uk"


def test_shared_survey_only_and_qual_only_dimensions() -> None:
    assert DIMS["age_band"].scope == dm.BOTH
    assert DIMS["gender"].scope == dm.BOTH
    assert DIMS["vote_intention"].scope == dm.SURVEY_ONLY
    assert DIMS["qual:Group"].scope == dm.QUAL_ONLY
    # opinions are not profile dimensions
    assert "q_tech_lfr" not in DIMS and "weight" not in DIMS


def test_values_matched_across_dash_spellings_and_the_edited_link() -> None:
    age = DIMS["age_band"]
    assert set(age.value("18-24").qual_values) == {"18-24", "18–24"}
    assert age.value("16-17").survey_code is None  # only the focus groups have it
    born = DIMS["born_uk"]
    assert born.value("born in the uk").qual_values == ("Yes",)
    # without the link, the wording differs and the attribute stays focus-groups-only
    plain = {d.key: d for d in dm.build_dimensions(SURVEY, PROJECT, links=())}
    assert plain["born_uk"].scope == dm.SURVEY_ONLY
    assert plain["qual:Born in the UK"].scope == dm.QUAL_ONLY


def test_user_missing_codes_are_not_filter_values() -> None:
    assert [v.label for v in DIMS["gender"].values] == ["Man", "Woman"]


def test_mask_matches_numpy_on_raw_arrays() -> None:
    state = fs.with_value(fs.with_value(fs.FilterState(), "age_band", "18-24"), "age_band", "55+")
    state = fs.with_value(state, "gender", "woman")
    state = fs.with_cross(state, "q_tech_lfr", [4.0, 5.0])
    mask = dim_filters.survey_mask(SURVEY, state, DIMS.values())
    age = np.asarray(SURVEY.columns["age_band"], dtype=float)
    gender = np.asarray(SURVEY.columns["gender"], dtype=float)
    lfr = np.asarray(SURVEY.columns["q_tech_lfr"], dtype=float)
    expected = np.isin(age, [1, 4]) & (gender == 2) & np.isin(lfr, [4, 5])
    assert expected.sum() > 0
    assert np.array_equal(mask, expected)


def test_qual_only_dimension_does_not_touch_the_survey() -> None:
    state = fs.with_value(fs.FilterState(), "qual:Group", "group 1")
    assert dim_filters.survey_mask(SURVEY, state, DIMS.values()).all()
    assert dim_filters.matching_cases(PROJECT, state, DIMS.values()) == {
        "case-P01",
        "case-P02",
        "case-P03",
    }


def test_value_counts_ignore_own_dimension_but_apply_others() -> None:
    state = fs.with_value(fs.with_value(fs.FilterState(), "age_band", "18-24"), "gender", "man")
    counts = dim_filters.value_counts(SURVEY, state, list(DIMS.values()), DIMS["age_band"])
    age = np.asarray(SURVEY.columns["age_band"], dtype=float)
    men = np.asarray(SURVEY.columns["gender"], dtype=float) == 1
    assert counts == {
        v.key: int(((age == v.survey_code) & men).sum())
        for v in DIMS["age_band"].values
        if v.survey_code is not None
    }


def test_participant_counts_and_where_use_every_spelling() -> None:
    state = fs.with_value(fs.FilterState(), "age_band", "18-24")
    assert dim_filters.matching_cases(PROJECT, state, DIMS.values()) == {"case-P01", "case-P04"}
    women = fs.with_value(fs.FilterState(), "gender", "woman")
    counts = dim_filters.participant_counts(PROJECT, women, list(DIMS.values()), DIMS["age_band"])
    assert counts["18-24"] == 1 and counts["55+"] == 1 and counts["25-34"] == 0


def test_survey_only_value_keeps_no_participant() -> None:
    state = fs.with_value(fs.FilterState(), "age_band", "16-17")
    assert not dim_filters.survey_mask(SURVEY, state, DIMS.values()).any()
    assert dim_filters.matching_cases(PROJECT, state, DIMS.values()) == {"case-P06"}


def test_describe_names_dimensions_and_cross_filters() -> None:
    state = fs.with_value(fs.FilterState(), "age_band", "18-24")
    state = fs.with_cross(state, "q_tech_lfr", [5.0])
    text = filter_words.describe(state, DIMS.values(), SURVEY)
    assert text == "Age 18–24; Live facial recognition: Strongly oppose"
    assert filter_words.describe(fs.FilterState(), DIMS.values(), SURVEY) == "All respondents"


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from([v.key for v in DIMS["age_band"].values])))
def test_allowing_every_value_equals_no_filter_on_answered(keys) -> None:
    state = fs.with_values(fs.FilterState(), "age_band", keys)
    mask = dim_filters.survey_mask(SURVEY, state, DIMS.values())
    if not keys:
        assert mask.all()
    else:
        codes = [DIMS["age_band"].value(k).survey_code for k in keys]
        age = np.asarray(SURVEY.columns["age_band"], dtype=float)
        assert np.array_equal(mask, np.isin(age, [c for c in codes if c is not None]))


def test_links_round_trip_through_json_and_reject_damage() -> None:
    import pytest

    from explorer.core.errors import ExplorerError

    links = (*dm.DEFAULT_LINKS, dm.DimensionLink("vote_intention", "Vote", (("Labour", "Lab"),)))
    assert dm.links_from_json(dm.links_to_json(links)) == links
    with pytest.raises(ExplorerError):
        dm.links_from_json("{not json")
    with pytest.raises(ExplorerError):
        dm.links_from_json('[{"qual": "Age"}]')


def test_an_edited_link_joins_differently_worded_values() -> None:
    link = dm.DimensionLink("vote_intention", "Group", (("Labour", "Group 1"),))
    dims = {d.key: d for d in dm.build_dimensions(SURVEY, PROJECT, (*dm.DEFAULT_LINKS, link))}
    vote = dims["vote_intention"]
    assert vote.scope == dm.BOTH and "qual:Group" not in dims
    assert vote.value("labour").qual_values == ("Group 1",)
    assert vote.value("group 2").survey_code is None  # only the focus groups have it


def test_an_empty_link_unmatches_a_variable_matched_by_name() -> None:
    dims = {
        d.key: d for d in dm.build_dimensions(SURVEY, PROJECT, (dm.DimensionLink("gender", ""),))
    }
    assert dims["gender"].scope == dm.SURVEY_ONLY
    assert dims["qual:Gender"].scope == dm.QUAL_ONLY


def test_participant_counts_follow_the_value_mapping_as_ticking_does() -> None:
    """Each value's "n in groups" is the number of participants ticking it keeps, for mapped
    values too ("Born in the UK" is recorded "Yes" in the focus groups)."""
    from explorer.core.session import SAMPLE_QUAL, SAMPLE_SURVEY, load_session

    session = load_session(SAMPLE_SURVEY, SAMPLE_QUAL)
    project, dims = session.project, session.dimensions
    born = session.dimension("born_uk")
    assert born is not None and born.qual_attribute is not None
    checked = 0
    for dim in dims:
        counts = dim_filters.participant_counts(project, fs.FilterState(), dims, dim)
        for value in dim.values if dim.qual_attribute and dim.target == "case" else ():
            ticked = fs.with_value(fs.FilterState(), dim.key, value.key)
            # independent count: the participants whose attribute is one of the value's spellings
            expected = sum(
                1
                for case in project.cases.values()
                if case.attribute(dim.qual_attribute).strip() in value.qual_values
            )
            assert (
                counts[value.key]
                == expected
                == len(dim_filters.matching_cases(project, ticked, dims))
            )
            checked += 1
    assert checked > 10
    uk = next(v for v in born.values if v.label == "Born in the UK")
    assert dim_filters.participant_counts(project, fs.FilterState(), dims, born)[uk.key] > 0


def test_counted_agrees_in_number() -> None:
    from explorer.core.survey.formatting import counted

    assert counted(1, "participant") == "1 participant"
    assert counted(0, "participant") == "0 participants"
    assert counted(1050, "respondent") == "1,050 respondents"
    assert counted(2, "person", "people") == "2 people"
