"""A filter in words: a FilterState for a chart footer ("Age 18–24 or 25–34; Gender Woman") and
a cross-filter's chosen answers, with the dimensions' and the survey's labels.
"""

from __future__ import annotations

from collections.abc import Iterable

from explorer.core.dimensions import Dimension, by_key, normalise
from explorer.core.filter_state import FilterState
from explorer.core.survey.model import Survey


def cross_answers(survey: Survey | None, question: str, codes: Iterable[float | str]) -> str:
    """ "Strongly oppose or Somewhat oppose": the chosen answers of a cross-filter, in words."""
    if survey is None or question not in survey.variables:
        return " or ".join(str(c) for c in codes)
    var = survey.variables[question]
    names = []
    for code in sorted(codes, key=str):
        if isinstance(code, str) and code in survey.variables:
            names.append(survey.variables[code].label)
        else:
            names.append(var.label_for(code))
    return " or ".join(names)


def cross_label(survey: Survey | None, question: str, codes: Iterable[float | str]) -> str:
    """ "Live facial recognition: Strongly oppose or Somewhat oppose"."""
    if survey is None or question not in survey.variables:
        return f"{question}: " + cross_answers(survey, question, codes)
    return f"{survey.variables[question].label}: " + cross_answers(survey, question, codes)


def describe(
    state: FilterState,
    dimensions: Iterable[Dimension],
    survey: Survey | None,
    *,
    half: str | None = None,
) -> str:
    """The filter in words for a chart footer: "Age 18–24 or 25–34; Gender Woman".

    `half="survey"` names only what filters the survey (no focus-group-only dimension such as
    Group); `half="qual"` only what filters the participants (no survey cross-filters);
    `half="qual only"` only the dimensions the survey does not have.
    """
    dims = by_key(dimensions)
    parts = []
    for key, allowed in state.dimensions:
        dim = dims.get(key)
        if dim is None:
            continue
        if half == "survey" and dim.survey_variable is None:
            continue
        if half in ("qual", "qual only") and dim.qual_attribute is None:
            continue
        if half == "qual only" and dim.survey_variable is not None:
            continue
        labels = [v.label for v in dim.values if v.key in allowed]
        named = all(normalise(v).startswith(normalise(dim.label)) for v in labels)
        # "Group 3", not "Group Group 3", where the values already name their dimension
        parts.append(
            " or ".join(labels) if named and labels else f"{dim.label} {' or '.join(labels)}"
        )
    if half not in ("qual", "qual only"):
        parts.extend(cross_label(survey, q, codes) for q, codes in state.cross)
    return "; ".join(parts) if parts else "All respondents"
