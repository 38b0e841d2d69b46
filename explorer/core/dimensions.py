"""Shared profile dimensions: which survey variable and which focus-group attribute make one filter
(matched by name and value wording, or by an editable link), the user's links as JSON, and the
dimensions built from a survey and a project.

How a FilterState becomes a survey mask and a participant filter is in dimension_filters.py; a
filter in words, in filter_words.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from explorer.core.errors import ExplorerError
from explorer.core.qual.model import Project
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


def by_key(dimensions: Iterable[Dimension]) -> dict[str, Dimension]:
    """Each dimension under its key (what a FilterState names it by)."""
    return {d.key: d for d in dimensions}
