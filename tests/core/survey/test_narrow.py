"""Narrowing a large float column decides from a sample only when the sample proves it (a
fraction, a double that is no float32); a value the sample missed still decides the dtype."""

from __future__ import annotations

import numpy as np

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
