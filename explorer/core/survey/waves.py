"""Trackers: one answer of a question followed across waves — several files of the same
questionnaire (variables matched by name and labels, mismatches reported) or one file with a wave
variable — with each wave's percentage and interval, each wave tested against the previous one and
against a baseline wave, and the minimum detectable change between the last two waves.

Each wave is tabulated by `compute_table` (the same filters, breakdown, weight and settings), so a
wave's figures equal that wave's own table. Waves are independent samples: the tests are pooled
two-proportion z-tests on effective bases, corrected within each family (all "vs previous" tests of
a line, all "vs baseline" tests of a line) by the chosen correction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from explorer.core.errors import ExplorerError
from explorer.core.survey import significance as sig
from explorer.core.survey.intervals import two_proportion_z
from explorer.core.survey.model import Kind, Survey
from explorer.core.survey.table import Table, TableOptions

_DEFAULTS = TableOptions()


@dataclass(frozen=True)
class Wave:
    """One wave: its label, its survey, and who in that survey belongs to it (None: everyone)."""

    label: str
    survey: Survey
    mask: np.ndarray | None = None


@dataclass(frozen=True)
class WavePoint:
    wave: str
    percent: float | None
    ci_low: float | None
    ci_high: float | None
    unweighted_base: int
    effective_base: float
    vs_previous: str = ""  # "▲" / "▼" / "" (significant rise / fall / neither or not tested)
    p_previous: float | None = None  # corrected p-value
    vs_baseline: str = ""
    p_baseline: float | None = None


@dataclass(frozen=True)
class WaveLine:
    column: str  # "Total" or a breakdown column's label
    points: tuple[WavePoint, ...]
    detectable: float | None  # minimum detectable change (points) between the last two waves


@dataclass(frozen=True)
class Tracker:
    question: str
    label: str
    answer: str
    waves: tuple[str, ...]
    lines: tuple[WaveLine, ...]
    baseline: int  # index into waves
    confidence: float = 0.95
    weighted: bool = True
    weight: str | None = None  # the weight applied in the first wave (None: unweighted)
    mismatches: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict, compare=False)

    def detectable_sentence(self) -> str:
        change = self.lines[0].detectable if self.lines else None
        if change is None:
            return "The change that would be significant cannot be worked out on these bases."
        return (
            f"At the current effective bases, a change of {math.ceil(change)} points or more "
            f"between the last two waves would be significant ({self.confidence * 100:.0f}% level)."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "label": self.label,
            "answer": self.answer,
            "waves": list(self.waves),
            "baseline": self.waves[self.baseline],
            "confidence": self.confidence,
            "weighted": self.weighted,
            "weight": self.weight,
            "minimum_detectable_change": self.lines[0].detectable if self.lines else None,
            "mismatches": list(self.mismatches),
            "notes": list(self.notes),
            "settings": dict(self.settings),
            "lines": [
                {
                    "column": line.column,
                    "minimum_detectable_change": line.detectable,
                    "points": [point.__dict__ for point in line.points],
                }
                for line in self.lines
            ],
        }


def waves_from_variable(survey: Survey, wave_var: str) -> list[Wave]:
    """One wave per substantive code of `wave_var`, in code order."""
    var = survey.variable(wave_var)
    if var.kind not in (Kind.NOMINAL, Kind.SCALE):
        raise ExplorerError(f"{wave_var} is not a single-choice variable, so it cannot give waves.")
    values = survey.values(wave_var)
    codes = [c for c in var.substantive_codes if np.any(values == c)]
    codes += sorted(set(np.unique(values[~np.isnan(values)]).tolist()) - set(var.codes))
    if len(codes) < 2:
        raise ExplorerError(f"{wave_var} has fewer than two waves in {survey.name}.")
    return [Wave(var.label_for(code), survey, values == code) for code in codes]


def file_waves(surveys: list[Survey], masks: list[np.ndarray | None] | None = None) -> list[Wave]:
    """One wave per file of the same questionnaire, in file-name order ("w1" before "w2"), each
    labelled "Wave i (file)", with who in it is kept (`masks`, in the order given; None: all)."""
    masks = masks if masks is not None else [None] * len(surveys)
    if len(surveys) < 2:
        raise ExplorerError("A tracker needs at least two waves' files.")
    order = sorted(range(len(surveys)), key=lambda i: surveys[i].name.lower())
    return [
        Wave(f"Wave {n} ({surveys[i].name})", surveys[i], masks[i])
        for n, i in enumerate(order, start=1)
    ]


def weighted_like(survey: Survey, like: Survey) -> Survey:
    """`survey` (another wave's file) weighted as `like` is: by the variable of the same name, or
    unweighted when `like` is; ExplorerError when it lacks that variable."""
    from explorer.core.survey.weight_choice import with_weight

    if like.weight is not None and like.weight not in survey.variables:
        raise ExplorerError(
            f"{survey.name} has no weight variable named {like.weight!r}, as {like.name} has, so "
            "its wave cannot be weighted the same way."
        )
    return with_weight(survey, like.weight)


def match(surveys: list[Survey], names: list[str]) -> list[str]:
    """Differences between the waves' questionnaires for the variables used (one line each).

    A variable missing from a wave is an error; different labels or value labels are reported.
    """
    first = surveys[0]
    lines = []
    for name in names:
        for survey in surveys:
            if name not in survey.variables:
                raise ExplorerError(f"{survey.name} has no variable named {name!r}, so the waves "
                                    "cannot be compared on it.")  # fmt: skip
        ref = first.variables[name]
        for survey in surveys[1:]:
            other = survey.variables[name]
            if other.label != ref.label:
                lines.append(f"{name}: labelled {other.label!r} in {survey.name}, "
                             f"{ref.label!r} in {first.name}")  # fmt: skip
            if dict(other.value_labels) != dict(ref.value_labels):
                changed = sorted(
                    set(dict(other.value_labels).items()) ^ set(dict(ref.value_labels).items())
                )
                codes = sorted({code for code, _ in changed})
                lines.append(f"{name}: value labels differ in {survey.name} for codes "
                             + ", ".join(f"{c:g}" for c in codes))  # fmt: skip
    others = set().union(*(set(s.variables) for s in surveys))
    for survey in surveys:
        missing = sorted(others - set(survey.variables))
        if missing:
            shown = ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
            lines.append(f"{survey.name} lacks {len(missing)} variable(s): {shown}")
    return lines


def _row(table: Table, answer: str | None):
    if answer is None:
        return table.rows[0]
    for row in table.rows:
        key = row.code if isinstance(row.code, str) else f"{row.code:g}"
        if key == answer or row.label == answer:
            return row
    raise ExplorerError(f"{table.question} has no answer {answer!r} (give a code or net:KEY).")


def track(
    waves: list[Wave],
    question: str,
    *,
    answer: str | None = None,
    by: str | None = None,
    filters: dict | None = None,
    options: TableOptions = _DEFAULTS,
    baseline: int = 0,
    mismatches: tuple[str, ...] = (),
    mask: np.ndarray | None = None,
) -> Tracker:
    """Follow `answer` (a code as text, or "net:KEY"; default the first row) across `waves`,
    keeping the respondents `filters` (by name, so it applies to every wave's file) and `mask`
    (respondents of a single pooled file) keep."""
    from explorer.core.survey.tabulate import compute_table

    if not 0 <= baseline < len(waves):
        raise ExplorerError(f"The baseline must be a wave from 1 to {len(waves)}.")
    options = replace(options, compare="pairwise")  # the waves are compared here, not columns
    tables = []
    for wave in waves:
        keep = wave.survey.mask(filters) if filters else np.ones(wave.survey.n, dtype=bool)
        if wave.mask is not None:
            keep = keep & wave.mask
        if mask is not None:  # one file with a wave variable: the window's filter
            keep = keep & mask
        tables.append(compute_table(wave.survey, question, by=by, mask=keep, options=options))
    rows = [_row(t, answer) for t in tables]
    lines = []
    for c, column in enumerate(tables[0].columns):
        cells = [(row.cells[c], t.columns[c]) for row, t in zip(rows, tables)]
        lines.append(_line(column.label, [w.label for w in waves], cells, baseline, options))
    notes = [
        "Waves are independent samples: each wave is tested against the previous one and the "
        f"baseline ({waves[baseline].label}) by a pooled z-test on effective bases, "
        f"{sig.CORRECTIONS[options.correction].replace(' within each row', '')} within each "
        "family of tests of a line."
    ]
    if any(w.survey.illustrative for w in waves):
        notes.append("Illustrative sample data: synthetic respondents, not real answers.")
    return Tracker(
        question=question,
        label=tables[0].label,
        answer=rows[0].label,
        waves=tuple(w.label for w in waves),
        lines=tuple(lines),
        baseline=baseline,
        confidence=options.confidence,
        weighted=tables[0].weighted,
        weight=tables[0].weight,
        mismatches=tuple(mismatches),
        notes=tuple(notes),
        settings=options.settings,
    )


def _line(label, wave_labels, cells, baseline, options) -> WaveLine:
    p = np.array([np.nan if c.percent is None else c.percent / 100 for c, _ in cells])
    n = np.array([col.effective_base for _, col in cells])
    ok = np.isfinite(p) & (n >= options.min_test_base)
    k = len(cells)

    def family(pairs):
        z = np.array([two_proportion_z(p[i], n[i], p[j], n[j]) if ok[i] and ok[j] else np.nan
                      for i, j in pairs])  # fmt: skip
        return z, sig.adjust(sig.two_sided_p(z), options.correction)

    prev_z, prev_p = family([(i, i - 1) for i in range(1, k)])
    base_z, base_p = family([(i, baseline) for i in range(k)])
    alpha = 1.0 - options.confidence

    def mark(z, q):
        if not (np.isfinite(q) and q < alpha):
            return ""
        return sig.HIGHER if z > 0 else sig.LOWER

    points = []
    for i, (cell, col) in enumerate(cells):
        previous = (prev_z[i - 1], prev_p[i - 1]) if i else (np.nan, np.nan)
        points.append(
            WavePoint(
                wave=wave_labels[i],
                percent=cell.percent,
                ci_low=cell.ci_low,
                ci_high=cell.ci_high,
                unweighted_base=col.unweighted_base,
                effective_base=col.effective_base,
                vs_previous=mark(*previous),
                p_previous=_number(previous[1]),
                vs_baseline="" if i == baseline else mark(base_z[i], base_p[i]),
                p_baseline=None if i == baseline else _number(base_p[i]),
            )
        )
    detectable = None
    if k >= 2 and ok[-1] and ok[-2]:
        spread = p[-1] * (1 - p[-1])
        detectable = (
            100
            * sig.z_critical(options.confidence)
            * math.sqrt(max(spread, 1e-12) * (1 / n[-1] + 1 / n[-2]))
        )
    return WaveLine(label, tuple(points), detectable)


def _number(value) -> float | None:
    return float(value) if value is not None and np.isfinite(value) else None
