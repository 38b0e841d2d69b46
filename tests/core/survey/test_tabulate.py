"""`compute_table` checked against a reference computation written here in plain numpy, on small
hand-built surveys and on random data (hypothesis), plus the table's contract properties.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.errors import ExplorerError
from explorer.core.survey.model import Kind, Net, SourceInfo, Survey, Variable
from explorer.core.survey.table import LOW_BASE, VERY_LOW_BASE, TableOptions
from explorer.core.survey.tabulate import compute_table

Z = 1.959963984540054
NO_SUPPRESSION = TableOptions(suppress_below=0)
# The plain pairwise letters (no correction, every column tested), as PSPP and SPSS give them.
UNCORRECTED = TableOptions(correction="none", min_test_base=0)

Q_LABELS = ((1.0, "Agree"), (2.0, "Neither"), (3.0, "Disagree"), (98.0, "Don't know"))
BY_LABELS = ((1.0, "Young"), (2.0, "Middle"), (3.0, "Old"), (99.0, "Prefer not to say"))


def make_survey(q, by, w, *, m1=None, m2=None, illustrative=False) -> Survey:
    """A survey with a SCALE question q (98 = Don't know, 99 = user-missing), a breakdown `by`
    (99 = Prefer not to say, user-missing), a weight, and optionally a two-item MR set."""
    frame = {"q": np.asarray(q, dtype=float), "by": np.asarray(by, dtype=float), "w": w}
    variables = {
        "q": Variable(
            "q",
            "Question",
            Kind.SCALE,
            Q_LABELS + ((99.0, "Refused"),),
            missing_values=frozenset({99.0}),
            nets=(Net("agree", "Agree (net)", (1.0,)), Net("disagree", "Disagree (net)", (3.0,))),
            net_scores=(("agree", "Net agree", "agree", "disagree"),),
        ),
        "by": Variable("by", "Age", Kind.NOMINAL, BY_LABELS, missing_values=frozenset({99.0})),
        "w": Variable("w", "Weight", Kind.WEIGHT),
    }
    if m1 is not None:
        frame["m1"] = np.asarray(m1, dtype=float)
        frame["m2"] = np.asarray(m2, dtype=float)
        variables["m1"] = Variable("m1", "Privacy", Kind.NOMINAL)
        variables["m2"] = Variable("m2", "Misuse", Kind.NOMINAL)
        variables["$set"] = Variable(
            "$set", "Concerns", Kind.MULTI, members=("m1", "m2"), counted_value=1.0
        )
    return Survey.from_frame(
        pd.DataFrame(frame),
        variables,
        SourceInfo("test.sav", "spss"),
        weight="w",
        illustrative=illustrative,
    )


# --- the reference: first principles on raw arrays ---------------------------------------------
def reference_column(values, weights, in_column, codes):
    """Weighted percent, bases, Kish n_eff and Wilson limits for each code, written out longhand."""
    w = weights[in_column]
    v = values[in_column]
    n_unw = int(in_column.sum())
    n_w = w.sum()
    n_eff = n_w**2 / np.sum(w**2) if n_unw else 0.0
    out = {}
    for code in codes:
        p = w[v == code].sum() / n_w if n_w > 0 else float("nan")
        if n_eff > 0:
            centre = p + Z**2 / (2 * n_eff)
            radius = Z * math.sqrt(p * (1 - p) / n_eff + Z**2 / (4 * n_eff**2))
            lo, hi = (centre - radius) / (1 + Z**2 / n_eff), (centre + radius) / (1 + Z**2 / n_eff)
        else:
            lo = hi = float("nan")
        out[code] = (100 * p, 100 * lo, 100 * hi, int((v == code).sum()))
    return n_unw, n_w, n_eff, out


def check_against_reference(table, q, by, w, base_keep, options):
    q, by, w = (np.asarray(x, dtype=float) for x in (q, by, w))
    if not options.weighted:
        w = np.ones_like(w)
    in_base = base_keep & ~np.isnan(q) & (q != 99)
    for code in options.exclude_codes:
        in_base &= q != code
    codes = [r.code for r in table.rows if r.kind == "code"]
    # A labelled code nobody in the file holds is hidden (rows and breakdown columns).
    held = {1.0, 2.0, 3.0, 98.0} & set(q[~np.isnan(q)]) - set(options.exclude_codes)
    assert held <= set(codes) and not {1.0, 2.0, 3.0, 98.0} - held & set(codes)
    present = [c for c in (1.0, 2.0, 3.0) if np.any(by == c)]
    columns = [("all", in_base)] + [(c, in_base & (by == c)) for c in present]
    assert [c.key for c in table.columns] == [k for k, _ in columns]
    for j, (key, in_column) in enumerate(columns):
        n_unw, n_w, n_eff, ref = reference_column(q, w, in_column, codes)
        col = table.columns[j]
        assert col.unweighted_base == n_unw, key
        assert col.weighted_base == pytest.approx(n_w, rel=1e-9, abs=1e-9)
        assert col.effective_base == pytest.approx(n_eff, rel=1e-9, abs=1e-9)
        for row in table.rows:
            if row.kind != "code":
                continue
            cell = row.cells[j]
            p, lo, hi, count = ref[row.code]
            assert cell.unweighted_count == count
            if n_w > 0:
                assert cell.percent == pytest.approx(p, abs=1e-9)
                assert cell.ci_low == pytest.approx(lo, abs=1e-9)
                assert cell.ci_high == pytest.approx(hi, abs=1e-9)
            else:
                assert cell.percent is None


@st.composite
def random_survey_data(draw, max_n: int = 120):
    n = draw(st.integers(min_value=1, max_value=max_n))
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    rng = np.random.default_rng(seed)
    q = rng.choice(
        [1.0, 2.0, 3.0, 98.0, 99.0, np.nan, 7.0], size=n, p=[0.3, 0.2, 0.2, 0.1, 0.1, 0.05, 0.05]
    )
    by = rng.choice([1.0, 2.0, 3.0, 99.0, np.nan], size=n, p=[0.3, 0.3, 0.25, 0.1, 0.05])
    w = rng.uniform(0.2, 5.0, size=n)
    keep = rng.random(n) < draw(st.sampled_from([1.0, 0.7, 0.3]))
    return q, by, w, keep


HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- agreement with the reference ---------------------------------------------------------------
@HYPOTHESIS
@given(random_survey_data(), st.booleans(), st.sampled_from([frozenset(), frozenset({98.0})]))
def test_matches_reference_on_random_data(data, weighted, excluded) -> None:
    q, by, w, keep = data
    options = TableOptions(suppress_below=0, weighted=weighted, exclude_codes=excluded)
    table = compute_table(make_survey(q, by, w), "q", by="by", mask=keep, options=options)
    check_against_reference(table, q, by, w, keep, options)


def test_matches_reference_on_hand_built_survey() -> None:
    q = [1, 1, 2, 3, 98, 99, 1, 2, 3, 3, np.nan, 1]
    by = [1, 2, 3, 1, 2, 3, 99, 1, 2, 3, 1, np.nan]
    w = [0.5, 1.5, 2.0, 1.0, 0.8, 1.2, 3.0, 0.7, 1.1, 0.9, 1.0, 2.5]
    table = compute_table(make_survey(q, by, w), "q", by="by", options=NO_SUPPRESSION)
    check_against_reference(table, q, by, w, np.ones(12, bool), NO_SUPPRESSION)
    total = table.columns[0]
    # Refused (99) and the blank leave the base; Don't know (98) stays in it.
    assert total.unweighted_base == 10
    # Prefer not to say on `by` (and a blank) leave the breakdown columns but not the total.
    assert sum(c.unweighted_base for c in table.columns[1:]) == 8


def test_unlabelled_codes_are_appended_after_labelled_ones() -> None:
    q = [7, 1, 2, 3, 98, 1, 5]
    table = compute_table(make_survey(q, [1] * 7, [1.0] * 7), "q", options=NO_SUPPRESSION)
    codes = [r.code for r in table.rows if r.kind == "code"]
    assert codes == [1.0, 2.0, 3.0, 98.0, 5.0, 7.0]


def test_include_missing_keeps_user_missing_in_base() -> None:
    q = [1, 2, 99, 99, 3]
    survey = make_survey(q, [1] * 5, [1.0] * 5)
    plain = compute_table(survey, "q", options=NO_SUPPRESSION)
    kept = compute_table(survey, "q", options=replace(NO_SUPPRESSION, include_missing=True))
    assert plain.columns[0].unweighted_base == 3
    assert kept.columns[0].unweighted_base == 5
    refused = next(r for r in kept.rows if r.code == 99.0)
    assert refused.cells[0].percent == pytest.approx(40.0)
    assert 99.0 not in [r.code for r in plain.rows]


def test_exclude_codes_drops_dont_know_from_base_and_rows() -> None:
    q = [1, 2, 98, 98, 3]
    survey = make_survey(q, [1] * 5, [1.0] * 5)
    table = compute_table(survey, "q", options=replace(NO_SUPPRESSION, exclude_codes={98.0}))
    assert table.columns[0].unweighted_base == 3
    assert 98.0 not in [r.code for r in table.rows]


def test_weight_option_overrides_and_unweighted_mode() -> None:
    rng = np.random.default_rng(3)
    q = rng.choice([1.0, 2.0, 3.0], 200)
    w = rng.uniform(0.5, 2, 200)
    survey = make_survey(q, np.ones(200), w)
    unweighted = compute_table(survey, "q", options=replace(NO_SUPPRESSION, weighted=False))
    assert unweighted.columns[0].effective_base == 200
    assert unweighted.columns[0].weighted_base == 200
    agree = unweighted.rows[0].cells[0]
    assert agree.percent == pytest.approx(100 * np.mean(q == 1))
    # Weighting by `by` (all ones) is the same as not weighting.
    by_ones = compute_table(survey, "q", options=replace(NO_SUPPRESSION, weight="by"))
    assert by_ones.rows[0].cells[0].percent == pytest.approx(agree.percent)
    with pytest.raises(ExplorerError):
        compute_table(survey, "q", options=replace(NO_SUPPRESSION, weight="nope"))


def test_zero_negative_and_missing_weights_leave_respondents_out_as_spss_does() -> None:
    rng = np.random.default_rng(11)
    n = 400
    q = rng.choice([1.0, 2.0, 3.0], n)
    by = rng.choice([1.0, 2.0, 3.0], n)
    w = rng.uniform(0.3, 3.0, n)
    w[rng.random(n) < 0.1] = 0.0
    w[rng.random(n) < 0.05] = -1.0
    w[rng.random(n) < 0.05] = np.nan
    table = compute_table(make_survey(q, by, w), "q", by="by", options=NO_SUPPRESSION)
    kept = np.isfinite(w) & (w > 0)
    check_against_reference(table, q, by, np.where(kept, w, 0.0), kept, NO_SUPPRESSION)
    assert table.columns[0].unweighted_base == int(kept.sum()) < n


# --- nets and scores ----------------------------------------------------------------------------
def test_nets_and_net_score_come_from_weighted_sums() -> None:
    rng = np.random.default_rng(5)
    q = rng.choice([1.0, 2.0, 3.0, 98.0], 300)
    w = rng.uniform(0.3, 3, 300)
    table = compute_table(make_survey(q, np.ones(300), w), "q", options=NO_SUPPRESSION)
    rows = {r.code: r for r in table.rows}
    assert [r.kind for r in table.rows][-3:] == ["net", "net", "score"]
    p_agree = w[q == 1].sum() / w.sum()
    p_dis = w[q == 3].sum() / w.sum()
    assert rows["net:agree"].cells[0].percent == pytest.approx(100 * p_agree)
    score = rows["score:agree"].cells[0]
    assert score.percent == pytest.approx(100 * (p_agree - p_dis))
    # Delta method on one multinomial: var(p+ − p−) = (p+ + p− − (p+ − p−)²) / n_eff.
    n_eff = w.sum() ** 2 / (w**2).sum()
    se = math.sqrt((p_agree + p_dis - (p_agree - p_dis) ** 2) / n_eff)
    assert score.ci_low == pytest.approx(100 * (p_agree - p_dis - Z * se))
    assert score.ci_high == pytest.approx(100 * (p_agree - p_dis + Z * se))


def test_show_nets_false_leaves_only_codes() -> None:
    table = compute_table(
        make_survey([1, 2, 3], [1, 1, 1], [1.0] * 3),
        "q",
        options=replace(NO_SUPPRESSION, show_nets=False),
    )
    assert {r.kind for r in table.rows} == {"code"}


# --- multiple response --------------------------------------------------------------------------
@HYPOTHESIS
@given(st.integers(min_value=1, max_value=150), st.integers(min_value=0, max_value=2**32 - 1))
def test_multi_item_share_of_those_who_answered_the_set(n, seed) -> None:
    rng = np.random.default_rng(seed)
    m1 = rng.choice([0.0, 1.0, np.nan], n, p=[0.5, 0.4, 0.1])
    m2 = np.where(np.isnan(m1), np.nan, rng.choice([0.0, 1.0], n))
    by = rng.choice([1.0, 2.0, 3.0, 99.0], n)
    w = rng.uniform(0.5, 2.0, n)
    survey = make_survey(np.ones(n), by, w, m1=m1, m2=m2)
    table = compute_table(survey, "$set", by="by", options=NO_SUPPRESSION)
    answered = ~np.isnan(m1)
    assert [r.label for r in table.rows] == ["Privacy", "Misuse"]
    keys = ["all"] + [c for c in (1.0, 2.0, 3.0) if np.any(by == c)]
    assert [c.key for c in table.columns] == keys
    for j, key in enumerate(keys):
        in_col = answered if key == "all" else answered & (by == key)
        assert table.columns[j].unweighted_base == in_col.sum()
        for row, item in zip(table.rows, (m1, m2)):
            if not in_col.any():
                assert row.cells[j].percent is None
                continue
            expected = 100 * w[in_col & (item == 1)].sum() / w[in_col].sum()
            assert row.cells[j].percent == pytest.approx(expected)


def test_breakdown_by_a_multiple_response_set() -> None:
    rng = np.random.default_rng(4)
    n = 300
    m1, m2 = rng.choice([0.0, 1.0], n), rng.choice([0.0, 1.0], n)
    q = rng.choice([1.0, 2.0, 3.0], n)
    w = rng.uniform(0.5, 2.0, n)
    table = compute_table(
        make_survey(q, np.ones(n), w, m1=m1, m2=m2), "q", by="$set", options=NO_SUPPRESSION
    )
    assert [c.key for c in table.columns] == ["all", "m1", "m2"]
    for j, item in ((1, m1), (2, m2)):
        chose = item == 1
        expected = 100 * w[chose & (q == 1)].sum() / w[chose].sum()
        assert table.rows[0].cells[j].percent == pytest.approx(expected)


# --- columns, flags, suppression ---------------------------------------------------------------
def test_base_flags_follow_thresholds() -> None:
    by = [1] * 120 + [2] * 70 + [3] * 30
    table = compute_table(make_survey([1, 2] * 110, by, [1.0] * 220), "q", by="by")
    flags = {c.key: c.flags for c in table.columns}
    assert flags["all"] == ()
    assert flags[1.0] == ()
    assert flags[2.0] == (LOW_BASE,)
    assert flags[3.0] == (VERY_LOW_BASE,)
    assert [c.letter for c in table.columns] == ["", "A", "B", "C"]


def test_small_cells_and_small_columns_are_suppressed_but_zero_cells_are_not() -> None:
    # Column 1: 50 agree, 20 neither, 5 disagree (suppressed cell), 0 don't know (a zero, shown).
    # Column 2: 6 respondents in all (whole column hidden).
    q = [1] * 50 + [2] * 20 + [3] * 5 + [1] * 6
    by = [1] * 75 + [2] * 6
    shown = TableOptions(show_empty=True)
    table = compute_table(make_survey(q, by, [1.0] * 81), "q", by="by", options=shown)
    rows = {r.code: r for r in table.rows}
    assert rows[3.0].cells[1].suppressed and rows[3.0].cells[1].percent is None
    assert not rows[98.0].cells[1].suppressed and rows[98.0].cells[1].percent == 0
    # The column's answers add to 100%: another answer is hidden with the small one.
    assert any(rows[c].cells[1].suppressed for c in (1.0, 2.0))
    # The small column is hidden, except answers nobody at all gave (zero in every column).
    small = [r for r in table.rows if r.code != 98.0]
    assert all(r.cells[2].suppressed and r.cells[2].percent is None for r in small)
    assert rows[98.0].cells[2].percent == 0
    assert "suppressed" in table.columns[2].flags
    # A net resting on a suppressed cell is hidden; a score built on it is shown only when the
    # other net is hidden too (else score + shown net gives the hidden one).
    assert rows["net:disagree"].cells[1].suppressed
    assert rows["score:agree"].cells[1].suppressed or rows["net:agree"].cells[1].suppressed
    assert table.to_json()["rows"][2]["cells"][1]["unweighted_count"] is None


def test_empty_breakdown_column_has_no_percentages() -> None:
    survey = make_survey([1, 2] * 20, [1] * 40, [1.0] * 40)
    assert [c.key for c in compute_table(survey, "q", by="by").columns] == ["all", 1.0]
    table = compute_table(survey, "q", by="by", options=TableOptions(show_empty=True))
    assert table.columns[3].unweighted_base == 0
    assert all(r.cells[3].percent is None and not r.cells[3].suppressed for r in table.rows)


# --- significance --------------------------------------------------------------------------------
def reference_letters(q, by, w, code, alpha_z=Z, hidden=None):
    """Letters each breakdown column earns on `code`, by the pooled z-test on Kish bases.

    `hidden` (breakdown column → bool) marks cells the table hides to protect another hidden
    cell: a letter against one would tell which side of a shown figure it lies."""
    out = []
    for i in (1.0, 2.0, 3.0):
        letters = ""
        for j, letter in zip((1.0, 2.0, 3.0), "ABC"):
            ci, cj = (by == i) & ~np.isnan(q), (by == j) & ~np.isnan(q)
            if i == j or ci.sum() < 10 or cj.sum() < 10:
                continue
            pi = w[ci & (q == code)].sum() / w[ci].sum()
            pj = w[cj & (q == code)].sum() / w[cj].sum()
            ni = w[ci].sum() ** 2 / (w[ci] ** 2).sum()
            nj = w[cj].sum() ** 2 / (w[cj] ** 2).sum()
            pooled = (pi * ni + pj * nj) / (ni + nj)
            se = math.sqrt(pooled * (1 - pooled) * (1 / ni + 1 / nj))
            small = [0 < (c & (q == code)).sum() < 10 for c in (ci, cj)]
            small += [bool(hidden and (hidden[i] or hidden[j]))]
            if se > 0 and not any(small) and (pi - pj) / se > alpha_z:
                letters += letter
        out.append(letters)
    return out


def test_significance_letters_match_a_reference_z_test() -> None:
    rng = np.random.default_rng(21)
    n = 900
    by = rng.choice([1.0, 2.0, 3.0], n)
    # Column 3 agrees far more often than the others; 1 and 2 are alike.
    q = np.where(rng.random(n) < np.where(by == 3, 0.6, 0.3), 1.0, 2.0)
    w = rng.uniform(0.5, 2.0, n)
    table = compute_table(make_survey(q, by, w), "q", by="by", options=UNCORRECTED)
    agree = table.rows[0]
    assert [c.significance for c in agree.cells[1:]] == reference_letters(q, by, w, 1.0)
    assert agree.cells[3].significance == "AB"
    assert agree.cells[0].significance == ""


@HYPOTHESIS
@given(st.integers(min_value=30, max_value=400), st.integers(min_value=0, max_value=2**32 - 1))
def test_significance_letters_on_random_data(n, seed) -> None:
    rng = np.random.default_rng(seed)
    by = rng.choice([1.0, 2.0, 3.0], n)
    q = np.where(rng.random(n) < np.array([0.2, 0.35, 0.6])[by.astype(int) - 1], 1.0, 2.0)
    w = rng.uniform(0.3, 3.0, n)
    table = compute_table(make_survey(q, by, w), "q", by="by", options=UNCORRECTED)
    for row in table.rows:
        if row.kind == "code":
            found = [c.significance for c in row.cells[1:]]
            hidden = {k + 1.0: c.suppressed for k, c in enumerate(row.cells[1:])}
            assert found == reference_letters(q, by, w, row.code, hidden=hidden)


# --- contract properties (hypothesis) ----------------------------------------------------------
@HYPOTHESIS
@given(random_survey_data())
def test_single_choice_percentages_sum_to_100(data) -> None:
    q, by, w, keep = data
    table = compute_table(make_survey(q, by, w), "q", by="by", mask=keep, options=NO_SUPPRESSION)
    for j, column in enumerate(table.columns):
        if column.weighted_base > 0:
            total = sum(r.cells[j].percent for r in table.rows if r.kind == "code")
            assert total == pytest.approx(100.0)


@HYPOTHESIS
@given(random_survey_data(), st.floats(min_value=0.01, max_value=1000))
def test_scaling_weights_changes_no_percentage(data, factor) -> None:
    q, by, w, _ = data
    one = compute_table(make_survey(q, by, w), "q", by="by")
    scaled = compute_table(make_survey(q, by, w * factor), "q", by="by")
    for a, b in zip(one.columns, scaled.columns):
        assert b.effective_base == pytest.approx(a.effective_base, rel=1e-9, abs=1e-9)
    for ra, rb in zip(one.rows, scaled.rows):
        for a, b in zip(ra.cells, rb.cells):
            assert (a.percent is None) == (b.percent is None)
            if a.percent is not None:
                assert b.percent == pytest.approx(a.percent, rel=1e-9, abs=1e-9)
                assert b.significance == a.significance


@HYPOTHESIS
@given(random_survey_data())
def test_mask_keeping_everyone_changes_nothing(data) -> None:
    q, by, w, _ = data
    survey = make_survey(q, by, w)
    assert compute_table(survey, "q", by="by") == compute_table(
        survey, "q", by="by", mask=np.ones(len(q), dtype=bool)
    )


@HYPOTHESIS
@given(random_survey_data())
def test_interval_contains_the_estimate(data) -> None:
    q, by, w, keep = data
    table = compute_table(make_survey(q, by, w), "q", by="by", mask=keep, options=NO_SUPPRESSION)
    for row in table.rows:
        for cell in row.cells:
            if cell.percent is not None and cell.ci_low is not None:
                assert cell.ci_low - 1e-9 <= cell.percent <= cell.ci_high + 1e-9


# --- errors and scale --------------------------------------------------------------------------
def test_refuses_unknown_and_untabulable_variables() -> None:
    survey = make_survey([1, 2], [1, 1], [1.0, 1.0])
    with pytest.raises(ExplorerError, match="no variable named"):
        compute_table(survey, "nope")
    with pytest.raises(ExplorerError, match="weight variable"):
        compute_table(survey, "w")
    with pytest.raises(ExplorerError, match="broken down"):
        compute_table(survey, "q", by="w")


def test_illustrative_survey_says_so() -> None:
    table = compute_table(make_survey([1], [1], [1.0], illustrative=True), "q")
    assert any("Illustrative" in note for note in table.notes)


@pytest.mark.slow
def test_a_million_respondents_in_seconds() -> None:
    rng = np.random.default_rng(0)
    n = 1_000_000
    q = rng.choice([1.0, 2.0, 3.0, 98.0], n)
    by = rng.choice([1.0, 2.0, 3.0, 99.0], n)
    w = rng.uniform(0.2, 5, n)
    survey = make_survey(q, by, w)
    start = time.perf_counter()
    table = compute_table(survey, "q", by="by")
    elapsed = time.perf_counter() - start
    assert table.columns[0].unweighted_base == n
    assert elapsed < 10, elapsed
