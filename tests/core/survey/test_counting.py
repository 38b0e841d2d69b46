"""The fast counting path (`counting`) checked against numpy on the raw arrays, and whole tables
from it checked equal to the general path's, on random surveys (hypothesis) with missing codes,
unlabelled codes, wide integer codes, few or many distinct weights, breakdowns and MR sets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.survey import counting, tabulate
from explorer.core.survey.model import Kind, Net, SourceInfo, Survey, Variable
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import compute_table

LABELS = ((1.0, "Agree"), (2.0, "Neither"), (3.0, "Disagree"), (98.0, "Don't know"))


def survey_from(q, by, w, m1, m2, *, wide: bool = False) -> Survey:
    q = np.asarray(q, dtype=float)
    if wide:  # codes past int8 (e.g. 999 = refused) are stored as int16
        q = np.where(q == 7, 999.0, q)
    frame = pd.DataFrame({"q": q, "by": np.asarray(by, dtype=float), "w": w, "m1": m1, "m2": m2})
    variables = {
        "q": Variable(
            "q",
            "Question",
            Kind.SCALE,
            LABELS + ((99.0, "Refused"),),
            missing_values=frozenset({99.0}),
            missing_ranges=((900.0, 1000.0),),
            nets=(Net("agree", "Agree (net)", (1.0, 2.0)), Net("dis", "Disagree", (3.0,))),
            net_scores=(("agree", "Net agree", "agree", "dis"),),
        ),
        "by": Variable(
            "by",
            "Age",
            Kind.NOMINAL,
            ((1.0, "Young"), (2.0, "Old"), (9.0, "Refused")),
            missing_values=frozenset({9.0}),
        ),
        "w": Variable("w", "Weight", Kind.WEIGHT),
        "m1": Variable("m1", "Privacy", Kind.NOMINAL, missing_values=frozenset({9.0})),
        "m2": Variable("m2", "Misuse", Kind.NOMINAL),
        "$set": Variable("$set", "Concerns", Kind.MULTI, members=("m1", "m2"), counted_value=1.0),
    }
    return Survey.from_frame(frame, variables, SourceInfo("t.sav", "spss"), weight="w")


@st.composite
def surveys(draw):
    n = draw(st.integers(1, 80))
    codes = st.sampled_from([1.0, 2.0, 3.0, 4.0, 7.0, 98.0, 99.0, float("nan")])
    q = draw(st.lists(codes, min_size=n, max_size=n))
    by = draw(st.lists(st.sampled_from([1.0, 2.0, 5.0, 9.0, float("nan")]), min_size=n, max_size=n))
    few = draw(st.booleans())  # rim weights take few values; calibrated ones many
    weight = st.sampled_from([0.5, 1.0, 2.25]) if few else st.floats(0.0, 5.0)
    w = draw(st.lists(weight, min_size=n, max_size=n))
    items = st.sampled_from([0.0, 1.0, 9.0, float("nan")])
    m1 = draw(st.lists(items, min_size=n, max_size=n))
    m2 = draw(st.lists(items, min_size=n, max_size=n))
    keep = np.asarray(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    return survey_from(q, by, w, m1, m2, wide=draw(st.booleans())), keep


def general_path(monkeypatch) -> None:
    monkeypatch.setattr(tabulate, "_fast_counts", lambda *args: None)


OPTIONS = [
    TableOptions(suppress_below=0),
    TableOptions(include_missing=True, exclude_codes=frozenset({98.0})),
    TableOptions(weighted=False),
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surveys(), st.sampled_from(["q", "$set"]), st.sampled_from([None, "by"]), st.integers(0, 2))
def test_fast_tables_equal_the_general_path(made, question, by, which) -> None:
    survey, keep = made
    options = OPTIONS[which]
    mask = keep.copy()
    mask.flags.writeable = False  # cached masks are read-only: exercise the cached Selection too
    fast = compute_table(survey, question, by=by, mask=mask, options=options)
    with pytest.MonkeyPatch.context() as patch:
        general_path(patch)
        slow = compute_table(survey, question, by=by, mask=keep, options=options)
    assert [c.key for c in fast.columns] == [c.key for c in slow.columns]
    assert [r.code for r in fast.rows] == [r.code for r in slow.rows]
    for a, b in zip(fast.columns, slow.columns):
        assert a.unweighted_base == b.unweighted_base
        assert a.weighted_base == pytest.approx(b.weighted_base, rel=1e-9, abs=1e-9)
        assert a.effective_base == pytest.approx(b.effective_base, rel=1e-9, abs=1e-9)
        assert a.flags == b.flags
    for ra, rb in zip(fast.rows, slow.rows):
        for a, b in zip(ra.cells, rb.cells):
            assert a.unweighted_count == b.unweighted_count
            assert a.suppressed == b.suppressed
            assert a.significance == b.significance
            for x, y in ((a.percent, b.percent), (a.ci_low, b.ci_low), (a.ci_high, b.ci_high)):
                assert (x is None) == (y is None)
                if x is not None:
                    assert x == pytest.approx(y, rel=1e-9, abs=1e-9)


def test_single_counts_match_numpy_with_and_without_weight_classes(monkeypatch) -> None:
    rng = np.random.default_rng(3)
    n = 5000
    q = rng.choice([1.0, 2.0, 3.0, 98.0, 99.0, 5.0, np.nan], size=n)
    by = rng.choice([1.0, 2.0, 9.0, np.nan], size=n)
    for w in (rng.choice([0.4, 1.0, 1.7], size=n), rng.gamma(2.0, 0.5, size=n)):
        survey = survey_from(q, by, w, np.zeros(n), np.zeros(n))
        keep = rng.random(n) < 0.6
        sel = counting.selection(survey, keep, w, "w")
        assert (sel.classes is not None) == (np.unique(w).size <= counting.MAX_CLASSES)
        found = counting.single_counts(
            survey,
            survey.variable("q"),
            "by",
            sel,
            include_missing=False,
            exclude_codes=frozenset(),
        )
        valid = keep & ~np.isnan(q) & (q != 99.0)
        assert found.codes == [1.0, 2.0, 3.0, 98.0, 5.0]
        for c, col in enumerate([valid, valid & (by == 1.0), valid & (by == 2.0)]):
            assert found.base_count[c] == col.sum()
            assert found.base_weight[c] == pytest.approx(w[col].sum(), rel=1e-12)
            assert found.base_square[c] == pytest.approx((w[col] ** 2).sum(), rel=1e-12)
            for r, code in enumerate(found.codes):
                assert found.count[r, c] == (col & (q == code)).sum()
                assert found.weight[r, c] == pytest.approx(w[col & (q == code)].sum(), rel=1e-12)


def test_masks_are_cached_read_only_and_match_numpy() -> None:
    rng = np.random.default_rng(5)
    n = 300
    q = rng.choice([1.0, 2.0, 3.0, np.nan], size=n)
    survey = survey_from(q, np.ones(n), np.ones(n), np.zeros(n), np.zeros(n), wide=True)
    mask = survey.mask({"q": (1.0, 3.0, 2.5, 1e6)})
    assert np.array_equal(mask, np.isin(q, [1.0, 3.0]))
    assert not mask.flags.writeable
    assert survey.mask({"q": [3.0, 1.0, 2.5, 1e6]}) is mask  # same codes, another order: cached
    assert survey.mask({"q": (1.0,)}) is not mask


def test_a_caller_mask_never_brings_back_respondents_the_weight_leaves_out() -> None:
    """Zero weights leave respondents out of every table, whatever mask a caller built; with
    them counted, a labelled code nobody weighted holds lost its row and its respondents were
    counted in the next code's row (the general path said 2 where one respondent held code 4)."""
    n = 23
    q = [1.0] * 22 + [4.0]
    weights = [1.0] * 20 + [0.0] * 3
    survey = survey_from(q, [1.0] * n, weights, [0.0] * n, [0.0] * n)
    keep = np.zeros(n, dtype=bool)
    keep[19:] = True  # one weighted respondent (code 1) and three with zero weight
    for path in ("fast", "general"):
        with pytest.MonkeyPatch.context() as patch:
            if path == "general":
                general_path(patch)
            table = compute_table(survey, "q", mask=keep, options=TableOptions(suppress_below=0))
        assert table.columns[0].unweighted_base == 1, path
        counts = {row.code: row.cells[0].unweighted_count for row in table.rows}
        assert counts.get(1.0) == 1 and counts.get(4.0, 0) == 0, (path, counts)
