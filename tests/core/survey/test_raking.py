"""Rim weighting checked against hand-written iterative proportional fitting and its properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.errors import ExplorerError
from explorer.core.survey.raking import rake, weighted_shares


def _hand_ipf(table: np.ndarray, rows: np.ndarray, cols: np.ndarray, sweeps: int = 2000):
    """IPF on a 2×2 contingency table of counts, written out longhand."""
    fitted = table.astype(np.float64).copy()
    for _ in range(sweeps):
        fitted *= (rows / fitted.sum(axis=1))[:, None]
        fitted *= (cols / fitted.sum(axis=0))[None, :]
    return fitted


def test_two_by_two_matches_hand_iteration() -> None:
    # 10 respondents: sex a/b × area x/y, counts [[4, 1], [2, 3]].
    sex = np.array([0] * 5 + [1] * 5)
    area = np.array([0, 0, 0, 0, 1, 0, 0, 1, 1, 1])
    counts = np.array([[4, 1], [2, 3]])
    rows, cols = np.array([0.5, 0.5]), np.array([0.3, 0.7])
    weights = rake(
        {"sex": sex, "area": area},
        {"sex": {0: 0.5, 1: 0.5}, "area": {0: 0.3, 1: 0.7}},
        cap=None,
    )
    fitted = _hand_ipf(counts, rows * 10, cols * 10)
    for s in (0, 1):
        for a in (0, 1):
            cell = (sex == s) & (area == a)
            # Every respondent in a cell gets the cell's fitted total shared equally.
            assert np.allclose(weights[cell], fitted[s, a] / counts[s, a], atol=1e-8)
    assert weights.mean() == pytest.approx(1.0, abs=1e-12)


def test_two_by_two_matches_closed_form_odds_ratio() -> None:
    # IPF keeps the sample's odds ratio: with both margins fixed, the 2×2 solution is the root of a
    # quadratic, solved here directly.
    counts = np.array([[30.0, 10.0], [20.0, 40.0]])
    r0, c0, n = 60.0, 45.0, 100.0
    odds = counts[0, 0] * counts[1, 1] / (counts[0, 1] * counts[1, 0])
    # x = fitted[0, 0]: x (n - r0 - c0 + x) = odds (r0 - x)(c0 - x)
    a = 1 - odds
    b = (n - r0 - c0) + odds * (r0 + c0)
    c = -odds * r0 * c0
    roots = np.roots([a, b, c])
    x = float(next(r.real for r in roots if 0 < r.real < min(r0, c0)))
    sex = np.repeat([0, 0, 1, 1], counts.ravel().astype(int))
    area = np.repeat([0, 1, 0, 1], counts.ravel().astype(int))
    weights = rake(
        {"sex": sex, "area": area},
        {"sex": {0: r0 / n, 1: 1 - r0 / n}, "area": {0: c0 / n, 1: 1 - c0 / n}},
        cap=None,
    )
    assert weights[(sex == 0) & (area == 0)].sum() == pytest.approx(x, rel=1e-7)


def test_weighted_margins_equal_targets_on_many_margins() -> None:
    rng = np.random.default_rng(7)
    n = 5000
    age = rng.choice(6, n, p=[0.05, 0.15, 0.2, 0.2, 0.2, 0.2])
    region = rng.choice(3, n, p=[0.2, 0.3, 0.5])
    grade = (rng.random(n) < 0.3 + 0.1 * (age > 2)).astype(int)
    targets = {
        "age": dict(enumerate([0.12, 0.23, 0.2, 0.16, 0.13, 0.16])),
        "region": {0: 0.4, 1: 0.35, 2: 0.25},
        "grade": {0: 0.38, 1: 0.62},
    }
    sample = {"age": age, "region": region, "grade": grade}
    weights = rake(sample, targets)
    assert weights.mean() == pytest.approx(1.0, abs=1e-9)
    assert weights.min() >= 0.2 and weights.max() <= 5.0
    for name, codes in sample.items():
        for code, share in targets[name].items():
            got = weights[codes == code].sum() / weights.sum()
            assert got == pytest.approx(share, abs=1e-7), (name, code)


def test_trimming_keeps_weights_within_the_cap() -> None:
    # 2% of the sample must stand for 20% of the population: untrimmed weights would reach ~12.
    rare = np.array([1] * 20 + [0] * 980)
    other = np.tile([0, 1], 500)
    targets = {"rare": {1: 0.2, 0: 0.8}, "other": {0: 0.5, 1: 0.5}}
    free = rake({"rare": rare, "other": other}, targets, cap=None)
    assert free.max() > 5
    with pytest.raises(ExplorerError, match="did not converge"):
        rake({"rare": rare, "other": other}, targets, cap=(0.2, 5.0), max_iter=50)


def test_trimming_binds_and_margins_still_hold() -> None:
    # The small cell (a=1, b=1) would need weights of about 6; trimmed, its row partner makes up.
    a = np.repeat([0, 0, 1, 1], [400, 100, 480, 20])
    b = np.repeat([0, 1, 0, 1], [400, 100, 480, 20])
    targets = {"a": {0: 0.5, 1: 0.5}, "b": {0: 0.55, 1: 0.45}}
    assert rake({"a": a, "b": b}, targets, cap=None).max() > 5.5
    weights = rake({"a": a, "b": b}, targets, cap=(0.2, 5.0))
    assert weights.max() <= 5.0 and weights.min() >= 0.2
    assert weights.max() == pytest.approx(5.0)
    for codes, name in ((a, "a"), (b, "b")):
        for code, share in targets[name].items():
            assert weights[codes == code].sum() / weights.sum() == pytest.approx(share, abs=1e-7)


def test_missing_target_is_an_explorer_error() -> None:
    with pytest.raises(ExplorerError, match="no target for codes"):
        rake({"a": np.array([0, 1, 2])}, {"a": {0: 0.5, 1: 0.5}})
    with pytest.raises(ExplorerError, match="no targets"):
        rake({"a": np.array([0, 1])}, {})


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(0, 2), min_size=30, max_size=200),
    st.lists(st.integers(0, 1), min_size=30, max_size=200),
)
def test_property_margins_hit_whenever_every_cell_is_present(a: list[int], b: list[int]) -> None:
    size = min(len(a), len(b))
    first, second = np.array(a[:size]), np.array(b[:size])
    if len(np.unique(first)) < 3 or len(np.unique(second)) < 2:
        return
    targets = {"first": {0: 0.3, 1: 0.3, 2: 0.4}, "second": {0: 0.45, 1: 0.55}}
    try:
        weights = rake({"first": first, "second": second}, targets, cap=None, max_iter=5000)
    except ExplorerError:
        # Only a sample with a structural zero may fail to converge; IPF then has no solution.
        crossed = {(x, y) for x, y in zip(first.tolist(), second.tolist())}
        assert len(crossed) < 6
        return
    assert weights.mean() == pytest.approx(1.0)
    for name, codes in {"first": first, "second": second}.items():
        shares = weighted_shares(codes, weights)
        for code, share in targets[name].items():
            assert shares[float(code)] == pytest.approx(share, abs=1e-6)
