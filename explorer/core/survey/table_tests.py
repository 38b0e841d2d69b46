"""The inference of one table: each cell's interval and significance marks, which columns are
tested, and the footer sentences saying how — from the counts `tabulate` makes.

Two variance sources:
- **Kish** (no declared design, single-choice breakdown): Wilson intervals and pooled two-proportion
  z-tests on each column's effective base; the columns are disjoint, so independent.
- **Linearised** (`design`): when strata or clusters are declared (every interval and test), and for
  pairwise tests between multiple-response breakdown columns, which overlap (the same respondent
  can be in both, so the two percentages are dependent and the covariance enters the test).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.core.survey import significance as sig
from explorer.core.survey.design import Design, estimates_and_covariance
from explorer.core.survey.intervals import two_proportion_z, wilson_interval

NOT_TESTED = "not tested"  # column flag: effective base under the testing minimum
# Column flag: tested, but on an effective base under the very-low-base line (30–49 by default)
# while its unweighted base is above it, so its letters are marked as resting on few respondents.
SMALL_TEST_BASE = "tested on a small effective base"


@dataclass
class Respondents:
    """Respondent-level data for linearised variances: who is in each column, each row's y."""

    design: Design
    weights: np.ndarray
    columns: list[np.ndarray]  # per table column: in the filter, the question's base and column
    rows: list[np.ndarray | None]  # per row: 0/1 (or y_pos − y_neg for scores); None = not tested


@dataclass
class Inference:
    low: np.ndarray
    high: np.ndarray
    marks: list[list[str]]
    not_tested: np.ndarray  # per column
    small: np.ndarray  # per column: tested on an effective base under options.very_low_base
    deff: np.ndarray | None  # rows × columns design effects (declared designs only)
    method: str  # how breakdown columns were tested ("" for no tests); worded by captions
    design: str | None  # the declared design in words, or None


def infer(
    kinds: list[str],
    props: np.ndarray,
    wtd: np.ndarray,
    bases_unw: np.ndarray,
    bases_w: np.ndarray,
    bases_eff: np.ndarray,
    suppressed: np.ndarray,
    letters: list[str],
    options,
    *,
    score_intervals: tuple[np.ndarray, np.ndarray],
    respondents: Respondents | None = None,
    overlapping: bool = False,
) -> Inference:
    """Intervals, marks and notes for a rows × columns table (column 0 the total)."""
    n_rows, n_cols = props.shape
    z_level = sig.z_critical(options.confidence)
    low, high = wilson_interval(props, np.broadcast_to(bases_eff, props.shape), z=z_level)
    scores = np.array([k == "score" for k in kinds], dtype=bool)
    low[scores], high[scores] = score_intervals[0][scores], score_intervals[1][scores]
    deff = None
    design = None

    breakdown = n_cols > 2
    not_tested = np.zeros(n_cols, dtype=bool)
    not_tested[1:] = (bases_unw[1:] > 0) & (bases_eff[1:] < options.min_test_base)
    column_ok = (
        (bases_unw >= options.suppress_below) & (bases_eff >= options.min_test_base) & ~not_tested
    )
    small = np.zeros(n_cols, dtype=bool)
    # (a column under the very-low-base line unweighted is flagged so already)
    small[1:] = (
        column_ok[1:]
        & (bases_eff[1:] < options.very_low_base)
        & (bases_unw[1:] >= options.very_low_base)
    )
    testable = ~suppressed & column_ok[None, :] & np.isfinite(props) & ~scores[:, None]

    linear = respondents is not None
    cov_rows: list[np.ndarray | None] = [None] * n_rows
    if linear:
        cov_rows = _covariances(respondents, options.compare == "rest" and breakdown)
        if respondents.design.declared:
            deff, low, high = _design_intervals(
                props, bases_unw, bases_eff, cov_rows, kinds, z_level, low, high
            )
            design = respondents.design.describe()

    marks = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    if breakdown:
        settings = {
            "correction": options.correction,
            "confidence": options.confidence,
            "two_levels": options.two_levels,
        }
        if options.compare == "rest":
            z = _rest_z(props, wtd, bases_w, bases_eff, testable, options, cov_rows)
            found = sig.rest_marks(z, **settings)
        else:
            z = _pairwise_z(props, bases_eff, testable, cov_rows)
            found = sig.pairwise_marks(z, letters[1:], **settings)
        for r in range(n_rows):
            if not scores[r]:
                marks[r][1:] = found[r]
        method = "effective bases"
        if linear and respondents.design.declared:
            method = "linearised variances"
        elif linear and overlapping:
            method = "overlap-aware tests between the overlapping columns"
    else:
        method = ""
    return Inference(
        low, high, marks, not_tested & breakdown, small & breakdown, deff, method, design
    )


