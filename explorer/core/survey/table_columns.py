"""The columns of a table: the total, then one per substantive code (or item) of the breakdown,
each with its significance letter (A, B, …, Z, AA, …) and its respondents' mask, and how many in
the total are in no column of a single-choice breakdown."""

from __future__ import annotations

import numpy as np

from explorer.core.errors import ExplorerError
from explorer.core.survey import counting
from explorer.core.survey.model import Kind, Survey
from explorer.core.survey.table import TableOptions

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def by_codes(survey: Survey, by: str | None, options: TableOptions) -> list[float] | None:
    """The breakdown's columns: its substantive codes, less those nobody in the file holds."""
    if by is None:
        return None
    by_var = survey.variable(by)
    if by_var.kind is Kind.MULTI:
        return None
    return counting.shown_codes(
        survey, by_var, by_var.substantive_codes, show_empty=options.show_empty
    )


def column_masks(
    survey: Survey, by: str | None, options: TableOptions, *, with_masks: bool = True
) -> tuple[list[float | str], list[str], list[np.ndarray | None]]:
    """The total column (no extra mask) then one column per substantive code (or item) of `by`."""
    keys: list[float | str] = ["all"]
    labels = ["Total"]
    masks: list[np.ndarray | None] = [None]
    if by is None:
        return keys, labels, masks
    by_var = survey.variable(by)
    if by_var.kind is Kind.MULTI:
        counted = 1.0 if by_var.counted_value is None else float(by_var.counted_value)
        for member in by_var.members:
            keys.append(member)
            labels.append(survey.variable(member).label or member)
            masks.append(survey.values(member) == counted if with_masks else None)
    elif by_var.kind in (Kind.NOMINAL, Kind.SCALE):
        values = survey.values(by) if with_masks else None
        for code in by_codes(survey, by, options):
            keys.append(code)
            labels.append(by_var.label_for(code))
            masks.append(values == code if with_masks else None)
    else:
        raise ExplorerError(
            f"{by} is a {by_var.kind.value} variable; tables can only be broken down by a "
            "single-choice or multiple-response variable."
        )
    if len(keys) - 1 > len(_LETTERS) * len(_LETTERS):
        raise ExplorerError(f"{by} has too many codes to break a table down by.")
    return keys, labels, masks


def outside_breakdown(survey: Survey, by: str | None, bases_unw: np.ndarray) -> int:
    """Respondents in the total but in no column of a single-choice breakdown."""
    if by is None or survey.variable(by).kind is Kind.MULTI:
        return 0
    return max(0, int(bases_unw[0]) - int(bases_unw[1:].sum()))


def letter(i: int) -> str:
    """A, B, …, Z, AA, AB, …: the significance letter of the i-th breakdown column."""
    if i < len(_LETTERS):
        return _LETTERS[i]
    return _LETTERS[i // len(_LETTERS) - 1] + _LETTERS[i % len(_LETTERS)]
