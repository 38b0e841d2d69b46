"""Narrowing a large float column decides from a sample only when the sample proves it (a
fraction, a double that is no float32); a value the sample missed still decides the dtype."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core.survey.model import _SAMPLE, SYSMIS_INT, narrow

N = _SAMPLE * 8 + 3
LATE = N - 2  # not on the sample's stride


def test_the_late_index_is_not_sampled() -> None:
    assert LATE % (N // _SAMPLE) != 0


def test_weights_with_doubles_stay_float64() -> None:
    weights = np.random.default_rng(1).uniform(0.2, 3.0, N)
    out = narrow(weights)
    assert out.dtype == np.float64 and np.array_equal(out, weights)


def test_quarters_are_float32_unless_one_value_is_not() -> None:
    quarters = np.random.default_rng(2).integers(1, 40, N) / 4.0
    assert narrow(quarters).dtype == np.float32
    quarters[LATE] = 0.1  # not a float32: only the full check sees it
    out = narrow(quarters)
    assert out.dtype == np.float64 and np.array_equal(out, quarters)


def test_codes_are_ints_unless_one_value_is_a_fraction() -> None:
    codes = np.random.default_rng(3).integers(1, 6, N).astype(np.float64)
    codes[5] = np.nan
    out = narrow(codes)
    assert out.dtype == np.int8 and out[5] == SYSMIS_INT[np.dtype(np.int8)]
    assert np.array_equal(out[6:], codes[6:].astype(np.int8))
    codes[LATE] = 2.5
    out = narrow(codes)
    assert out.dtype.kind == "f" and np.array_equal(out, codes, equal_nan=True)


def _cases():
    rng = np.random.default_rng(11)
    n = 300_000  # above the sample's size, so the sample's shortcut is taken too
    codes = rng.choice([1.0, 2.0, 3.0, 98.0, np.nan], n)
    yield "codes with missing", codes
    yield "codes without missing", rng.choice([1.0, 2.0, 5.0], n)
    yield "wide codes", rng.choice([-40000.0, 0.0, 70000.0, np.nan], n)
    yield "all missing", np.full(n, np.nan)
    yield "weights", rng.uniform(0.2, 3.0, n)
    yield "float32 fractions", rng.choice([0.5, 1.25, np.nan], n)
    late = np.ones(n)
    late[-7] = 1.5  # a fraction the sample does not see
    yield "a late fraction", late
    yield "huge", np.r_[np.ones(n - 1), 2.0**63]
    yield "infinite", np.r_[np.ones(n - 1), np.inf]
    yield "small", np.array([1.0, np.nan, 3.0])
    yield "empty", np.empty(0)
    yield "bounds of int8", np.r_[np.full(n - 2, -127.0), 127.0, 128.0]
    # codes that fit int8 (with system-missing marked as int8's minimum) until a late one needs
    # int16: the early missing must become int16's minimum, not stay -128
    widening = rng.choice([1.0, 2.0, np.nan], n)
    widening[-3] = 300.0
    yield "widening after missing", widening
    yield "a real -128 then wider", np.r_[np.full(n // 2, np.nan), -128.0, np.ones(n // 2), 40000.0]
    yield "missing chunks first", np.r_[np.full(n - 5, np.nan), 1.0, 2.0, 3.0, 4.0, 5.0]
    yield "a fraction after missing chunks", np.r_[np.full(n - 2, np.nan), 1.0, 1.5]


@pytest.mark.parametrize("name,values", list(_cases()), ids=[c[0] for c in _cases()])
@pytest.mark.parametrize("pieces", [1, 3, 115])
def test_narrowing_by_chunks_equals_narrowing_the_whole_column(name, values, pieces) -> None:
    """`NarrowColumn` (the .sav reader's batches, narrowed as they come, never joined into one
    float64 column) gives exactly `narrow` of the whole column: same dtype, values, missing."""
    chunks = np.array_split(values, pieces) if values.size else [values]
    column = _column(chunks)
    got, want = column.finish(), narrow(values)
    assert got.dtype == want.dtype, name
    np.testing.assert_array_equal(got, want)
    # the codes found batch by batch are those of the whole column, where they were found
    codes = column.codes()
    if codes is not None:
        np.testing.assert_array_equal(codes, np.unique(values[~np.isnan(values)]))
    elif want.dtype.kind == "i" and want.dtype.itemsize <= 2 and not np.isnan(values).all():
        raise AssertionError(f"{name}: the codes of a {want.dtype} column were not found")


def _column(chunks, *, no_nan=False):
    from explorer.core.survey.sav_batches import NarrowColumn

    column = NarrowColumn()
    for chunk in chunks:
        column.add(chunk, no_nan=no_nan or not np.isnan(chunk).any())
    return column


def _by_chunks(chunks, *, no_nan=False):
    return _column(chunks, no_nan=no_nan).finish()


def test_a_nan_in_a_column_said_to_have_no_nulls_still_narrows_exactly() -> None:
    values = np.r_[np.ones(200_000), np.nan, 2.0]
    got = _by_chunks(np.array_split(values, 4), no_nan=True)
    want = narrow(values)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
