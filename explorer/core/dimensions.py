"""Shared profile dimensions: which survey variable and which focus-group attribute make one filter
(matched by name and value wording, or by an editable link), and how a FilterState becomes a
survey mask and a participant filter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from explorer.core.errors import ExplorerError
from explorer.core.filter_state import FilterState
from explorer.core.qual.model import Project
from explorer.core.survey import counting, cube_filter
from explorer.core.survey.model import Kind, Survey, Variable

_DASHES = re.compile(r"[\u2010-\u2015\u2212\-]+")
_PARENS = re.compile(r"\([^)]*\)")
_SPACE = re.compile(r"[\s_]+")
# Survey variables whose names start so are taken as profile (who the respondent is, and a
# tracker's wave: when they were asked), not opinion.
_PROFILE_NAMES = re.compile(
    r"^(age|gender|sex|ethnic|born|birth|country|vote|area|region|sub_region|london_area|"
    r"grade|social|income|educat|tenure|borough|class|work|employ|disab|religio|children|wave)",
    re.I,
)
BOTH, SURVEY_ONLY, QUAL_ONLY = "both", "survey only", "focus groups only"


def normalise(text: str) -> str:
    """Wording as compared: case-folded, any dash as "-", spaces collapsed ("18–24" == "18-24")."""
    text = _DASHES.sub("-", str(text).casefold())
    return _SPACE.sub(" ", text).strip()


def _name_key(text: str) -> str:
    return normalise(_PARENS.sub("", text))


@dataclass(frozen=True)
class DimensionLink:
    """The user-editable mapping where the two halves word a dimension differently."""

    survey_variable: str
    qual_attribute: str  # "" : the user says this variable has no focus-group counterpart
    values: tuple[tuple[str, str], ...] = ()  # (survey value label, focus-group value)


DEFAULT_LINKS: tuple[DimensionLink, ...] = (
    DimensionLink("age_band", "Age"),
    DimensionLink("ethnic_group", "Ethnic group"),
    DimensionLink(
        "born_uk", "Born in the UK", (("Born in the UK", "Yes"), ("Born outside the UK", "No"))
    ),
    DimensionLink("q_victim", "Victim in past year"),
)


def links_to_json(links: Iterable[DimensionLink]) -> str:
    """The user's mapping as JSON (kept in settings beside the window layout)."""
    return json.dumps(
        [
            {
                "survey": k.survey_variable,
                "qual": k.qual_attribute,
                "values": list(map(list, k.values)),
            }
            for k in links
        ],
        ensure_ascii=False,
    )


def links_from_json(text: str) -> tuple[DimensionLink, ...]:
    """Read a mapping written by `links_to_json`; ExplorerError if it is not one."""
    try:
        data = json.loads(text)
        return tuple(
            DimensionLink(
                str(item["survey"]),
                str(item["qual"]),
                tuple((str(a), str(b)) for a, b in item.get("values", ())),
            )
            for item in data
        )
    except (ValueError, TypeError, KeyError) as error:
        raise ExplorerError("The saved dimension mapping is damaged; using the default.") from error


@dataclass(frozen=True)
class DimensionValue:
    key: str  # normalised wording: what a FilterState holds
    label: str
    survey_code: float | None = None
    qual_values: tuple[str, ...] = ()  # every spelling the focus groups use ("18-24", "18–24")

    @property
    def qual_value(self) -> str | None:
        return self.qual_values[0] if self.qual_values else None


@dataclass(frozen=True)
class Dimension:
    key: str  # the survey variable name, "qual:<attribute>", or "qual:#…" (passage_dimensions)
    label: str
    survey_variable: str | None
    qual_attribute: str | None
    values: tuple[DimensionValue, ...]
    # what the focus-group half reads: the speaker's case attribute, or (passage_dimensions) the
    # passage's source, coder or coding date
    target: str = "case"

    @property
    def scope(self) -> str:
        if self.survey_variable and self.qual_attribute:
            return BOTH
        return SURVEY_ONLY if self.survey_variable else QUAL_ONLY

    def value(self, key: str) -> DimensionValue | None:
        for value in self.values:
            if value.key == key:
                return value
        return None

    def label_for(self, key: str) -> str:
        value = self.value(key)
        return value.label if value else key


