"""Means, medians, SDs, t intervals and column t-tests checked against first principles written
here: Student's t from numerical integration of its density, the median of the data repeated by
integer weights, Welch's test longhand, and the linearised variance of a stratified mean."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.errors import ExplorerError
from explorer.core.survey.means import can_average, compute_means
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tdist import t_cdf, t_quantile
from tests.core.survey.stats_data import stats_survey


def t_cdf_by_integration(t: float, df: float) -> float:
    """P(T ≤ t) by integrating Student's density (log-gamma constant) on a fine grid."""
    const = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    # Substitute x = tan(θ) so the infinite tail becomes a finite interval; midpoint rule.
    edges = np.linspace(-math.pi / 2, math.atan(t), 100_001)
    theta = (edges[1:] + edges[:-1]) / 2
    x = np.tan(theta)
    density = const * (1 + x * x / df) ** (-(df + 1) / 2) / np.cos(theta) ** 2
    return float(density.sum() * (edges[1] - edges[0]))


@pytest.mark.parametrize("df", [1.0, 2.5, 7.0, 29.3, 200.0])
def test_t_distribution_against_numerical_integration(df) -> None:
    q = t_quantile(0.975, df)
    assert t_cdf_by_integration(q, df) == pytest.approx(0.975, abs=2e-6)
    assert t_cdf(-1.3, df) == pytest.approx(t_cdf_by_integration(-1.3, df), abs=2e-6)


def test_published_t_quantiles() -> None:
    # Fisher & Yates / any t table: 12.706 (1 df), 2.228 (10), 2.042 (30), 2.576 limit at 99%.
    assert t_quantile(0.975, 1) == pytest.approx(12.7062047, abs=1e-6)
    assert t_quantile(0.975, 10) == pytest.approx(2.2281389, abs=1e-6)
    assert t_quantile(0.975, 30) == pytest.approx(2.0422725, abs=1e-6)
    assert t_quantile(0.995, 1e9) == pytest.approx(2.5758293, abs=1e-6)


def score_data(seed, n=900):
    rng = np.random.default_rng(seed)
    by = rng.integers(1, 4, n).astype(float)
    score = np.clip(np.round(rng.normal(4 + by, 2.5)), 0, 10)
    score[rng.random(n) < 0.05] = 99.0  # "Don't know", user-missing
    w = rng.integers(1, 4, n).astype(float)  # integer weights: the median by repetition holds
    return score, by, w


@settings(max_examples=8, deadline=None)
@given(st.integers(min_value=0, max_value=2**31), st.sampled_from([0.90, 0.95, 0.99]))
def test_means_by_column_match_first_principles(seed, confidence) -> None:
    score, by, w = score_data(seed)
    survey = stats_survey(np.ones(score.size), by, w, score=score)
    means = compute_means(
        survey, "score", by="by", options=TableOptions(confidence=confidence, correction="none")
    )
    valid = score != 99
    stats = []
    for c, column in enumerate(means.columns):
        inside = valid & ((by == c) if c else True)
        x, wc = score[inside], w[inside]
        n, total = x.size, wc.sum()
        mean = (wc * x).sum() / total
        sd = math.sqrt((wc * (x - mean) ** 2).sum() / total * n / (n - 1))
        neff = total**2 / (wc**2).sum()
        se = sd / math.sqrt(neff)
        assert column.mean == pytest.approx(mean, rel=1e-12)
        assert column.sd == pytest.approx(sd, rel=1e-12)
        assert column.median == np.median(np.repeat(x, wc.astype(int)))
        t = t_quantile(0.5 + confidence / 2, neff - 1)
        assert t_cdf_by_integration(t, neff - 1) == pytest.approx(0.5 + confidence / 2, abs=1e-5)
        assert column.ci_low == pytest.approx(mean - t * se, rel=1e-10)
        assert column.ci_high == pytest.approx(mean + t * se, rel=1e-10)
        stats.append((mean, se, neff - 1))
    # Welch's test longhand, p-values by integration, no correction.
    expected = ["", "", "", ""]
    for i in (1, 2, 3):
        for j in (1, 2, 3):
            (mi, si, di), (mj, sj, dj) = stats[i], stats[j]
            var = si**2 + sj**2
            df = var**2 / (si**4 / di + sj**4 / dj)
            t = (mi - mj) / math.sqrt(var)
            p = 2 * t_cdf_by_integration(-abs(t), df)
            if i != j and t > 0 and p < 1 - confidence and abs(p - (1 - confidence)) > 1e-5:
                expected[i] += "ABC"[j - 1]
    assert [c.significance for c in means.columns] == expected


def test_vs_rest_and_correction_on_means() -> None:
    score, by, w = score_data(7, n=1500)
    survey = stats_survey(np.ones(score.size), by, w, score=score)
    means = compute_means(survey, "score", by="by", options=TableOptions(compare="rest"))
    marks = [c.significance for c in means.columns[1:]]
    assert marks[0] == "▼" and marks[2] == "▲"  # the design puts group 1 lowest, 3 highest
    assert any("rest of the sample" in note for note in means.notes)


def test_stratified_mean_uses_the_linearised_standard_error() -> None:
    rng = np.random.default_rng(5)
    strata = np.repeat([1.0, 2.0], [300, 100])
    w = np.where(strata == 1, 2.0, 10.0)
    score = np.clip(np.round(rng.normal(np.where(strata == 1, 3, 7), 2)), 0, 10)
    survey = stats_survey(np.ones(400), np.ones(400), w, strata=strata, score=score)
    means = compute_means(survey, "score", options=TableOptions(strata="stratum"))
    big = {1.0: 600.0, 2.0: 1000.0}
    mean = sum(big[h] / 1600 * score[strata == h].mean() for h in big)
    var = sum(
        (big[h] / 1600) ** 2 * score[strata == h].var(ddof=1) / (strata == h).sum() for h in big
    )
    t = t_quantile(0.975, 398)  # design df: 400 PSUs − 2 strata
    assert means.columns[0].mean == pytest.approx(mean)
    assert means.columns[0].ci_high - mean == pytest.approx(t * math.sqrt(var), rel=1e-9)


def test_only_numeric_and_0_to_10_questions_have_means() -> None:
    survey = stats_survey(np.ones(20), np.ones(20), np.ones(20), score=np.arange(20) % 11)
    assert can_average(survey.variable("score"))
    assert not can_average(survey.variable("q"))
    with pytest.raises(ExplorerError, match="not a numeric or 0–10 question"):
        compute_means(survey, "q")


def test_small_and_untested_mean_columns_are_marked() -> None:
    # G3 has 40 respondents of even weight (Kish base 40: tested, marked small); G4 has 20 (not
    # tested). The flags follow the effective base worked out here, not the unweighted one.
    from explorer.core.survey.table_tests import NOT_TESTED, SMALL_TEST_BASE

    rng = np.random.default_rng(2)
    by = np.repeat([1.0, 2.0, 3.0, 4.0], [300, 300, 40, 20])
    score = rng.integers(0, 11, by.size).astype(float)
    w = np.ones(by.size)
    means = compute_means(stats_survey(np.ones(by.size), by, w, score=score), "score", by="by")
    flags = [c.flags for c in means.columns]
    assert [c.effective_base for c in means.columns[1:]] == [300, 300, 40, 20]
    assert SMALL_TEST_BASE in flags[3] and NOT_TESTED not in flags[3]
    assert NOT_TESTED in flags[4] and means.columns[4].significance == ""
    assert not flags[1] and not flags[2]
    assert all("D" not in c.significance for c in means.columns)
