"""The weighted table: the result every chart, table view, export and `explorer table` shows.

Plain frozen values (no computation here; see `tabulate.py`), with the JSON shape that the CLI
contract fixes: columns (total first, key "all"), rows with one cell per column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LOW_BASE = "low base"
VERY_LOW_BASE = "very low base, indicative only"


def json_key(value: float | str) -> float | int | str:
    """A column key or code as the JSON contracts write it: a string as it is, a whole number
    as an integer (2.0 → 2), any other number as it is."""
    if isinstance(value, str):
        return value
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class TableOptions:
    """How to tabulate: weighting, what leaves the base, and the disclosure/base thresholds."""

    weighted: bool = True
    weight: str | None = None  # None: the survey's own weight variable
    include_missing: bool = False  # keep user-missing codes (e.g. "Prefer not to say") in the base
    # Codes the user drops from the base ("Don't know").
    exclude_codes: frozenset[float] = frozenset()
    low_base: int = 100
    very_low_base: int = 50
    suppress_below: int = 10  # cells resting on fewer unweighted respondents are shown as "[c]"
    show_nets: bool = True
    show_empty: bool = False  # show labelled codes that nobody in the base chose (n = 0 rows)
    # Multiple-response base: "answered" (anyone answering any item) or "all" (every respondent).
    multi_base: str = "answered"
    # Significance (see significance.py): correction within each row, confidence, two levels of
    # letters, pairwise letters or each column against the rest, the smallest effective base tested.
    correction: str = "bh"
    confidence: float = 0.95
    two_levels: bool = False
    compare: str = "pairwise"
    min_test_base: int = 30
    # A complex sample (design.py): the strata and cluster (PSU) variables, if declared.
    strata: str | None = None
    cluster: str | None = None

    def __post_init__(self) -> None:
        from explorer.core.survey.significance import check

        check(self.correction, self.confidence, self.compare)

    @property
    def alpha(self) -> float:
        return 1.0 - self.confidence

    @property
    def settings(self) -> dict[str, Any]:
        """The significance and design settings, as the JSON output reports them."""
        return {
            "correction": self.correction,
            "confidence": self.confidence,
            "two_levels": self.two_levels,
            "compare": self.compare,
            "min_effective_base": self.min_test_base,
            "strata": self.strata,
            "cluster": self.cluster,
        }


@dataclass(frozen=True)
class Column:
    """One column: the total ("all") or one code of the breakdown variable."""

    key: float | str  # breakdown code, or "all"
    label: str
    letter: str  # "" for the total; "A", "B", … for breakdown columns (significance letters)
    unweighted_base: int
    weighted_base: float
    effective_base: float
    flags: tuple[str, ...] = ()  # LOW_BASE / VERY_LOW_BASE / "suppressed" / "not tested"

    @property
    def design_effect(self) -> float | None:
        """The design effect from weighting (Kish): unweighted / effective base."""
        if self.effective_base <= 0:
            return None
        return self.unweighted_base / self.effective_base

    @property
    def low_base(self) -> bool:
        return LOW_BASE in self.flags or VERY_LOW_BASE in self.flags

    @property
    def very_low_base(self) -> bool:
        return VERY_LOW_BASE in self.flags


@dataclass(frozen=True)
class Cell:
    """One percentage, unrounded, with its interval, counts and significance letters."""

    percent: float | None  # 0–100; None when suppressed or the base is empty
    ci_low: float | None
    ci_high: float | None
    unweighted_count: int
    weighted_count: float
    suppressed: bool = False
    significance: str = ""  # letters of the columns this cell is significantly above
    design_effect: float | None = None  # under a declared complex design: var / SRS var


@dataclass(frozen=True)
class Row:
    """A code of the question, a net ("Support (net)") or a net score ("Net support")."""

    code: float | str  # a code, or a net key such as "net:support" / "score:support"
    label: str
    kind: str  # "code", "net" or "score"
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    question: str
    label: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    by: str | None = None
    by_label: str = ""
    weighted: bool = True  # True only when a weight is applied
    weight: str | None = None  # the weight variable applied; None: unweighted
    filter_description: str = "All respondents"
    notes: tuple[str, ...] = field(default=())
    # The thresholds the table was computed with, so every caption states its own rule.
    suppress_below: int = 10
    low_base: int = 100
    very_low_base: int = 50
    settings: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def empty(self) -> bool:
        """No respondent matches the filter: nothing to chart."""
        return bool(self.columns) and self.columns[0].unweighted_base == 0

    def to_json(self) -> dict[str, Any]:
        """The `explorer table --format json` contract."""
        key = json_key
        return {
            "question": self.question,
            "label": self.label,
            "by": self.by,
            "by_label": self.by_label,
            "weighted": self.weighted,
            "weight": self.weight,
            "filter": self.filter_description,
            "notes": list(self.notes),
            "thresholds": {
                "suppress_below": self.suppress_below,
                "low_base": self.low_base,
                "very_low_base": self.very_low_base,
            },
            "settings": dict(self.settings),
            "columns": [
                {
                    "key": key(c.key),
                    "label": c.label,
                    "letter": c.letter,
                    "unweighted_base": c.unweighted_base,
                    "weighted_base": c.weighted_base,
                    "effective_base": c.effective_base,
                    "design_effect": c.design_effect,
                    "flags": list(c.flags),
                }
                for c in self.columns
            ],
            "rows": [
                {
                    "code": key(r.code) if r.kind == "code" else r.code,
                    "label": r.label,
                    "kind": r.kind,
                    "cells": [
                        {
                            "column": key(col.key),
                            "percent": cell.percent,
                            "ci_low": cell.ci_low,
                            "ci_high": cell.ci_high,
                            "unweighted_count": None if cell.suppressed else cell.unweighted_count,
                            "suppressed": cell.suppressed,
                            "significance": cell.significance,
                            "design_effect": cell.design_effect,
                        }
                        for col, cell in zip(self.columns, r.cells)
                    ],
                }
                for r in self.rows
            ],
        }