def _is_profile(var: Variable) -> bool:
    if var.kind not in (Kind.NOMINAL, Kind.SCALE) or not var.value_labels:
        return False
    return bool(_PROFILE_NAMES.match(var.name)) and len(var.substantive_codes) <= 15


def _qual_values(project: Project, attribute: str) -> dict[str, tuple[str, ...]]:
    """Normalised wording → the raw spellings of `attribute`'s values, in order of appearance
    (in numeric order when every value is a number)."""
    seen: dict[str, tuple[str, ...]] = {}
    for case in project.cases.values():
        value = case.attribute(attribute).strip()
        if value and value not in seen.get(normalise(value), ()):
            seen[normalise(value)] = (*seen.get(normalise(value), ()), value)
    try:  # numbers ("Years in post": 3, 12, 30) in numeric order, not the file's
        return dict(sorted(seen.items(), key=lambda kv: float(kv[1][0].replace(",", ""))))
    except ValueError:
        return seen


def build_dimensions(
    survey: Survey | None,
    project: Project | None,
    links: Sequence[DimensionLink] = DEFAULT_LINKS,
) -> list[Dimension]:
    """The filter dimensions: shared ones first (survey order), then survey-only, then qual-only."""
    attributes = project.attribute_names if project is not None else []
    by_name = {_name_key(a): a for a in attributes}
    used: set[str] = set()
    out: list[Dimension] = []
    survey_vars = list(survey.variables.values()) if survey is not None else []
    link_for = {link.survey_variable: link for link in links if link.qual_attribute in attributes}
    # a link to "" says the user unmatched the variable: no matching by name either
    unlinked = {link.survey_variable for link in links if not link.qual_attribute}
    for var in survey_vars:
        link = link_for.get(var.name)
        attribute = link.qual_attribute if link else None
        if (
            attribute is None
            and var.name not in unlinked
            and var.kind in (Kind.NOMINAL, Kind.SCALE)
        ):
            attribute = by_name.get(_name_key(var.label)) or by_name.get(_name_key(var.name))
        if attribute in used:
            attribute = None
        if attribute is None and not _is_profile(var):
            continue
        if attribute is not None:
            used.add(attribute)
        renames = {normalise(s): q for s, q in (link.values if link else ())}
        values: list[DimensionValue] = []
        qual = _qual_values(project, attribute) if attribute and project is not None else {}
        for code in var.substantive_codes:
            label = var.label_for(code)
            wanted = renames.get(normalise(label), label)
            spellings = qual.pop(normalise(wanted), ())
            values.append(DimensionValue(normalise(label), label, code, spellings))
        for key, spellings in qual.items():
            values.append(DimensionValue(key, spellings[0], None, spellings))
        label = _PARENS.sub("", var.label).strip() or var.name
        if attribute and len(attribute) < len(label):  # "Victim in past year", not the question
            label = attribute
        out.append(Dimension(var.name, label, var.name, attribute, tuple(values)))
    for attribute in attributes:
        if attribute in used or project is None:
            continue
        values = tuple(
            DimensionValue(key, spellings[0], None, spellings)
            for key, spellings in _qual_values(project, attribute).items()
        )
        out.append(Dimension(f"qual:{attribute}", attribute, None, attribute, values))
    from explorer.core.passage_dimensions import passage_dimensions

    return out + passage_dimensions(project)


def _lookup(dimensions: Iterable[Dimension]) -> dict[str, Dimension]:
    return {d.key: d for d in dimensions}


# --- the survey half ---------------------------------------------------------------------------
def survey_filters(
    state: FilterState, dimensions: Iterable[Dimension], *, skip: str | None = None
) -> dict[str, tuple[float | str, ...]]:
    """`Survey.mask` filters for `state`: profile codes and cross-filters (dimension `skip` left out).

    A shared dimension whose allowed values have no survey counterpart keeps no respondent.
    """
    dims = _lookup(dimensions)
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
    dims = _lookup(dimensions)
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
    from explorer.core.passage_dimensions import speaking_cases

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
        from explorer.core.passage_dimensions import passage_counts

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


# --- words -------------------------------------------------------------------------------------
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
    dims = _lookup(dimensions)
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
