"""Distinct values of million-row columns without sorting them: the codes a column holds (one
`bincount` over the narrow codes) and the few values a weight takes, with each respondent's
class (a sorted sample, then one `searchsorted` checked exactly). Each gives what `np.unique`
would, or None where it cannot, and the caller then uses `np.unique`.
"""

from __future__ import annotations

import numpy as np

from explorer.core.survey.variable_kind import SYSMIS_INT

SAMPLE = 1 << 16  # values looked at to guess the distinct ones


def held_codes(column: np.ndarray, keep: np.ndarray | None) -> frozenset[float] | None:
    """The codes of an int8/int16 (or uint8/uint16) column held by the `keep` respondents, as
    `np.unique` of its values would give them, system-missing left out; None for other dtypes."""
    if column.dtype.kind not in "iu" or column.dtype.itemsize > 2:
        return None
    kept = column if keep is None or keep.all() else column[keep]
    unsigned = np.dtype(f"u{column.dtype.itemsize}")
    if column.dtype.itemsize == 1 and kept.size > 1:
        held = _bytes_held(np.ascontiguousarray(kept).view(np.uint8)).view(column.dtype)
    else:
        counts = bin_totals(kept.view(unsigned), 1 << (8 * column.dtype.itemsize))
        held = np.flatnonzero(counts).astype(unsigned).view(column.dtype)
    sentinel = SYSMIS_INT.get(column.dtype)
    return frozenset(float(code) for code in held if sentinel is None or code != sentinel)


def bin_totals(values: np.ndarray, size: int, chunk: int = 1 << 20) -> np.ndarray:
    """`np.bincount(values, minlength=size)` of small non-negative integers, a chunk at a time:
    bincount widens its input to 8-byte integers first, and at ten million rows that copy (80 MB)
    took as long as the counting."""
    out = np.zeros(size, dtype=np.int64)
    for start in range(0, values.size, chunk):
        out += np.bincount(values[start : start + chunk], minlength=size)[:size]
    return out


def _bytes_held(data: np.ndarray) -> np.ndarray:
    """The distinct bytes of a uint8 array, sorted: counted two at a time (half the elements for
    `bincount` to widen and count), then each pair split back into its two bytes."""
    even = data[: data.size // 2 * 2]
    pairs = np.flatnonzero(bin_totals(even.view(np.uint16), 1 << 16))
    found = np.zeros(256, dtype=bool)
    found[pairs & 0xFF] = True
    found[pairs >> 8] = True
    if data.size % 2:
        found[data[-1]] = True
    return np.flatnonzero(found).astype(np.uint8)


def few_values(values: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray] | None:
    """(sorted distinct values, each value's index among them) as `np.unique(values,
    return_inverse=True)` gives them, or None when there are more than `limit` distinct values."""
    if values.size > SAMPLE:
        guess = np.unique(values[:: values.size // SAMPLE])
        if guess.size > limit:
            return None  # a sample already holds too many
        index = np.searchsorted(guess, values)
        np.minimum(index, guess.size - 1, out=index)
        missed = guess[index] != values
        if not missed.any():  # every value is one of the sample's
            return guess, index
        # a few rare values the sample missed: add them and renumber, rather than sort every
        # value (or search for each again)
        rare = values[missed]
        merged = np.unique(np.concatenate([guess, rare]))
        if merged.size > limit:
            return None
        index = np.searchsorted(merged, guess)[index]
        found = np.searchsorted(merged, rare)
        np.minimum(found, merged.size - 1, out=found)
        index[missed] = found
        if np.array_equal(merged[index], values):
            return merged, index
    found, inverse = np.unique(values, return_inverse=True)
    if found.size > limit:
        return None
    return found, inverse.reshape(-1)
