"""Wilson score intervals and the pooled two-proportion z-test, against the textbook formulas."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.survey.intervals import (
    column_significance,
    critical_z,
    two_proportion_z,
    wilson_interval,
)

proportions = st.floats(min_value=0, max_value=1)
bases = st.floats(min_value=1, max_value=1e6)


def textbook_wilson(p: float, n: float, z: float = 1.959963984540054) -> tuple[float, float]:
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@settings(max_examples=200, deadline=None)
@given(proportions, bases)
def test_wilson_matches_textbook_and_contains_p(p, n) -> None:
    low, high = wilson_interval(p, n)
    ref_low, ref_high = textbook_wilson(p, n)
    assert low == pytest.approx(max(ref_low, 0.0), abs=1e-12)
    assert high == pytest.approx(min(ref_high, 1.0), abs=1e-12)
    assert 0.0 <= low <= p + 1e-12 and p - 1e-12 <= high <= 1.0


def test_wilson_is_vectorised_and_narrows_with_base() -> None:
    p = np.array([0.1, 0.5, 0.9, 0.5])
    n = np.array([50.0, 50.0, 50.0, 5000.0])
    low, high = wilson_interval(p, n)
    for i in range(4):
        assert (low[i], high[i]) == pytest.approx(textbook_wilson(p[i], n[i]))
    assert high[3] - low[3] < high[1] - low[1]
    # Symmetric in p ↔ 1 − p.
    assert low[0] == pytest.approx(1 - high[2])


def test_wilson_with_no_base_is_nan() -> None:
    low, high = wilson_interval(np.array([0.5]), np.array([0.0]))
    assert np.isnan(low[0]) and np.isnan(high[0])


def test_critical_z() -> None:
    assert critical_z(0.05) == pytest.approx(1.959963984540054)
    assert critical_z(0.01) == pytest.approx(NormalDist().inv_cdf(0.995))


@settings(max_examples=200, deadline=None)
@given(proportions, bases, proportions, bases)
def test_z_test_is_antisymmetric_and_matches_formula(p1, n1, p2, n2) -> None:
    z12 = two_proportion_z(p1, n1, p2, n2)
    z21 = two_proportion_z(p2, n2, p1, n1)
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        assert math.isnan(z12) and math.isnan(z21)
    else:
        assert z12 == pytest.approx((p1 - p2) / se, rel=1e-9, abs=1e-12)
        assert z12 == pytest.approx(-z21, rel=1e-12, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(proportions, bases), min_size=2, max_size=5))
def test_column_significance_letters_are_symmetric(columns) -> None:
    props = np.array([[p for p, _ in columns]])
    n_eff = [n for _, n in columns]
    letters = "ABCDE"[: len(columns)]
    found = column_significance(props, n_eff, letters)[0]
    for i in range(len(columns)):
        for j in range(len(columns)):
            # i is above j exactly when the test on (i, j) rejects with i higher.
            z = two_proportion_z(props[0, i], n_eff[i], props[0, j], n_eff[j])
            above = i != j and not math.isnan(z) and z > critical_z(0.05)
            assert (letters[j] in found[i]) == above
            if letters[j] in found[i]:
                assert letters[i] not in found[j]


def test_untestable_cells_get_no_letters() -> None:
    props = np.array([[0.1, 0.9]])
    assert column_significance(props, [1000, 1000], "AB")[0] == ["", "A"]
    blocked = np.array([[True, False]])
    assert column_significance(props, [1000, 1000], "AB", testable=blocked)[0] == ["", ""]
    assert column_significance(props, [1000, 0], "AB")[0] == ["", ""]
