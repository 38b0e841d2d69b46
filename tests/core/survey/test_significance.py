"""Significance settings checked against first principles written here: the corrections as the
decision procedures of their papers (and the Benjamini–Hochberg paper's own example), letters under
each correction and confidence from pooled z-tests on Kish bases, two levels, the untested small
columns, "vs the rest" and the overlap-aware test between multiple-response columns."""

from __future__ import annotations

import math
from itertools import combinations
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.captions import significance_line, text_footer
from explorer.core.survey.significance import adjust
from explorer.core.survey.table import TableOptions
from explorer.core.survey.table_tests import NOT_TESTED
from explorer.core.survey.tabulate import compute_table
from tests.core.survey.stats_data import stats_survey


# --- the corrections as decision procedures ------------------------------------------------------
def rejected(p: list[float], method: str, alpha: float) -> set[int]:
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    if method == "none":
        return {i for i in range(m) if p[i] < alpha}
    if method == "bonferroni":
        return {i for i in range(m) if p[i] < alpha / m}
    if method == "holm":  # step down: stop at the first p(k) ≥ α / (m − k + 1)
        out = set()
        for k, i in enumerate(order, start=1):
            if p[i] >= alpha / (m - k + 1):
                break
            out.add(i)
        return out
    if method == "bh":  # step up: the largest k with p(k) ≤ k α / m, and all below it
        largest = 0
        for k, i in enumerate(order, start=1):
            if p[i] <= k * alpha / m:
                largest = k
        return set(order[:largest])
    raise AssertionError(method)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(min_value=1e-6, max_value=1.0), min_size=1, max_size=30),
    st.sampled_from(["none", "bonferroni", "holm", "bh"]),
    st.sampled_from([0.01, 0.05, 0.10]),
)
def test_adjusted_p_values_reject_what_the_procedures_reject(p, method, alpha) -> None:
    adjusted = adjust(np.array(p), method)
    found = {i for i, a in enumerate(adjusted) if a < alpha}
    # Away from exact ties with the threshold (measure zero), the two must agree.
    if any(abs(x * k - alpha * j) < 1e-12 for x in p for k in range(1, 31) for j in range(1, 31)):
        return
    assert found == rejected(p, method, alpha)
    assert all(0 <= a <= 1 for a in adjusted)
    assert all(a >= x - 1e-15 for a, x in zip(adjusted, p))


def test_benjamini_hochberg_paper_example() -> None:
    # Benjamini & Hochberg (1995), section 4: 15 p-values; at q = 0.05 BH rejects four,
    # Bonferroni three (as does Holm).
    p = np.array(
        [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
         0.4262, 0.5719, 0.6528, 0.7590, 1.0000]
    )  # fmt: skip
    assert np.count_nonzero(adjust(p, "bh") < 0.05) == 4
    assert np.count_nonzero(adjust(p, "bonferroni") < 0.05) == 3
    assert np.count_nonzero(adjust(p, "holm") < 0.05) == 3
    assert np.count_nonzero(adjust(p, "none") < 0.05) == 9


def test_missing_p_values_are_left_out_of_the_family() -> None:
    p = np.array([0.01, np.nan, 0.04])
    assert adjust(p, "bonferroni")[0] == pytest.approx(0.02)
    assert math.isnan(adjust(p, "bonferroni")[1])


# --- letters in a table ----------------------------------------------------------------------------
def kish(w):
    return w.sum() ** 2 / (w**2).sum()


def pooled_p(pi, ni, pj, nj) -> float:
    pooled = (pi * ni + pj * nj) / (ni + nj)
    se = math.sqrt(pooled * (1 - pooled) * (1 / ni + 1 / nj))
    return math.erfc(abs(pi - pj) / se / math.sqrt(2)), pi - pj


def reference_letters(q, by, w, code, k, method, confidence, lower=None):
    """Letters per breakdown column for `code`: every pair tested, corrected within the row."""
    cols = [by == c for c in range(1, k + 1)]
    p = [w[c & (q == code)].sum() / w[c].sum() for c in cols]
    n = [kish(w[c]) for c in cols]
    pairs = list(combinations(range(k), 2))
    tests = [pooled_p(p[i], n[i], p[j], n[j]) for i, j in pairs]
    pvals = [t[0] for t in tests]
    strong = rejected(pvals, method, 1 - confidence)
    weak = rejected(pvals, method, 1 - lower) if lower else set()
    out = [[] for _ in range(k)]
    for index, ((i, j), (_, diff)) in enumerate(zip(pairs, tests)):
        high, low = (i, j) if diff > 0 else (j, i)
        if index in strong:
            out[high].append((low, "ABCDEFGH"[low]))
        elif index in weak:
            out[high].append((low, "abcdefgh"[low]))
    return ["".join(t for _, t in sorted(found)) for found in out]


