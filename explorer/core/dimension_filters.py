"""How a FilterState becomes a survey mask and a participant filter, over the shared dimensions
(dimensions.py), and the counts the filter panel shows beside each value: respondents under every
other filter (the survey half) and participants likewise (the focus-group half).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from explorer.core.dimensions import Dimension, by_key
from explorer.core.filter_state import FilterState
from explorer.core.passage_dimensions import passage_counts, speaking_cases
from explorer.core.qual.model import Project
from explorer.core.survey import counting, cube_filter
from explorer.core.survey.model import Survey


# --- the survey half ---------------------------------------------------------------------------
def survey_filters(
    state: FilterState, dimensions: Iterable[Dimension], *, skip: str | None = None
) -> dict[str, tuple[float | str, ...]]:
    """`Survey.mask` filters for `state`: profile codes and cross-filters (dimension `skip` left out).

    A shared dimension whose allowed values have no survey counterpart keeps no respondent.
    """
    dims = by_key(dimensions)
    out: dict[str, tuple[float | str, ...]] = {}
    for key, allowed in state.dimensions:
        dim = dims.get(key)
        if key == skip or dim is None or dim.survey_variable is None:
            continue
        codes = [v.survey_code for v in dim.values if v.key in allowed]
        out[dim.survey_variable] = tuple(c for c in codes if c is not None)
    for question, codes in state.cross:
        if question == skip:
            continue
        if question in out:  # a cross-filter on a profile variable narrows it further
            out[question] = tuple(c for c in out[question] if c in codes)
        else:
            out[question] = tuple(sorted(codes, key=str))
    return out


def survey_mask(
    survey: Survey, state: FilterState, dimensions: Iterable[Dimension], *, skip: str | None = None
) -> np.ndarray:
    """Respondents kept by `state` (True = kept)."""
    filters = {k: v for k, v in survey_filters(state, dimensions, skip=skip).items()}
    filters = {k: v for k, v in filters.items() if k in survey.variables}
    return survey.mask(filters)


def value_counts(
    survey: Survey, state: FilterState, dimensions: Sequence[Dimension], dimension: Dimension
) -> dict[str, int]:
    """Unweighted respondents per value of `dimension` under every *other* active filter."""
    if dimension.survey_variable is None:
        return {}
    # From the tables' cells when they exist: no pass over the respondents per dimension
    filters = {
        k: v
        for k, v in survey_filters(state, dimensions, skip=dimension.key).items()
        if k in survey.variables
    }
    dims = [d.survey_variable for d in dimensions if d.survey_variable]
    found = cube_filter.kept_cells(survey, dims, filters)
    by_code = None if found is None else cube_filter.code_counts(found, dimension.survey_variable)
    if by_code is not None:
        return {
            v.key: by_code.get(float(v.survey_code), 0)
            for v in dimension.values
            if v.survey_code is not None
        }
    keep = survey_mask(survey, state, dimensions, skip=dimension.key)
    bins = counting.bins_of(survey, dimension.survey_variable)
    if bins is not None:  # one bincount over the stored codes instead of a float copy per value
        kept = bins.values if keep.all() else bins.values[keep]
        per_bin = np.bincount(kept, minlength=bins.codes.size)
        return {
            v.key: int(per_bin[bins.codes == float(v.survey_code)].sum())
            for v in dimension.values
            if v.survey_code is not None
        }
    values = survey.values(dimension.survey_variable)[keep]
    return {
        v.key: int(np.count_nonzero(values == v.survey_code))
        for v in dimension.values
        if v.survey_code is not None
    }


# --- the focus-group half ----------------------------------------------------------------------
def quote_where(
    state: FilterState, dimensions: Iterable[Dimension], *, skip: str | None = None
) -> dict[str, frozenset[str]]:
    """Participant attribute → allowed values, for a quote query.

    A shared dimension whose allowed values have no focus-group counterpart keeps nobody (an
    empty set), so the quotes never claim to match a filter they cannot honour.
    """
    dims = by_key(dimensions)
    out: dict[str, frozenset[str]] = {}
    for key, allowed in state.dimensions:
        dim = dims.get(key)
        if key == skip or dim is None or dim.qual_attribute is None or dim.target != "case":
            continue
        out[dim.qual_attribute] = frozenset(
            spelling for v in dim.values if v.key in allowed for spelling in v.qual_values
        )
    return out


def matching_cases(
    project: Project,
    state: FilterState,
    dimensions: Iterable[Dimension],
    *,
    skip: str | None = None,
) -> set[str]:
    """Guids of the participants kept by `state`'s dimensions: their attributes match, and
    where a source, coder or coding-date filter is on, they speak in a passage it keeps."""
    dimensions = list(dimensions)
    where = quote_where(state, dimensions, skip=skip)
    kept = {
        case.guid
        for case in project.cases.values()
        if all(case.attribute(attr).strip() in allowed for attr, allowed in where.items())
    }
    speaking = speaking_cases(project, state, dimensions, skip=skip)
    return kept if speaking is None else kept & speaking


def participant_counts(
    project: Project, state: FilterState, dimensions: Sequence[Dimension], dimension: Dimension
) -> dict[str, int]:
    """Participants per value of `dimension` under every other active filter.

    A participant counts for a value when their attribute is one of the value's focus-group
    spellings (its mapping), exactly as ticking the value selects them: "Born in the UK"
    counts the participants recorded "Yes", not those whose answer reads "Born in the UK".
    """
    if dimension.qual_attribute is None:
        return {}
    kept = matching_cases(project, state, dimensions, skip=dimension.key)
    if dimension.target != "case":  # participants with a passage of the value
        return passage_counts(project, state, dimensions, kept, dimension)
    counts = {v.key: 0 for v in dimension.values}  # no spelling: ticking it keeps nobody
    spelling_to_keys: dict[str, list[str]] = {}
    for v in dimension.values:
        for spelling in v.qual_values:
            spelling_to_keys.setdefault(spelling, []).append(v.key)
    for guid in kept:
        spelling = project.cases[guid].attribute(dimension.qual_attribute).strip()
        for key in spelling_to_keys.get(spelling, ()):
            counts[key] += 1
    return counts
