"""Means of numeric and 0–10 questions: weighted mean, median and standard deviation with a t
interval on the Kish effective base, by breakdown column, with column t-tests (the same correction,
confidence, two levels and "vs the rest" as the percentage tables).

Definitions (stated so that another tool can reproduce them):
- mean = Σw·x / Σw;
- SD = √(Σw·(x − mean)² / Σw · n / (n − 1)) (Stata's analytic-weight variance; plain SD unweighted);
- median: the smallest value whose cumulative weight reaches half the total, the average of it and
  the next value when it reaches exactly half (as the median of the data repeated by integer weights);
- interval: mean ± t(df = n_eff − 1) · SD / √n_eff;
- tests: Welch's t on effective bases; under a declared design, linearised standard errors and
  covariances (`design`) with the design's degrees of freedom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from explorer.core.errors import ExplorerError
from explorer.core.survey import significance as sig
from explorer.core.survey.design import estimates_and_covariance, make_design, simple
from explorer.core.survey.model import Kind, Survey, Variable
from explorer.core.survey.table import TableOptions, json_key
from explorer.core.survey.table_tests import NOT_TESTED, SMALL_TEST_BASE
from explorer.core.survey.tdist import t_quantile, t_two_sided_p
from explorer.core.survey.weighting import applied_weight, table_weights

_DEFAULTS = TableOptions()


@dataclass(frozen=True)
class MeanColumn:
    key: float | str
    label: str
    letter: str
    unweighted_base: int
    weighted_base: float
    effective_base: float
    mean: float | None = None
    sd: float | None = None
    median: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    significance: str = ""
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Means:
    question: str
    label: str
    columns: tuple[MeanColumn, ...]
    by: str | None = None
    by_label: str = ""
    weighted: bool = True
    weight: str | None = None  # the weight variable applied (None: unweighted)
    filter_description: str = "All respondents"
    confidence: float = 0.95
    notes: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        key = json_key
        return {
            "question": self.question,
            "label": self.label,
            "by": self.by,
            "by_label": self.by_label,
            "weighted": self.weighted,
            "weight": self.weight,
            "filter": self.filter_description,
            "confidence": self.confidence,
            "notes": list(self.notes),
            "settings": dict(self.settings),
            "columns": [
                {
                    "key": key(c.key),
                    "label": c.label,
                    "letter": c.letter,
                    "unweighted_base": c.unweighted_base,
                    "weighted_base": c.weighted_base,
                    "effective_base": c.effective_base,
                    "mean": c.mean,
                    "sd": c.sd,
                    "median": c.median,
                    "ci_low": c.ci_low,
                    "ci_high": c.ci_high,
                    "significance": c.significance,
                    "flags": list(c.flags),
                }
                for c in self.columns
            ],
        }


def can_average(var: Variable) -> bool:
    """Numeric measurements, and single-choice questions coded 0…10 (a 0–10 scale)."""
    if var.kind is Kind.NUMERIC:
        return True
    if var.kind not in (Kind.NOMINAL, Kind.SCALE):
        return False
    codes = var.substantive_codes
    return bool(codes) and max(codes) == 10 and all(0 <= c <= 10 and c == int(c) for c in codes)


def weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    order = np.argsort(x, kind="stable")
    xs, cum = x[order], np.cumsum(w[order])
    half = cum[-1] / 2.0
    i = int(np.searchsorted(cum, half * (1 - 1e-12)))
    if abs(cum[i] - half) <= 1e-12 * cum[-1] and i + 1 < xs.size:
        return float((xs[i] + xs[i + 1]) / 2.0)
    return float(xs[i])


def compute_means(
    survey: Survey,
    question: str,
    *,
    by: str | None = None,
    mask: np.ndarray | None = None,
    options: TableOptions = _DEFAULTS,
    filter_description: str = "All respondents",
) -> Means:
    from explorer.core.captions import weighting_line
    from explorer.core.survey.table_columns import column_masks, letter

    var = survey.variable(question)
    if not can_average(var):
        raise ExplorerError(
            f"{question} is not a numeric or 0–10 question, so it has no mean to show."
        )
    keep = np.ones(survey.n, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    # Settle the weight as tables do: options.weight is the one applied (None: unweighted), and
    # respondents whose weight is zero, negative or missing leave the base (weights > 0 below).
    name = applied_weight(survey, weighted=options.weighted, weight=options.weight)
    options = replace(options, weighted=name is not None, weight=name)
    x = survey.values(question)
    base = keep & survey.valid(question, include_user_missing=options.include_missing)
    if options.exclude_codes:
        base &= ~np.isin(x, np.asarray(sorted(options.exclude_codes), dtype=np.float64))
    weights = np.asarray(
        table_weights(survey, weighted=options.weighted, weight=options.weight), dtype=np.float64
    )
    base &= weights > 0
    keys, labels, masks = column_masks(survey, by, options)
    domains = [base if m is None else base & m for m in masks]
    stats = [_column(x, weights, d, options) for d in domains]
    declared = bool(options.strata or options.cluster)
    overlapping = by is not None and survey.variable(by).kind is Kind.MULTI
    notes: list[str] = []
    cov = None
    if declared or overlapping:
        design = (
            make_design(survey, options.strata, options.cluster, weights > 0)
            if declared
            else simple(survey.n, weights > 0)
        )
        rests = [base & ~d for d in domains[1:]] if options.compare == "rest" else []
        _, cov = estimates_and_covariance(design, weights, domains + rests, np.where(base, x, 0.0))
        if declared:
            notes.append(design.describe())
            for c, s in enumerate(stats):
                s["se"] = math.sqrt(max(cov[c, c], 0.0))
                s["df"] = float(design.degrees_of_freedom)
    level = 0.5 + options.confidence / 2.0
    for s in stats:
        if s["n"] >= options.suppress_below and s["df"] > 0 and math.isfinite(s["se"]):
            t = t_quantile(level, s["df"])
            s["low"], s["high"] = s["mean"] - t * s["se"], s["mean"] + t * s["se"]
    letters = [""] + [letter(i) for i in range(len(keys) - 1)]
    marks = _tests(x, weights, base, domains, stats, cov, options, letters)
    columns = []
    for c, s in enumerate(stats):
        shown = s["n"] >= options.suppress_below and s["n"] > 0
        flags = ("suppressed",) if 0 < s["n"] < options.suppress_below else ()
        if c > 0 and s["n"] > 0 and len(keys) > 2:
            if s["neff"] < options.min_test_base:
                flags += (NOT_TESTED,)
            elif shown and s["neff"] < options.very_low_base:
                flags += (SMALL_TEST_BASE,)
        columns.append(
            MeanColumn(
                keys[c],
                labels[c],
                letters[c],
                s["n"],
                s["W"],
                s["neff"],
                *((s["mean"], s["sd"], s["median"], s.get("low"), s.get("high")) if shown else ()),
                significance=marks[c] if shown else "",
                flags=flags,
            )  # fmt: skip
        )
    if len(keys) > 2:
        notes.insert(0, _describe(options, declared))
    if options.weighted and stats[0]["neff"] > 0:
        notes.append(weighting_line(stats[0]["n"], stats[0]["neff"]))
    if survey.illustrative:
        from explorer.core.survey.tabulate import ILLUSTRATIVE_NOTE

        notes.append(ILLUSTRATIVE_NOTE)
    return Means(
        question=question,
        label=var.label or question,
        columns=tuple(columns),
        by=by,
        by_label=(survey.variable(by).label or by) if by else "",
        weighted=options.weighted,
        weight=options.weight,
        filter_description=filter_description,
        confidence=options.confidence,
        notes=tuple(notes),
        settings=options.settings,
    )


def _column(x, weights, domain, options) -> dict[str, float]:
    xs, w = x[domain], weights[domain]
    n, total = int(xs.size), float(w.sum())
    out = {"n": n, "W": total, "neff": 0.0, "mean": math.nan, "sd": math.nan}
    out.update(median=math.nan, se=math.nan, df=0.0)
    if n == 0 or total <= 0:
        return out
    neff = total * total / float(w @ w) if options.weighted else float(n)
    mean = float(w @ xs) / total
    spread = float(w @ (xs - mean) ** 2) / total
    sd = math.sqrt(spread * n / (n - 1)) if n > 1 else math.nan
    out.update(neff=neff, mean=mean, sd=sd, median=weighted_median(xs, w))
    out.update(se=sd / math.sqrt(neff) if n > 1 else math.nan, df=neff - 1.0)
    return out


def _welch(m1, se1, df1, m2, se2, df2) -> tuple[float, float]:
    var = se1 * se1 + se2 * se2
    if not (var > 0):
        return math.nan, math.nan
    df = var * var / (se1**4 / df1 + se2**4 / df2) if df1 > 0 and df2 > 0 else math.nan
    t = (m1 - m2) / math.sqrt(var)
    return t, t_two_sided_p(t, df)


def _tests(x, weights, base, domains, stats, cov, options, letters) -> list[str]:
    """Letters (or ▲/▼) per column from t-tests between breakdown columns."""
    k = len(domains) - 1
    out = [""] * (k + 1)
    if k < 2:
        return out
    ok = [
        s["n"] >= options.suppress_below and s["neff"] >= options.min_test_base and s["se"] > 0
        for s in stats
    ]
    settings = {
        "correction": options.correction,
        "confidence": options.confidence,
        "two_levels": options.two_levels,
    }
    declared = bool(options.strata or options.cluster)
    if options.compare == "rest":
        t, p = np.full((1, k), np.nan), np.full((1, k), np.nan)
        for c in range(1, k + 1):
            rest = _column(x, weights, base & ~domains[c], options)
            if not ok[c] or rest["neff"] < options.min_test_base:
                continue
            if cov is not None:
                r = k + c  # the rests follow the columns in the covariance
                var = cov[c, c] + cov[r, r] - 2 * cov[c, r]
                t[0, c - 1] = (stats[c]["mean"] - rest["mean"]) / math.sqrt(var)
                p[0, c - 1] = t_two_sided_p(t[0, c - 1], stats[c]["df"])
            else:
                s = stats[c]
                t[0, c - 1], p[0, c - 1] = _welch(
                    s["mean"], s["se"], s["df"], rest["mean"], rest["se"], rest["df"]
                )
        out[1:] = sig.rest_marks(t, p_values=p, **settings)[0]
        return out
    t, p = np.full((1, k, k), np.nan), np.full((1, k, k), np.nan)
    for i in range(1, k + 1):
        for j in range(1, k + 1):
            if i == j or not (ok[i] and ok[j]):
                continue
            a, b = stats[i], stats[j]
            if cov is not None:
                var = cov[i, i] + cov[j, j] - 2 * cov[i, j]
                t[0, i - 1, j - 1] = (a["mean"] - b["mean"]) / math.sqrt(var) if var > 0 else np.nan
                df = a["df"] if declared else min(a["df"], b["df"])
                p[0, i - 1, j - 1] = t_two_sided_p(t[0, i - 1, j - 1], df)
            else:
                t[0, i - 1, j - 1], p[0, i - 1, j - 1] = _welch(
                    a["mean"], a["se"], a["df"], b["mean"], b["se"], b["df"]
                )
    out[1:] = sig.pairwise_marks(t, letters[1:], p_values=p, **settings)[0]
    return out


def _describe(options: TableOptions, declared: bool) -> str:
    text = sig.describe(
        correction=options.correction,
        confidence=options.confidence,
        compare=options.compare,
        two_levels=options.two_levels,
        min_base=options.min_test_base,
        method="linearised t-tests" if declared else "Welch t-tests on effective bases",
    )
    return text.replace("higher than the column", "higher mean than the column")