def random_table_data(seed, n=1200, k=4):
    rng = np.random.default_rng(seed)
    by = rng.integers(1, k + 1, n).astype(float)
    rates = rng.uniform(0.2, 0.6, k)
    q = np.where(rng.random(n) < rates[by.astype(int) - 1], 1.0, 2.0)
    w = rng.uniform(0.4, 2.5, n)
    return q, by, w


@settings(max_examples=25, deadline=None)
@given(
    st.integers(min_value=0, max_value=2**31),
    st.sampled_from(["none", "bonferroni", "holm", "bh"]),
    st.sampled_from([0.90, 0.95, 0.99]),
)
def test_letters_under_each_correction_and_confidence(seed, method, confidence) -> None:
    q, by, w = random_table_data(seed)
    options = TableOptions(correction=method, confidence=confidence)
    table = compute_table(stats_survey(q, by, w), "q", by="by", options=options)
    for row in table.rows:
        found = [c.significance for c in row.cells[1:]]
        assert found == reference_letters(q, by, w, row.code, 4, method, confidence)


def test_two_levels_give_lower_case_at_the_next_level_down() -> None:
    seen_lower = False
    for seed in range(40):
        q, by, w = random_table_data(seed, n=700)
        options = TableOptions(correction="holm", two_levels=True)
        table = compute_table(stats_survey(q, by, w), "q", by="by", options=options)
        for row in table.rows:
            expected = reference_letters(q, by, w, row.code, 4, "holm", 0.95, lower=0.90)
            assert [c.significance for c in row.cells[1:]] == expected
            seen_lower |= any(ch.islower() for ch in "".join(expected))
    assert seen_lower  # the data did exercise the lower level


def test_corrections_only_ever_remove_letters() -> None:
    q, by, w = random_table_data(5, n=3000, k=6)
    survey = stats_survey(q, by, w)
    counts = {}
    for method in ("none", "bh", "holm", "bonferroni"):
        table = compute_table(survey, "q", by="by", options=TableOptions(correction=method))
        counts[method] = sum(len(c.significance) for r in table.rows for c in r.cells)
    assert counts["none"] >= counts["bh"] >= counts["holm"] >= counts["bonferroni"]
    assert counts["none"] > 0


def test_footer_states_the_correction_and_level() -> None:
    q, by, w = random_table_data(1)
    table = compute_table(stats_survey(q, by, w), "q", by="by")
    assert any("Benjamini–Hochberg" in n and "95% level" in n for n in text_footer(table))
    table = compute_table(
        stats_survey(q, by, w),
        "q",
        by="by",
        options=TableOptions(correction="none", confidence=0.99),
    )
    assert any("no correction" in n and "99% level" in n for n in text_footer(table))
    assert table.to_json()["settings"]["confidence"] == 0.99


def test_columns_under_30_effective_respondents_are_not_tested() -> None:
    rng = np.random.default_rng(3)
    by = np.repeat([1.0, 2.0, 3.0], [400, 400, 25])
    q = np.where(by == 3, 1.0, np.where(rng.random(by.size) < 0.2, 1.0, 2.0))  # column 3 all "yes"
    w = np.ones(by.size)
    table = compute_table(stats_survey(q, by, w), "q", by="by")
    assert NOT_TESTED in table.columns[3].flags
    assert NOT_TESTED not in table.columns[1].flags
    assert all(row.cells[3].significance == "" for row in table.rows)
    assert all("C" not in c.significance for row in table.rows for c in row.cells)
    untested = compute_table(
        stats_survey(q, by, w), "q", by="by", options=TableOptions(min_test_base=20)
    )
    assert untested.rows[0].cells[3].significance == "AB"  # the same cell, once testable


