"""Column significance as a survey analyst sets it: the multiple-comparison correction within each
row (none, Bonferroni, Holm, Benjamini–Hochberg), the confidence level, optional two levels of
letters (upper case at the chosen level, lower case at the next level down), columns on too small
an effective base left untested, and a "vs the rest of the sample" test in place of pairwise letters.

The tests themselves take z statistics (from `intervals.two_proportion_z` on Kish effective bases,
or from the linearised variances of `design`); this module turns them into p-values, corrects them
and writes the marks. Plain numpy; no table types here.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

CORRECTIONS = {
    "none": "no correction for multiple comparisons",
    "bonferroni": "Bonferroni correction within each row",
    "holm": "Holm correction within each row",
    "bh": "Benjamini–Hochberg correction within each row",
}
CONFIDENCES = (0.90, 0.95, 0.99)
# Two levels: lower-case letters mark what is significant only at the next level down.
LOWER_LEVEL = {0.99: 0.95, 0.95: 0.90, 0.90: 0.80}
COMPARES = ("pairwise", "rest")
MIN_TEST_BASE = 30
HIGHER, LOWER = "▲", "▼"  # vs the rest of the sample: significantly above / below the rest
HIGHER_WEAK, LOWER_WEAK = "△", "▽"  # the same at the lower level only (two levels)
_NORMAL = NormalDist()


def check(correction: str, confidence: float, compare: str) -> None:
    """Raise ValueError (with the accepted values) for settings this module does not know."""
    if correction not in CORRECTIONS:
        raise ValueError(f"correction must be one of {', '.join(CORRECTIONS)}, not {correction!r}")
    if not any(abs(confidence - c) < 1e-9 for c in CONFIDENCES):
        raise ValueError(f"confidence must be 90, 95 or 99%, not {confidence!r}")
    if compare not in COMPARES:
        raise ValueError(f"compare must be pairwise or rest, not {compare!r}")


def lower_confidence(confidence: float) -> float:
    return LOWER_LEVEL[min(LOWER_LEVEL, key=lambda c: abs(c - confidence))]


def two_sided_p(z: np.ndarray) -> np.ndarray:
    """Two-sided normal p-values of z statistics (NaN stays NaN)."""
    z = np.abs(np.asarray(z, dtype=np.float64))
    out = np.full(z.shape, np.nan)
    finite = np.isfinite(z)
    # erfc keeps precision far into the tail, where 1 − Φ would round to 0.
    from math import erfc, sqrt

    out[finite] = [erfc(value / sqrt(2.0)) for value in z[finite]]
    return out


def adjust(p_values: np.ndarray, method: str) -> np.ndarray:
    """Adjusted p-values of one family (NaN entries are not part of it and stay NaN).

    bonferroni: min(1, m·p); holm: step-down max of (m − k + 1)·p₍ₖ₎; bh: step-up min of m·p₍ₖ₎/k.
    """
    p = np.asarray(p_values, dtype=np.float64)
    out = np.full(p.shape, np.nan)
    present = np.flatnonzero(np.isfinite(p))
    m = present.size
    if m == 0:
        return out
    values = p[present]
    if method == "none":
        adjusted = values
    elif method == "bonferroni":
        adjusted = np.minimum(1.0, values * m)
    elif method == "holm":
        order = np.argsort(values, kind="stable")
        stepped = np.maximum.accumulate(values[order] * (m - np.arange(m)))
        adjusted = np.empty(m)
        adjusted[order] = np.minimum(1.0, stepped)
    elif method == "bh":
        order = np.argsort(values, kind="stable")
        ranked = values[order] * m / np.arange(1, m + 1)
        stepped = np.minimum.accumulate(ranked[::-1])[::-1]
        adjusted = np.empty(m)
        adjusted[order] = np.minimum(1.0, stepped)
    else:
        raise ValueError(f"unknown correction {method!r}")
    out[present] = adjusted
    return out


def pairwise_marks(
    z: np.ndarray,
    letters: list[str],
    *,
    correction: str = "bh",
    confidence: float = 0.95,
    two_levels: bool = False,
    p_values: np.ndarray | None = None,
) -> list[list[str]]:
    """Letters per row and column from z[row, i, j] = the statistic of column i minus column j.

    `p_values` (same shape) replaces the normal p-values of z, e.g. by a t-test's.
    NaN marks a pair that is not tested. The family corrected together is every tested pair of a
    row; the higher column of a significant pair gets the other's letter (upper case at
    `confidence`, lower case at the next level down when `two_levels`).
    """
    z = np.asarray(z, dtype=np.float64)
    n_rows, n_cols, _ = z.shape
    upper_i, upper_j = np.triu_indices(n_cols, k=1)
    strong, weak = 1.0 - confidence, 1.0 - lower_confidence(confidence)
    out = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for r in range(n_rows):
        stats = z[r, upper_i, upper_j]
        raw = two_sided_p(stats) if p_values is None else p_values[r, upper_i, upper_j]
        adjusted = adjust(np.where(np.isfinite(stats), raw, np.nan), correction)
        marks: dict[int, list[tuple[int, str]]] = {}
        for i, j, stat, p in zip(upper_i, upper_j, stats, adjusted):
            if not np.isfinite(p) or stat == 0:
                continue
            if p < strong:
                letter_case = str.upper
            elif two_levels and p < weak:
                letter_case = str.lower
            else:
                continue
            high, low = (i, j) if stat > 0 else (j, i)
            marks.setdefault(int(high), []).append((int(low), letter_case(letters[low])))
        for high, found in marks.items():
            out[r][high] = "".join(text for _, text in sorted(found))
    return out


def rest_marks(
    z: np.ndarray,
    *,
    correction: str = "bh",
    confidence: float = 0.95,
    two_levels: bool = False,
    p_values: np.ndarray | None = None,
) -> list[list[str]]:
    """▲/▼ per row and column from z[row, c] = column c minus the rest of the sample.

    The family corrected together is the tested columns of a row; △/▽ mark the lower level.
    """
    z = np.asarray(z, dtype=np.float64)
    n_rows, n_cols = z.shape
    strong, weak = 1.0 - confidence, 1.0 - lower_confidence(confidence)
    out = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for r in range(n_rows):
        raw = two_sided_p(z[r]) if p_values is None else p_values[r]
        adjusted = adjust(np.where(np.isfinite(z[r]), raw, np.nan), correction)
        for c in range(n_cols):
            p, stat = adjusted[c], z[r, c]
            if not np.isfinite(p) or stat == 0:
                continue
            if p < strong:
                out[r][c] = HIGHER if stat > 0 else LOWER
            elif two_levels and p < weak:
                out[r][c] = HIGHER_WEAK if stat > 0 else LOWER_WEAK
    return out


def describe(
    *,
    correction: str,
    confidence: float,
    compare: str,
    two_levels: bool,
    min_base: int = MIN_TEST_BASE,
    method: str = "effective bases",
) -> str:
    """The footer sentence saying how the marks were made."""
    level = f"{confidence * 100:.0f}%"
    if compare == "rest":
        text = (
            f"{HIGHER}/{LOWER}: significantly above/below the rest of the sample "
            f"({level} level, {CORRECTIONS[correction]}, {method})"
        )
        if two_levels:
            text += f"; {HIGHER_WEAK}/{LOWER_WEAK} at {lower_confidence(confidence) * 100:.0f}%"
    else:
        text = (
            f"Letters: significantly higher than the column with that letter ({level} level, "
            f"{CORRECTIONS[correction]}, {method})"
        )
        if two_levels:
            text += f"; lower case at {lower_confidence(confidence) * 100:.0f}%"
    return text + f". Columns with an effective base under {min_base} are not tested."


def z_critical(confidence: float) -> float:
    return _NORMAL.inv_cdf(0.5 + confidence / 2.0)
