"""The sort-free distinct values give exactly what np.unique gives: codes held by the kept
respondents (system-missing left out), and a weight's few values with each respondent's class,
including a value too rare to be in the sample and columns with too many values."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core.survey.distinct import SAMPLE, few_values, held_codes
from explorer.core.survey.variable_kind import SYSMIS_INT


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.uint8, np.uint16])
def test_held_codes_are_np_unique_of_the_kept(dtype) -> None:
    rng = np.random.default_rng(1)
    info = np.iinfo(dtype)
    column = rng.choice(np.array([1, 2, 5, 98, info.max], dtype=dtype), 5000)
    sentinel = SYSMIS_INT.get(np.dtype(dtype))
    if sentinel is not None:
        column[::7] = sentinel
    column[3] = 77  # held by one respondent only
    keep = rng.random(5000) < 0.5
    keep[3] = False
    for mask in (keep, None, np.ones(5000, bool)):
        kept = column if mask is None else column[mask]
        expected = {float(v) for v in np.unique(kept) if sentinel is None or v != sentinel}
        assert held_codes(column, mask) == expected
    assert 77.0 not in held_codes(column, keep) and 77.0 in held_codes(column, None)


def test_held_codes_leave_wide_and_float_columns_to_np_unique() -> None:
    assert held_codes(np.arange(10, dtype=np.int32), None) is None
    assert held_codes(np.arange(10, dtype=np.float64), None) is None


@pytest.mark.parametrize("size", [1000, SAMPLE * 20 + 13])
def test_few_values_equal_np_unique(size) -> None:
    rng = np.random.default_rng(2)
    weights = rng.choice([0.4, 0.85, 1.0, 1.2, 2.5, 0.0], size)
    weights[size // 2 + 1] = 3.75  # rare: almost surely not in the sample
    values, index = few_values(weights, 4096)
    want_values, want_index = np.unique(weights, return_inverse=True)
    assert np.array_equal(values, want_values)
    assert np.array_equal(index, want_index.reshape(-1))
    assert 3.75 in values


def test_many_values_are_refused() -> None:
    rng = np.random.default_rng(3)
    assert few_values(rng.uniform(0.5, 2.0, SAMPLE * 4), 4096) is None
    many_late = np.concatenate([np.ones(SAMPLE * 4), np.arange(5000.0)])
    assert few_values(many_late, 4096) is None  # the sample sees few, the whole column many


def test_few_values_with_missing_weights_still_equal_np_unique() -> None:
    """NaN never equals itself, so a column with NaN takes np.unique's own path: same answer."""
    rng = np.random.default_rng(4)
    weights = rng.choice([0.5, 1.0, 2.0], SAMPLE * 4)
    weights[[5, SAMPLE * 2 + 3]] = np.nan
    weights[SAMPLE * 3 + 1] = 7.5  # rare too
    values, index = few_values(weights, 4096)
    want_values, want_index = np.unique(weights, return_inverse=True)
    np.testing.assert_array_equal(values, want_values)
    np.testing.assert_array_equal(index, want_index.reshape(-1))


@pytest.mark.parametrize("size", [1, 2, 3, 4097, 100_001])
def test_held_bytes_counted_in_pairs_equal_np_unique(size) -> None:
    rng = np.random.default_rng(size)
    for dtype in (np.int8, np.uint8):
        info = np.iinfo(dtype)
        column = rng.integers(info.min, info.max, size, endpoint=True).astype(dtype)
        column[-1] = 42  # the odd one out of the pairs, when the size is odd
        sentinel = SYSMIS_INT.get(np.dtype(dtype))
        expected = {float(v) for v in np.unique(column) if sentinel is None or v != sentinel}
        assert held_codes(column, None) == expected
        sliced = column[::3]  # not contiguous
        expected = {float(v) for v in np.unique(sliced) if sentinel is None or v != sentinel}
        assert held_codes(sliced, None) == expected
