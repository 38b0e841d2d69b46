"""Filters written as text ("age_band=1,2") parsed against a survey, and the human caption
("Age: 18–24, 25–34; Vote: Labour") that says which respondents a figure rests on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from explorer.core.errors import ExplorerError
from explorer.core.survey.model import Kind, Survey

ALL_RESPONDENTS = "All respondents"


def parse_filter(text: str, survey: Survey) -> tuple[str, tuple[float, ...]]:
    """ "VAR=CODE[,CODE…]" → (variable name, codes). For a multiple-response set, the codes are
    its item names (respondents who selected any of them).
    """
    name, sep, rest = text.partition("=")
    name, rest = name.strip(), rest.strip()
    if not sep or not name or not rest:
        raise ExplorerError(
            f"The filter {text!r} is not of the form VARIABLE=CODE[,CODE…], e.g. age_band=1,2."
        )
    var = survey.variable(name)
    parts = [part.strip() for part in rest.split(",")]
    if any(not part for part in parts):
        raise ExplorerError(f"The filter {text!r} has an empty code.")
    if var.kind is Kind.MULTI:
        for part in parts:
            if part not in var.members:
                raise ExplorerError(f"{part!r} is not an item of {name} (in the filter {text!r}).")
        return name, tuple(parts)  # type: ignore[return-value]
    if var.kind not in (Kind.NOMINAL, Kind.SCALE, Kind.NUMERIC):
        raise ExplorerError(f"{name} is a {var.kind.value} variable and cannot be filtered on.")
    codes: list[float] = []
    known = _known_codes(survey, name)
    for part in parts:
        try:
            code = float(part)
        except ValueError:
            raise ExplorerError(
                f"{part!r} in the filter {text!r} is not a number; use the code, e.g. {name}=1."
            ) from None
        if code not in known:
            raise ExplorerError(f"{name} has no code {part} (in the filter {text!r}).")
        codes.append(code)
    return name, tuple(codes)


def _known_codes(survey: Survey, name: str) -> set[float]:
    """Codes that exist: value-labelled, or present in the data."""
    var = survey.variable(name)
    values = survey.values(name)
    present = np.unique(values[~np.isnan(values)])
    return {float(c) for c in var.codes} | {float(c) for c in present}


def parse_filters(texts: Iterable[str], survey: Survey) -> dict[str, tuple[float, ...]]:
    """Several filters; repeating a variable combines its codes (OR within, AND across)."""
    filters: dict[str, tuple[float, ...]] = {}
    for text in texts:
        name, codes = parse_filter(text, survey)
        merged = filters.get(name, ()) + tuple(c for c in codes if c not in filters.get(name, ()))
        filters[name] = merged
    return filters


def describe_filters(filters: Mapping[str, Iterable[float]] | None, survey: Survey) -> str:
    """ "Age: 18–24, 25–34; Vote: Labour", or "All respondents" when nothing is filtered."""
    parts = []
    for name, codes in (filters or {}).items():
        var = survey.variable(name)
        if var.kind is Kind.MULTI:
            # Item labels name themselves ("Concerned about privacy"); the set's question would
            # only make the caption long.
            parts.append(", ".join(survey.variable(str(m)).label or str(m) for m in codes))
            continue
        labels = [var.label_for(float(c)) for c in codes]
        parts.append(f"{var.label or name}: {', '.join(labels)}")
    return "; ".join(parts) if parts else ALL_RESPONDENTS
