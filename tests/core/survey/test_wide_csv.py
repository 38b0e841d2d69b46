"""A wide CSV read column-wise (`wide`) gives exactly the survey the pandas path gives: the same
variables (kinds, codes, labels) and the same stored columns (values and narrowed types), for
columns of every shape: few codes, many integers, fractions, float32-exact and not, blanks,
all-blank, huge integers, identifiers, weights, text, dates, "inf" and "NaN" written out."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core.survey import tabular, wide
from explorer.core.survey.load import load_survey


def _columns(rng, n: int) -> dict[str, list[str]]:
    ints = rng.integers(1, 6, n)
    return {
        "q_codes": [str(v) for v in ints],
        "q_blanks": [str(v) if i % 3 else "" for i, v in enumerate(ints)],
        "age": [str(v) for v in rng.integers(16, 90, n)],
        "income": [f"{v:.3f}" for v in rng.normal(30_000, 9_000, n)],
        "half": [str(v / 2) for v in rng.integers(0, 9, n)],
        "negative": [str(v) for v in rng.integers(-300, 3, n)],
        "big": [str(v) for v in rng.integers(2**40, 2**41, n)],
        "huge": ["9223372036854775807" if i == 0 else "1" for i in range(n)],
        "respondent_id": [str(i + 1) for i in range(n)],
        "weight": [f"{v:.4f}" for v in rng.uniform(0.3, 3, n)],
        "w_codes": ["1", "2"] * (n // 2),
        "nothing": [" "] * n,
        "region": rng.choice(["North", "South", "Don't know"], n).tolist(),
        "when": [f"2024-03-{1 + i % 28:02d}" for i in range(n)],
        "said": [f"answer number {i}" for i in range(n)],
        "infinite": ["inf" if i == 1 else "2" for i in range(n)],
        "nan_text": ["NaN", *["3"] * (n - 1)],
        "spaced": [f" {v} " for v in ints],
        "NA_mixed": ["NA" if i % 4 == 0 else str(v) for i, v in enumerate(ints)],
    }


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_wide_reader_matches_the_pandas_reader(tmp_path, monkeypatch, seed):
    columns = _columns(np.random.default_rng(seed), 40)
    path = tmp_path / "table.csv"
    lines = [",".join(columns)] + [
        ",".join(f'"{columns[c][r]}"' if "," in columns[c][r] else columns[c][r] for c in columns)
        for r in range(40)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(tabular, "WIDE", 10**9)
    slow = load_survey(path)
    monkeypatch.setattr(tabular, "WIDE", 1)
    calls = []
    real = wide.build_wide
    monkeypatch.setattr(wide, "build_wide", lambda *a, **k: calls.append(1) or real(*a, **k))
    fast = load_survey(path)
    assert calls == [1]  # read column-wise
    assert type(fast.variables) is type(slow.variables)
    assert list(fast.variables) == list(slow.variables)
    for name, var in slow.variables.items():
        assert fast.variables[name] == var, name
    assert fast.weight == slow.weight and fast.warnings == slow.warnings
    for name, column in slow.columns.items():
        mine = fast.columns[name]
        assert mine.dtype == column.dtype, name
        if column.dtype.kind in "fiu":
            np.testing.assert_array_equal(mine, column, err_msg=name)
        else:
            assert [str(v) for v in mine] == [str(v) for v in column], name
