"""Tables over sparse, wide code sets (codes up to 32,767, labels nobody chose, breakdowns whose
highest labelled code is unused): no crash, empty labelled codes hidden unless asked, and every
count equal to a numpy count written here. Regression: "could not broadcast (634,) into (652,)".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.survey.model import Kind, SourceInfo, Survey, Variable
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import compute_table

CODES = st.integers(min_value=1, max_value=32767)


@st.composite
def sparse_survey(draw):
    labelled_q = sorted(draw(st.sets(CODES, min_size=1, max_size=12)))
    labelled_by = sorted(draw(st.sets(CODES, min_size=1, max_size=80)))
    n = draw(st.integers(min_value=1, max_value=400))
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    rng = np.random.default_rng(seed)
    # Answers use a random subset of the labels (the highest is often unused), a few unlabelled
    # codes, and blanks.
    used_q = rng.choice(labelled_q, size=max(1, len(labelled_q) // 2), replace=False)
    used_by = rng.choice(labelled_by, size=max(1, len(labelled_by) * 2 // 3), replace=False)
    q = rng.choice(np.append(used_q, [32767, -5]), n).astype(float)
    by = rng.choice(used_by, n).astype(float)
    q[rng.random(n) < 0.05] = np.nan
    by[rng.random(n) < 0.05] = np.nan
    w = rng.uniform(0.2, 4.0, n)
    w[rng.random(n) < 0.05] = 0.0
    variables = {
        "q": Variable("q", "Q", Kind.NOMINAL, tuple((float(c), f"q{c}") for c in labelled_q)),
        "by": Variable("by", "By", Kind.NOMINAL, tuple((float(c), f"b{c}") for c in labelled_by)),
        "w": Variable("w", "Weight", Kind.WEIGHT),
    }
    survey = Survey.from_frame(
        pd.DataFrame({"q": q, "by": by, "w": w}), variables, SourceInfo("s.sav", "spss"), weight="w"
    )
    return survey, q, by, w, labelled_q, labelled_by


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sparse_survey(), st.booleans())
def test_sparse_codes_match_numpy(data, show_empty) -> None:
    survey, q, by, w, labelled_q, labelled_by = data
    options = TableOptions(suppress_below=0, show_empty=show_empty)
    table = compute_table(survey, "q", by="by", options=options)
    kept = w > 0
    held_by = set(by[kept & ~np.isnan(by)])
    want_columns = [c for c in labelled_by if show_empty or c in held_by]
    assert [c.key for c in table.columns] == ["all", *want_columns]
    held_q = set(q[kept & ~np.isnan(q)])
    rows = [r.code for r in table.rows]
    labelled_rows = [c for c in labelled_q if show_empty or c in held_q]
    assert rows[: len(labelled_rows)] == labelled_rows
    assert set(rows[len(labelled_rows) :]) == held_q - set(labelled_q)
    in_base = kept & ~np.isnan(q)
    for j, column in enumerate(table.columns):
        in_col = in_base if column.key == "all" else in_base & (by == column.key)
        assert column.unweighted_base == int(in_col.sum())
        assert column.weighted_base == pytest.approx(w[in_col].sum(), rel=1e-12, abs=1e-12)
        for row in table.rows:
            cell = row.cells[j]
            assert cell.unweighted_count == int((in_col & (q == row.code)).sum())
            if in_col.any():
                expected = 100 * w[in_col & (q == row.code)].sum() / w[in_col].sum()
                assert cell.percent == pytest.approx(expected, abs=1e-9)
    outside = int(in_base.sum()) - sum(c.unweighted_base for c in table.columns[1:])
    assert any(f"includes {outside:,} respondent" in n for n in table.notes) == (outside > 0)


def test_the_reported_crash_is_fixed() -> None:
    """Labelled codes needing 16 bits, the 18 highest unused: used to raise ValueError (the
    report had 651 codes; 121 show the same fault without a minute of pairwise letters)."""
    rng = np.random.default_rng(1)
    codes = np.arange(1, 122) * 300
    by = rng.choice(codes[:-18], 2000).astype(float)
    q = rng.choice([1.0, 2.0, 3.0], 2000)
    variables = {
        "q": Variable("q", "Q", Kind.NOMINAL, ((1.0, "a"), (2.0, "b"), (3.0, "c"))),
        "by": Variable("by", "By", Kind.NOMINAL, tuple((float(c), f"c{c}") for c in codes)),
    }
    survey = Survey.from_frame(
        pd.DataFrame({"q": q, "by": by}), variables, SourceInfo("x.csv", "csv")
    )
    table = compute_table(survey, "q", by="by")
    assert len(table.columns) == 1 + len(set(by))
    shown = compute_table(survey, "q", by="by", options=TableOptions(show_empty=True))
    assert len(shown.columns) == 1 + len(codes)
    assert all(c.unweighted_base == 0 for c in shown.columns[-18:])
