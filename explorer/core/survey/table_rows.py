"""The rows of a table: which code positions, nets and net scores each row counts (`RowSpec`),
the base and each respondent's row for a single-choice question, and the 0/1 selection matrix of
a multiple-response set (with its base: those who answered any item, or everyone)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.core.survey import counting
from explorer.core.survey.model import Survey, Variable
from explorer.core.survey.table import TableOptions


@dataclass(frozen=True)
class RowSpec:
    """What one table row counts: a code position, a net (several positions) or a score."""

    code: float | str
    label: str
    kind: str
    positions: tuple[int, ...] = ()
    score: tuple[int, int] = (-1, -1)  # row numbers of the positive and negative nets


def single_rows(
    survey: Survey, var: Variable, keep: np.ndarray, options: TableOptions
) -> tuple[np.ndarray, np.ndarray, list[RowSpec]]:
    """Base mask, each respondent's row position (valid only inside the base) and the row specs."""
    values = survey.values(var.name)
    base = keep & survey.valid(var.name, include_user_missing=options.include_missing)
    excluded = np.asarray(sorted(options.exclude_codes), dtype=np.float64)
    if excluded.size:
        base &= ~np.isin(values, excluded)

    def shown(code: float) -> bool:
        if code in options.exclude_codes:
            return False
        return options.include_missing or not var.is_missing(code)

    codes = counting.shown_codes(
        survey, var, [code for code in var.codes if shown(code)], show_empty=options.show_empty
    )
    present = np.unique(values[base])
    listed = set(codes)
    # Every code someone in the base holds has its row: searchsorted below would otherwise put
    # its respondents in a neighbouring code's row.
    codes += [float(code) for code in present if float(code) not in listed]

    order = np.asarray(codes, dtype=np.float64)
    sorter = np.argsort(order, kind="stable")
    index = np.zeros(survey.n, dtype=np.intp)
    if order.size:
        found = np.searchsorted(order[sorter], values[base])
        index[base] = sorter[found]

    return base, index, single_specs(var, codes, options)


def single_specs(var: Variable, codes: list[float], options: TableOptions) -> list[RowSpec]:
    """One row per code shown, then (for scales) the nets and net scores."""
    specs = [RowSpec(code, var.label_for(code), "code", (i,)) for i, code in enumerate(codes)]
    if options.show_nets and var.nets:  # scales, and any net the user defined
        position = {code: i for i, code in enumerate(codes)}
        net_rows: dict[str, int] = {}
        for net in var.nets:
            net_rows[net.key] = len(specs)
            positions = tuple(position[c] for c in net.codes if c in position)
            specs.append(RowSpec(f"net:{net.key}", net.label, "net", positions))
        for key, label, positive, negative in var.net_scores:
            if positive in net_rows and negative in net_rows:
                pair = (net_rows[positive], net_rows[negative])
                specs.append(RowSpec(f"score:{key}", label, "score", score=pair))
    return specs


def multi_rows(
    survey: Survey, var: Variable, keep: np.ndarray, options: TableOptions
) -> tuple[np.ndarray, np.ndarray, list[RowSpec]]:
    """Base mask (answered the set), an n × items 0/1 selection matrix and one spec per item."""
    base = keep & survey.valid(var.name, include_user_missing=options.include_missing)
    if options.multi_base == "all":
        base = keep.copy()
    counted = 1.0 if var.counted_value is None else float(var.counted_value)
    selected = np.column_stack(
        [survey.values(member) == counted for member in var.members]
        or [np.zeros(survey.n, dtype=bool)]
    ).astype(np.float64)
    if not var.members:
        selected = selected[:, :0]
    return base, selected, multi_specs(survey, var)


def multi_specs(survey: Survey, var: Variable) -> list[RowSpec]:
    return [
        RowSpec(member, survey.variable(member).label or member, "code", (i,))
        for i, member in enumerate(var.members)
    ]
