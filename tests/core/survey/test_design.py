"""Taylor-linearised variances checked against textbook formulas computed independently here
(stratified random sampling: Σ_h W_h² s_h² / n_h; single-stage cluster sampling: Cochran's ratio
estimator), the design effect from weighting, and tables under a declared design."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from explorer.core.captions import text_footer
from explorer.core.errors import ExplorerError
from explorer.core.survey.design import (
    estimates_and_covariance,
    kish_deff,
    make_design,
    simple,
)
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import compute_table
from tests.core.survey.stats_data import stats_survey

Z = 1.959963984540054


def stratified_data(seed=1):
    rng = np.random.default_rng(seed)
    sizes = {1: (120, 50_000), 2: (60, 200_000), 3: (220, 80_000)}  # n_h, N_h
    strata = np.concatenate([[h] * n for h, (n, _) in sizes.items()]).astype(float)
    rates = {1: 0.2, 2: 0.5, 3: 0.35}
    q = np.where(rng.random(strata.size) < np.vectorize(rates.get)(strata), 1.0, 2.0)
    w = np.vectorize(lambda h: sizes[h][1] / sizes[h][0])(strata)
    return q, strata, w, sizes


def test_stratified_proportion_matches_the_textbook_variance() -> None:
    q, strata, w, sizes = stratified_data()
    survey = stats_survey(q, np.ones(q.size), w, strata=strata)
    design = make_design(survey, "stratum", None)
    y = (q == 1).astype(float)
    (p,), cov = estimates_and_covariance(design, w, [np.ones(q.size, dtype=bool)], y)
    total = sum(big for _, big in sizes.values())
    textbook_p = sum(big / total * y[strata == h].mean() for h, (_, big) in sizes.items())
    textbook_var = sum(
        (big / total) ** 2 * y[strata == h].var(ddof=1) / n for h, (n, big) in sizes.items()
    )
    assert p == pytest.approx(textbook_p, rel=1e-12)
    assert cov[0, 0] == pytest.approx(textbook_var, rel=1e-10)


def test_cluster_sample_matches_cochrans_ratio_variance() -> None:
    rng = np.random.default_rng(2)
    sizes = rng.integers(5, 30, 40)
    psu = np.repeat(np.arange(40), sizes).astype(float)
    effect = rng.normal(0, 0.15, 40)[psu.astype(int)]  # people in a cluster are alike
    q = np.where(rng.random(psu.size) < 0.4 + effect, 1.0, 2.0)
    w = np.ones(psu.size)
    survey = stats_survey(q, np.ones(psu.size), w, psu=psu)
    design = make_design(survey, None, "psu")
    y = (q == 1).astype(float)
    (p,), cov = estimates_and_covariance(design, w, [np.ones(q.size, dtype=bool)], y)
    frame = pd.DataFrame({"psu": psu, "y": y}).groupby("psu")["y"].agg(["sum", "count"])
    a, m = len(frame), frame["count"].sum()
    ratio = frame["sum"].sum() / m
    cochran = a / (a - 1) * ((frame["sum"] - ratio * frame["count"]) ** 2).sum() / m**2
    assert p == pytest.approx(ratio)
    assert cov[0, 0] == pytest.approx(cochran, rel=1e-10)
    srs = ratio * (1 - ratio) / m
    assert cov[0, 0] > srs  # clustering costs precision here


def test_each_respondent_their_own_psu_gives_the_simple_variance() -> None:
    rng = np.random.default_rng(4)
    y = (rng.random(500) < 0.3).astype(float)
    domain = rng.random(500) < 0.6
    (p,), cov = estimates_and_covariance(simple(500), np.ones(500), [domain], y)
    n_d = domain.sum()
    assert cov[0, 0] == pytest.approx(p * (1 - p) / n_d * 500 / 499, rel=1e-12)


def test_cluster_codes_restarting_in_each_stratum_are_different_psus() -> None:
    strata = np.array([1, 1, 1, 1, 2, 2, 2, 2], dtype=float)
    psu = np.array([1, 1, 2, 2, 1, 1, 2, 2], dtype=float)
    survey = stats_survey(np.ones(8), np.ones(8), np.ones(8), strata=strata, psu=psu)
    design = make_design(survey, "stratum", "psu")
    assert design.n_psu == 4 and design.degrees_of_freedom == 2


def test_missing_design_values_are_refused_in_a_sentence() -> None:
    strata = np.array([1, np.nan, 2, 2], dtype=float)
    survey = stats_survey(np.ones(4), np.ones(4), np.ones(4), strata=strata)
    with pytest.raises(ExplorerError, match="missing for 1 respondents"):
        make_design(survey, "stratum", None)


def test_design_effect_from_weighting_is_reported() -> None:
    rng = np.random.default_rng(9)
    w = rng.uniform(0.3, 3.0, 800)
    by = rng.integers(1, 3, 800).astype(float)
    q = rng.integers(1, 3, 800).astype(float)
    table = compute_table(stats_survey(q, by, w), "q", by="by")
    expected = 800 / (w.sum() ** 2 / (w**2).sum())
    assert table.columns[0].design_effect == pytest.approx(expected, rel=1e-12)
    assert table.to_json()["columns"][0]["design_effect"] == pytest.approx(expected, rel=1e-12)
    assert any(f"Design effect from weighting {expected:.2f}" in n for n in text_footer(table))
    assert kish_deff(800, 800) == 1.0


def test_table_intervals_under_a_stratified_design() -> None:
    q, strata, w, sizes = stratified_data(3)
    survey = stats_survey(q, np.ones(q.size), w, strata=strata)
    table = compute_table(survey, "q", options=TableOptions(strata="stratum"))
    y = (q == 1).astype(float)
    total = sum(big for _, big in sizes.values())
    p = sum(big / total * y[strata == h].mean() for h, (_, big) in sizes.items())
    var = sum((big / total) ** 2 * y[strata == h].var(ddof=1) / n for h, (n, big) in sizes.items())
    n_design = p * (1 - p) / var
    # Wilson's interval on the design's effective base, written out.
    centre = (p + Z**2 / (2 * n_design)) / (1 + Z**2 / n_design)
    half = Z / (1 + Z**2 / n_design) * math.sqrt(p * (1 - p) / n_design + Z**2 / (4 * n_design**2))
    cell = table.rows[0].cells[0]
    assert cell.percent == pytest.approx(100 * p)
    assert cell.ci_low == pytest.approx(100 * (centre - half), rel=1e-9)
    assert cell.ci_high == pytest.approx(100 * (centre + half), rel=1e-9)
    assert cell.design_effect == pytest.approx(var / (p * (1 - p) / q.size), rel=1e-9)
    assert any("Taylor linearisation" in line for line in text_footer(table))


def test_pairwise_letters_under_a_cluster_design_use_the_covariance() -> None:
    rng = np.random.default_rng(8)
    psu = np.repeat(np.arange(60), 20).astype(float)
    by = np.tile([1.0, 2.0], 600)  # both columns in every cluster: their estimates covary
    effect = rng.normal(0, 0.2, 60)[psu.astype(int)]
    q = np.where(rng.random(psu.size) < 0.35 + effect + 0.06 * (by == 1), 1.0, 2.0)
    w = np.ones(psu.size)
    survey = stats_survey(q, by, w, psu=psu)
    options = TableOptions(cluster="psu", correction="none")
    table = compute_table(survey, "q", by="by", options=options)
    y = (q == 1).astype(float)
    frame = pd.DataFrame({"psu": psu, "y": y, "a": by == 1, "b": by == 2})
    n_a, n_b = frame["a"].sum(), frame["b"].sum()
    pa, pb = y[by == 1].mean(), y[by == 2].mean()
    # Linearised score of pa − pb, summed by cluster; with-replacement variance across clusters.
    frame["u"] = frame["a"] * (y - pa) / n_a - frame["b"] * (y - pb) / n_b
    totals = frame.groupby("psu")["u"].sum()
    var = len(totals) / (len(totals) - 1) * ((totals - totals.mean()) ** 2).sum()
    z = (pa - pb) / math.sqrt(var)
    independent = (pa - pb) / math.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    # Both columns share every cluster, so the cluster effect cancels: the design-based test sees
    # a difference that treating the columns as independent samples would miss.
    assert z > Z > independent
    assert table.rows[0].cells[1].significance == "B"
    assert table.rows[1].cells[2].significance == "A"


def test_respondents_without_a_usable_weight_are_outside_the_design() -> None:
    # As SPSS's complex samples do: a zero, negative or blank weight takes the respondent out of
    # the sample, so out of the PSU and stratum counts, and they may lack design values. Whole
    # clusters of such respondents give the same table as the survey without them.
    rng = np.random.default_rng(21)
    psu = np.repeat(np.arange(50), 16).astype(float)
    strata = (psu % 5).astype(float)
    by = np.tile([1.0, 2.0, 3.0, 4.0], 200)
    q = np.where(rng.random(psu.size) < 0.3 + 0.05 * by, 1.0, 2.0)
    w = rng.uniform(0.5, 2.0, psu.size)
    out = np.isin(psu, [3, 17, 40]) | (np.arange(psu.size) % 37 == 0)
    w_out = np.where(out, 0.0, w)
    w_out[np.arange(psu.size) % 74 == 0] = np.nan  # blank weights too
    psu_out = np.where(out & (np.arange(psu.size) % 2 == 0), np.nan, psu)  # and no PSU
    options = TableOptions(strata="stratum", cluster="psu", correction="none")
    with_them = compute_table(
        stats_survey(q, by, w_out, strata=strata, psu=psu_out), "q", by="by", options=options
    )
    kept = ~out & ~np.isnan(w_out)
    without = compute_table(
        stats_survey(q[kept], by[kept], w[kept], strata=strata[kept], psu=psu[kept]),
        "q",
        by="by",
        options=options,
    )
    assert with_them.settings["design"] == without.settings["design"]
    for a, b in zip(with_them.rows, without.rows):
        for x, y in zip(a.cells, b.cells):
            assert (x.percent, x.significance) == pytest.approx((y.percent, y.significance))
            assert (x.ci_low, x.ci_high) == pytest.approx((y.ci_low, y.ci_high), rel=1e-12)
    assert [c.unweighted_base for c in with_them.columns] == [
        c.unweighted_base for c in without.columns
    ]