# --- vs the rest of the sample -----------------------------------------------------------------------
def test_vs_rest_matches_a_pooled_test_against_everyone_else() -> None:
    for seed in range(6):
        q, by, w = random_table_data(seed, n=900)
        by[::17] = np.nan  # people missing on the breakdown are in the total, so in "the rest"
        options = TableOptions(compare="rest", correction="none")
        table = compute_table(stats_survey(q, by, w), "q", by="by", options=options)
        for row in table.rows:
            for c in range(1, 5):
                inside = by == c
                rest = ~inside
                pi = w[inside & (q == row.code)].sum() / w[inside].sum()
                pr = w[rest & (q == row.code)].sum() / w[rest].sum()
                p, diff = pooled_p(pi, kish(w[inside]), pr, kish(w[rest]))
                expected = "" if p >= 0.05 else ("▲" if diff > 0 else "▼")
                assert row.cells[c].significance == expected


# --- multiple-response breakdown: dependent proportions -------------------------------------------
def test_overlapping_columns_are_tested_with_their_covariance() -> None:
    rng = np.random.default_rng(11)
    n = 2000
    m1 = (rng.random(n) < 0.5).astype(float)
    m2 = np.where(rng.random(n) < 0.8, m1, 1 - m1)  # mostly the same people
    q = np.where(rng.random(n) < 0.30 + 0.08 * m1 - 0.02 * m2, 1.0, 2.0)
    w = np.ones(n)
    survey = stats_survey(q, np.ones(n), w, m1=m1, m2=m2)
    table = compute_table(survey, "q", by="$set", options=TableOptions(correction="none"))
    assert "overlap-aware" in table.settings["test_method"]
    assert "overlap-aware" in significance_line(table)
    a, b = m1 == 1, m2 == 1
    y = (q == 1).astype(float)
    pa, pb = y[a].mean(), y[b].mean()
    # var(pa − pb) for unweighted overlapping means, each respondent a PSU: the two variances and
    # the covariance through the people in both, with the with-replacement factor n / (n − 1).
    va = ((y[a] - pa) ** 2).sum() / a.sum() ** 2
    vb = ((y[b] - pb) ** 2).sum() / b.sum() ** 2
    both = a & b
    cab = ((y[both] - pa) * (y[both] - pb)).sum() / (a.sum() * b.sum())
    var = (va + vb - 2 * cab) * n / (n - 1)
    z = (pa - pb) / math.sqrt(var)
    independent_z = (pa - pb) / math.sqrt(va + vb)
    assert abs(z) > NormalDist().inv_cdf(0.975) > abs(independent_z)  # only the right test sees it
    assert table.rows[0].cells[1].significance == "B"
    assert table.rows[1].cells[2].significance == "A"


def test_the_caption_names_the_untested_columns() -> None:
    from explorer.core.captions import untested_line

    by = np.repeat([1.0, 2.0, 3.0], [300, 300, 20])
    q = np.tile([1.0, 2.0], 310)
    table = compute_table(stats_survey(q, by, np.ones(620)), "q", by="by")
    assert untested_line(table) == "Not tested (effective base under 30): C G3"
    table = compute_table(stats_survey(q, np.repeat([1.0, 2.0], 310), np.ones(620)), "q", by="by")
    assert untested_line(table) == ""


def test_columns_tested_on_a_small_effective_base_are_marked() -> None:
    # Column C: 60 respondents, but weights so uneven that its Kish base is about 40 — tested
    # (over 30), yet under the very-low-base line of 50, so its letters are marked indicative.
    from explorer.core.captions import small_tested_line
    from explorer.core.survey.table_tests import SMALL_TEST_BASE

    rng = np.random.default_rng(8)
    by = np.repeat([1.0, 2.0, 3.0], [400, 400, 60])
    q = np.where(rng.random(by.size) < 0.4, 1.0, 2.0)
    w = np.ones(by.size)
    w[800:] = np.where(np.arange(60) % 4 == 0, 2.9, 0.7)
    neff = kish(w[800:])
    assert 30 <= neff < 50 and (by == 3).sum() >= 50  # an unweighted base that is not flagged
    table = compute_table(stats_survey(q, by, w), "q", by="by")
    assert table.columns[3].effective_base == pytest.approx(neff)
    assert SMALL_TEST_BASE in table.columns[3].flags and NOT_TESTED not in table.columns[3].flags
    assert not table.columns[3].very_low_base
    assert SMALL_TEST_BASE not in table.columns[1].flags
    assert small_tested_line(table) == (
        "Tested on a small effective base (30–49), letters indicative only: C G3"
    )
    assert small_tested_line(table) + "." in text_footer(table)
    even = compute_table(stats_survey(q, by, np.ones(by.size)), "q", by="by")
    assert small_tested_line(even) == ""