def _covariances(respondents: Respondents, with_rest: bool) -> list[np.ndarray | None]:
    """Per row, the linearised covariance of its column estimates (then the rests', if asked)."""
    domains = list(respondents.columns)
    if with_rest:
        total = respondents.columns[0]
        domains += [total & ~col for col in respondents.columns[1:]]
    out: list[np.ndarray | None] = []
    for y in respondents.rows:
        if y is None:
            out.append(None)
            continue
        _, cov = estimates_and_covariance(respondents.design, respondents.weights, domains, y)
        out.append(cov)
    return out


def _pairwise_z(props, bases_eff, testable, cov_rows) -> np.ndarray:
    """z[row, i, j] for breakdown columns i, j (NaN: not tested)."""
    p, n, ok = props[:, 1:], bases_eff[1:], testable[:, 1:]
    n_rows, k = p.shape
    z = np.full((n_rows, k, k), np.nan)
    for r in range(n_rows):
        cov = cov_rows[r]
        for i in range(k):
            for j in range(k):
                if i == j or not (ok[r, i] and ok[r, j]):
                    continue
                if cov is None:
                    z[r, i, j] = two_proportion_z(p[r, i], n[i], p[r, j], n[j])
                else:
                    var = cov[i + 1, i + 1] + cov[j + 1, j + 1] - 2.0 * cov[i + 1, j + 1]
                    z[r, i, j] = (p[r, i] - p[r, j]) / np.sqrt(var) if var > 0 else np.nan
    return z


def _rest_z(props, wtd, bases_w, bases_eff, testable, options, cov_rows) -> np.ndarray:
    """z[row, c] of each breakdown column against everyone else in the total (NaN: not tested)."""
    n_rows, n_cols = props.shape
    squares = np.where(bases_eff > 0, bases_w * bases_w / np.where(bases_eff > 0, bases_eff, 1), 0)
    rest_w = bases_w[0] - bases_w[1:]
    rest_sq = squares[0] - squares[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        rest_eff = np.where(rest_sq > 0, rest_w * rest_w / rest_sq, 0.0)
        rest_p = np.where(rest_w > 0, (wtd[:, :1] - wtd[:, 1:]) / rest_w, np.nan)
    k = n_cols - 1
    z = np.full((n_rows, k), np.nan)
    for r in range(n_rows):
        cov = cov_rows[r]
        for c in range(k):
            if not testable[r, c + 1] or rest_eff[c] < options.min_test_base:
                continue
            if cov is None:
                z[r, c] = two_proportion_z(
                    props[r, c + 1], bases_eff[c + 1], rest_p[r, c], rest_eff[c]
                )
            else:
                rest = n_cols + c  # the rests follow the table's columns in the covariance
                var = cov[c + 1, c + 1] + cov[rest, rest] - 2.0 * cov[c + 1, rest]
                z[r, c] = (props[r, c + 1] - rest_p[r, c]) / np.sqrt(var) if var > 0 else np.nan
    return z


def _design_intervals(props, bases_unw, bases_eff, cov_rows, kinds, z_level, low, high):
    """Wilson intervals on the design's effective base p(1 − p) / var; Wald for net scores."""
    n_rows, n_cols = props.shape
    deff = np.full((n_rows, n_cols), np.nan)
    low, high = low.copy(), high.copy()
    for r in range(n_rows):
        cov = cov_rows[r]
        if cov is None:
            continue
        var = np.diag(cov)[:n_cols]
        p = props[r]
        if kinds[r] == "score":
            se = np.sqrt(np.clip(var, 0, None))
            low[r] = np.clip(p - z_level * se, -1.0, 1.0)
            high[r] = np.clip(p + z_level * se, -1.0, 1.0)
            continue
        spread = p * (1.0 - p)
        with np.errstate(divide="ignore", invalid="ignore"):
            n_design = np.where((var > 0) & (spread > 0), spread / var, bases_eff)
            deff[r] = np.where(
                (var > 0) & (spread > 0) & (bases_unw > 0), var / (spread / bases_unw), np.nan
            )
        low[r], high[r] = wilson_interval(p, n_design, z=z_level)
    return deff, low, high


def score_interval(
    p_pos: np.ndarray, p_neg: np.ndarray, n_eff: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray]:
    """Delta-method interval of p_pos − p_neg from one multinomial: var = (p+ + p− − d²) / n_eff."""
    diff = p_pos - p_neg
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(np.clip(p_pos + p_neg - diff * diff, 0.0, None) / n_eff)
    return np.clip(diff - z * se, -1.0, 1.0), np.clip(diff + z * se, -1.0, 1.0)
