"""Kish's effective base, weighted counting by code and the choice of weights, against numpy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from explorer.core.errors import ExplorerError
from explorer.core.survey.model import Kind, SourceInfo, Survey, Variable
from explorer.core.survey.weighting import effective_base, table_weights, weighted_counts

positive_weights = arrays(
    np.float64,
    st.integers(min_value=1, max_value=200),
    elements=st.floats(min_value=0.01, max_value=100, allow_nan=False),
)


@settings(max_examples=100, deadline=None)
@given(positive_weights)
def test_effective_base_is_kish(w) -> None:
    expected = sum(w) ** 2 / sum(x * x for x in w)
    assert effective_base(w) == pytest.approx(expected, rel=1e-9)
    # Never more than the number of respondents; equal to it only when weights are equal.
    assert effective_base(w) <= len(w) * (1 + 1e-9)


@settings(max_examples=50, deadline=None)
@given(positive_weights, st.floats(min_value=0.001, max_value=1000))
def test_effective_base_ignores_scale(w, factor) -> None:
    assert effective_base(w * factor) == pytest.approx(effective_base(w), rel=1e-9)


def test_effective_base_of_equal_weights_is_n_and_of_nothing_is_zero() -> None:
    assert effective_base(np.full(37, 2.5)) == pytest.approx(37)
    assert effective_base(np.array([])) == 0.0
    assert effective_base(np.zeros(4)) == 0.0


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=8), st.integers(min_value=0, max_value=2**31))
def test_weighted_counts_match_a_loop(n_codes, seed) -> None:
    rng = np.random.default_rng(seed)
    index = rng.integers(0, n_codes, size=rng.integers(0, 300))
    w = rng.uniform(0, 3, size=index.size)
    expected = np.zeros(n_codes)
    for i, weight in zip(index, w):
        expected[i] += weight
    np.testing.assert_allclose(weighted_counts(index, w, n_codes), expected)
    unweighted = weighted_counts(index, None, n_codes)
    np.testing.assert_array_equal(unweighted, [np.sum(index == k) for k in range(n_codes)])


def _survey(weights) -> Survey:
    frame = pd.DataFrame(
        {"q": [1, 2, 3], "w": weights, "alt": [2.0, 2.0, 2.0], "t": ["a", "b", "c"]}
    )
    variables = {
        "q": Variable("q", "Q", Kind.NOMINAL),
        "w": Variable("w", "Weight", Kind.WEIGHT),
        "alt": Variable("alt", "Other weight", Kind.WEIGHT),
        "t": Variable("t", "Text", Kind.TEXT),
    }
    return Survey.from_frame(frame, variables, SourceInfo("s.sav", "spss"), weight="w")


def test_table_weights_choice() -> None:
    survey = _survey([0.5, np.nan, 1.5])
    np.testing.assert_array_equal(table_weights(survey), [0.5, 0.0, 1.5])
    np.testing.assert_array_equal(table_weights(survey, weighted=False), [1, 1, 1])
    np.testing.assert_array_equal(table_weights(survey, weight="alt"), [2, 2, 2])
    with pytest.raises(ExplorerError, match="not numeric"):
        table_weights(survey, weight="t")
    # A negative weight counts as 0 (and its respondent is left out of every mask).
    negative = _survey([1.0, -0.5, 1.0])
    np.testing.assert_array_equal(table_weights(negative), [1.0, 0.0, 1.0])
    np.testing.assert_array_equal(negative.mask(None), [True, False, True])
