"""What a matrix request reads, decided from metadata written here by hand in pyreadstat's shape:
every variable that could become a profile dimension or weight, the named and pattern-matched
questions, whole multiple-response and prefix sets — and nothing else."""

from __future__ import annotations

from types import SimpleNamespace

from explorer.core.evidence.matrix_columns import MatrixColumns
from explorer.core.survey.column_subset import needed_columns

YES_NO = {1.0: "Yes", 0.0: "No"}


def _meta(**extra):
    names = [
        "id",
        "home_area",
        "age_band",
        "q1",
        "q2",
        "wgt_design",
        "bmi_weight",
        "q_a",
        "q_b",
        "q_c",
        "q_d",
        "m_1",
        "m_2",
    ]
    labels = {
        "id": "Respondent",
        "home_area": "Borough",  # matches the focus groups' attribute by label
        "age_band": "Age band",  # a profile name
        "wgt_design": "Design weight",
        "bmi_weight": "Body weight (kg)",  # not a survey weight
        "q_a": "Used: CCTV",
        "q_b": "Used: ANPR",
        "q_c": "Used: opinion",
        "q_d": "Used: drones",
    }
    meta = SimpleNamespace(
        column_names=names,
        column_labels=[labels.get(n) for n in names],
        mr_sets={"media": {"variable_list": ["m_1", "m_2"]}},
        variable_value_labels={
            "q_a": YES_NO,
            "q_b": YES_NO,
            "q_c": {1.0: "Agree", 2.0: "Disagree"},  # labelled, never "selected": no item
            "q_d": {9.0: "Refused"},  # only a missing code labelled: the data decide
        },
        missing_ranges={"q_d": [{"lo": 9.0, "hi": 9.0}]},
    )
    for key, value in extra.items():
        setattr(meta, key, value)
    return meta


def _request(names=(), patterns=(), attributes=("Borough",), links=()):
    return MatrixColumns(tuple(attributes), tuple(links), tuple(patterns), tuple(names))


def test_dimensions_weights_and_the_question_only() -> None:
    got = _request(names=["Q1"]).columns_of(_meta())
    assert got == ["home_area", "age_band", "q1", "wgt_design"]


def test_a_link_keeps_its_variable_even_without_a_matching_label() -> None:
    got = _request(names=["q1"], links=["q2"], attributes=()).columns_of(_meta())
    assert got == ["age_band", "q1", "q2", "wgt_design"]


def test_an_unknown_name_reads_everything() -> None:
    assert _request(names=["nope"]).columns_of(_meta()) is None
    assert needed_columns([_request(names=["nope"])], _meta()) is None


def test_a_prefix_item_brings_its_possible_siblings_not_the_labelled_others() -> None:
    got = _request(names=["q_a"], attributes=()).columns_of(_meta())
    assert {"q_a", "q_b", "q_d"} <= set(got) and "q_c" not in got
    # without value labels every sibling might be an item, so all come
    bare = _request(names=["q_a"], attributes=()).columns_of(_meta(variable_value_labels={}))
    assert {"q_a", "q_b", "q_c", "q_d"} <= set(bare)


def test_a_set_item_brings_its_whole_set_and_patterns_name_sets() -> None:
    assert {"m_1", "m_2"} <= set(_request(names=["m_2"]).columns_of(_meta()))
    assert {"m_1", "m_2"} <= set(_request(patterns=["$med*"]).columns_of(_meta()))
    assert {"m_1", "m_2"} <= set(_request(names=["$media"]).columns_of(_meta()))
    by_stem = set(_request(patterns=["q_*"], attributes=()).columns_of(_meta()))
    assert {"q_a", "q_b", "q_c", "q_d"} <= by_stem and "q1" not in by_stem


def test_needed_columns_takes_the_request_with_other_names() -> None:
    got = needed_columns([_request(names=["q1"]), "q2"], _meta())
    assert got == ["home_area", "age_band", "q1", "q2", "wgt_design"]
