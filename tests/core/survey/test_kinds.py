"""Kind inference: scales and their nets, nominal vs numeric, ids, weights and prefix MR sets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.survey import kinds
from explorer.core.survey.model import Kind, Variable

AGREE5 = [
    "Strongly agree",
    "Tend to agree",
    "Neither agree nor disagree",
    "Tend to disagree",
    "Strongly disagree",
]


def _infer(labels, *, values=None, **kwargs):
    pairs = list(enumerate(labels, start=1)) if isinstance(labels, list) else list(labels.items())
    values = np.array([c for c, _ in pairs] * 3, dtype=float) if values is None else values
    return kinds.infer_variable("q", "Question", values, value_labels=pairs, **kwargs)


@pytest.mark.parametrize(
    "labels, positive, negative",
    [
        (AGREE5, "agree", "disagree"),
        (AGREE5[::-1], "agree", "disagree"),
        (
            ["Trust a lot", "Trust somewhat", "Distrust somewhat", "Distrust a lot"],
            "trust",
            "distrust",
        ),
        (
            ["Very likely", "Fairly likely", "Not very likely", "Not at all likely"],
            "likely",
            "unlikely",
        ),
        (
            ["Very good", "Fairly good", "Neither good nor poor", "Fairly poor", "Very poor"],
            "top",
            "bottom",
        ),
        (
            [
                "Strongly support",
                "Support",
                "Slightly support",
                "Neither",
                "Slightly oppose",
                "Oppose",
                "Strongly oppose",
            ],
            "support",
            "oppose",
        ),
    ],
)
def test_worded_scales_get_nets(labels, positive, negative):
    var = _infer(labels)
    assert var.kind is Kind.SCALE
    nets = {n.key: n.codes for n in var.nets}
    # Expected sides recomputed from the wording, independently of the module.
    neg_words = ("disagree", "distrust", "not", "poor", "oppose")
    neutral = ("neither", "nor")
    want_neg = tuple(
        float(i)
        for i, t in enumerate(labels, 1)
        if any(w in t.lower() for w in neg_words) and not any(w in t.lower() for w in neutral)
    )
    want_pos = tuple(
        float(i)
        for i, t in enumerate(labels, 1)
        if float(i) not in want_neg and not any(w in t.lower().split() for w in ("neither",))
    )
    assert nets == {positive: want_pos, negative: want_neg}
    assert var.net_scores[0][2:] == (positive, negative)


@pytest.mark.parametrize(
    "labels",
    [
        ["Labour", "Conservative", "Liberal Democrat", "Green", "Reform UK"],
        ["Yes", "No"],
        ["Too much power", "About the right amount", "Not enough power"],
        ["Support", "Neither", "Oppose"],  # 3-point: not a 4–7 point scale
        ["Strongly agree", "Agree", "Strongly disagree"],  # not symmetric
    ],
)
def test_other_labelled_variables_are_nominal(labels):
    var = _infer(labels)
    assert var.kind is Kind.NOMINAL and var.nets == ()


def test_nets_skip_declared_and_worded_non_substantive_codes():
    labels = {1: "Strongly agree", 2: "Agree", 3: "Disagree", 4: "Strongly disagree"}
    labels |= {97: "Refused", 98: "Don't know", 9999: "Prefer not to say", 5: "Agree (proxy)"}
    var = _infer(labels, missing_values=[5])
    assert var.kind is Kind.SCALE
    assert {n.key: n.codes for n in var.nets} == {"agree": (1.0, 2.0), "disagree": (3.0, 4.0)}


@settings(max_examples=60, deadline=None)
@given(
    codes=st.lists(st.integers(-9, 100), min_size=7, max_size=7, unique=True),
    reverse=st.booleans(),
)
def test_nets_never_hold_non_substantive_codes(codes, reverse):
    words = [
        "Strongly support",
        "Somewhat support",
        "Neither support nor oppose",
        "Somewhat oppose",
        "Strongly oppose",
    ]
    words = words[::-1] if reverse else words
    scale = sorted(codes[:5])
    labels = dict(zip(scale, words)) | {codes[5]: "Don't know", codes[6]: "Refused"}
    var = _infer(labels)
    assert var.kind is Kind.SCALE
    support = {float(c) for c, t in labels.items() if "support" in t and "oppose" not in t}
    oppose = {float(c) for c, t in labels.items() if "oppose" in t and "support" not in t}
    nets = {n.key: set(n.codes) for n in var.nets}
    assert nets == {"support": support, "oppose": oppose}


def test_ordinal_measure_without_wording_gets_top_and_bottom():
    var = _infer(["Low", "Middling", "High", "Very high", "Don't know"], measure="ordinal")
    assert var.kind is Kind.SCALE
    assert [(n.key, n.label, n.codes) for n in var.nets] == [
        ("top", "Top 2 (net)", (1.0, 2.0)),
        ("bottom", "Bottom 2 (net)", (3.0, 4.0)),
    ]


def test_numeric_text_date_and_ids():
    rng = np.random.default_rng(0)
    ages = rng.integers(18, 90, 200).astype(float)
    assert kinds.infer_variable("age", "Age", ages).kind is Kind.NUMERIC
    # A few labels on a many-valued number (999 "Refused") keep it numeric.
    assert (
        kinds.infer_variable("age", "Age", ages, value_labels={999: "Refused"}).kind is Kind.NUMERIC
    )
    ids = np.arange(1, 201)
    assert (
        kinds.infer_variable("resp_id", "ID", ids, value_labels={1: "first"}).kind is Kind.NUMERIC
    )
    assert kinds.is_id_like("resp_id", ids) and not kinds.is_id_like("resp_id", np.r_[ids, 1])
    assert not kinds.is_id_like("age", ids)
    assert kinds.infer_variable("c", "C", pd.Series(["a", "b"], dtype=object)).kind is Kind.TEXT
    dates = pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01"]))
    assert kinds.infer_variable("d", "D", dates).kind is Kind.DATE


def test_unlabelled_codes_in_data_are_added_in_code_order():
    var = _infer({1: "Yes", 2: "No"}, values=np.array([1, 2, 3, 2, 1], dtype=float))
    assert var.value_labels == ((1.0, "Yes"), (2.0, "No"), (3.0, "3"))


@pytest.mark.parametrize(
    "label", ["Don't know", "Don’t know", "DK", "Prefer not to say", "Refused", "Not sure", "N/A"]
)
def test_non_substantive_labels(label):
    assert kinds.is_non_substantive(label)


@pytest.mark.parametrize(
    "label", ["Strongly agree", "Known offender", "Not enough power", "Knowledge"]
)
def test_substantive_labels(label):
    assert not kinds.is_non_substantive(label)


def test_weight_candidates_by_name_and_label():
    def num(name, label=""):
        return Variable(name, label or name, Kind.NUMERIC)

    found = kinds.weight_candidates(
        {
            v.name: v
            for v in [
                num("wt"),
                num("age"),
                num("final_weight"),
                num("w1", "Design weighting"),
                num("weighted_n"),
            ]
        }
    )
    assert found == ["wt", "final_weight", "w1"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.01, 50, allow_nan=False), min_size=1, max_size=50))
def test_check_weights_notes_mean_away_from_one(weights):
    mean = float(np.mean(np.asarray(weights)))
    notes = kinds.check_weights("wt", np.asarray(weights))
    assert any("averages" in n for n in notes) == (abs(mean - 1) > 0.01)


def test_prefix_sets_need_two_dichotomies_sharing_a_prefix():
    frame = pd.DataFrame(
        {
            "q5_1": [1, 2, 1],
            "q5_2": [2, 2, 1],
            "q5_3": [1, 1, 1],
            "q6_a": [0, 1, 0],
            "q7_only": [0, 1, 1],
            "q8_x": [1, 2, 3],
            "q8_y": [1, 2, 3],
        }
    )
    yes_no = ((1.0, "Yes"), (2.0, "No"))
    variables = {
        "q5_1": Variable("q5_1", "Sources - TV", Kind.NOMINAL, value_labels=yes_no),
        "q5_2": Variable("q5_2", "Sources - Radio", Kind.NOMINAL, value_labels=yes_no),
        "q5_3": Variable("q5_3", "Sources - Press", Kind.NOMINAL, value_labels=yes_no),
        "q6_a": Variable("q6_a", "Six", Kind.NUMERIC),
        "q7_only": Variable("q7_only", "Seven", Kind.NUMERIC),
        "q8_x": Variable(
            "q8_x", "Eight", Kind.NOMINAL, value_labels=((1.0, "A"), (2.0, "B"), (3.0, "C"))
        ),
        "q8_y": Variable(
            "q8_y", "Eight", Kind.NOMINAL, value_labels=((1.0, "A"), (2.0, "B"), (3.0, "C"))
        ),
    }
    sets = kinds.prefix_sets(variables, frame)
    assert [(s.name, s.members, s.counted_value, s.label) for s in sets] == [
        ("q5_", ("q5_1", "q5_2", "q5_3"), 1.0, "Sources")
    ]
    assert kinds.prefix_sets(variables, frame, taken=["q5_1", "q5_2"]) == []


def test_ordinal_bands_of_a_number_get_no_nets():
    var = _infer(["18-24", "25-34", "35-54", "55+", "Prefer not to say"], measure="ordinal")
    assert var.kind is Kind.SCALE and var.nets == () and var.net_scores == ()


# --- nets that make sense (issue 11, part 3) ------------------------------------------------------
@pytest.mark.parametrize(
    "label",
    [
        "Refusal",
        "Refused to answer",
        "Prefer not to answer",
        "Can't choose",
        "Can’t choose",
        "Cannot choose",
        "Not applicable",
        "Inapplicable",
        "Declined to answer",
        "No response",
    ],
)
def test_more_non_answers_are_recognised(label):
    assert kinds.is_non_substantive(label)


@pytest.mark.parametrize("label", ["Refuse collection", "Crime has declined", "Naples"])
def test_words_that_only_look_like_non_answers(label):
    assert not kinds.is_non_substantive(label)


def test_refusal_no_longer_blocks_the_nets_of_an_agree_scale():
    labels = {1: "Agree strongly", 2: "Agree", 3: "Neither agree nor disagree", 4: "Disagree"}
    labels |= {5: "Disagree strongly", 8: "Can't choose", 9: "Refusal"}
    var = _infer(labels)
    assert var.kind is Kind.SCALE
    assert [(n.label, n.codes) for n in var.nets] == [
        ("Agree (net)", (1.0, 2.0)),
        ("Disagree (net)", (4.0, 5.0)),
    ]
    assert var.net_scores == (("net", "Net agree", "agree", "disagree"),)


@pytest.mark.parametrize(
    "label, points",
    [
        ("Household income decile", [f"Decile {i}" for i in range(1, 11)]),
        ("Income", ["Lowest decile", "2nd decile", "3rd decile", "4th decile", "Highest decile"]),
        ("Age group", ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]),
        ("Q7", ["Under £10,000", "£10,000–£19,999", "£20,000–£39,999", "£40,000 or more"]),
        ("How often do you walk?", ["Every day", "Several times a week", "Once a month", "Never"]),
        ("Q9", ["Always", "Often", "Sometimes", "Rarely", "Never"]),
    ],
)
def test_ordered_amounts_and_frequencies_get_no_top_2(label, points):
    var = kinds.infer_variable(
        "x",
        label,
        np.arange(1, len(points) + 1, dtype=float),
        value_labels={i + 1: t for i, t in enumerate(points)} | {99: "Refusal"},
        measure="ordinal",
    )
    assert var.kind is Kind.SCALE and var.nets == () and var.net_scores == ()


def test_an_unworded_ordinal_attitude_still_gets_top_2():
    points = ["A great deal", "Quite a lot", "Not very much", "None at all"]
    var = kinds.infer_variable(
        "conf",
        "Confidence in the police",
        np.arange(1, 5, dtype=float),
        value_labels={i + 1: t for i, t in enumerate(points)},
        measure="ordinal",
    )
    assert [n.label for n in var.nets] == ["Top 2 (net)", "Bottom 2 (net)"]
