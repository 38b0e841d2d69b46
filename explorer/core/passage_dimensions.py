"""Focus-group-only filter dimensions that are not about the speaker: the source a passage comes
from (its document sets and source variables), who coded it and when. They narrow the quotes and
the focus-group counts, never the survey.

Each is a `dimensions.Dimension` whose `target` says what it reads: SOURCE (a source attribute;
"Document set" may hold several sets, "; "-separated), CODER (the coding's creatingUser) or CODED
(the month of its creationDateTime). Keys start "qual:#" so they never meet a survey variable
or a case attribute's "qual:<attribute>" key.
"""

from __future__ import annotations

import calendar
import re
import weakref
from collections.abc import Callable, Iterable

from explorer.core.filter_state import FilterState
from explorer.core.qual.model import Project, Segment

SOURCE, CODER, CODED = "source", "coder", "coded"
SOURCE_PREFIX = "qual:#source:"
CODER_KEY = "qual:#coder"
CODED_KEY = "qual:#coded"
CODER_LABEL = "Coded by"
CODED_LABEL = "Coded in"
NOT_RECORDED = "not recorded"  # the value key of passages the file gives no coder or date
NOT_RECORDED_LABEL = "Not recorded"
DOCUMENT_SET = "Document set"
_MONTH = re.compile(r"^(\d{4})-(\d{2})")


def _split(attribute: str, value: str) -> list[str]:
    """A source attribute's values: a "Document set" lists every set holding the source."""
    if attribute.casefold() == DOCUMENT_SET.casefold():
        return [v.strip() for v in value.split(";") if v.strip()]
    return [value.strip()] if value.strip() else []


def _numeric_order(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    try:
        return sorted(items, key=lambda kv: float(kv[1].replace(",", "")))
    except ValueError:
        return items


def source_values(project: Project, source_guid: str, attribute: str) -> list[str]:
    """The raw values `attribute` has on the source (none when the source lacks it)."""
    source = project.sources.get(source_guid)
    if source is None:
        return []
    folded = attribute.casefold()
    return [v for k, raw in source.attributes if k.casefold() == folded for v in _split(k, raw)]


def coder_key(seg: Segment) -> str:
    return seg.creator.strip().casefold() or NOT_RECORDED


def coded_key(seg: Segment) -> str:
    found = _MONTH.match(seg.created.strip())
    return f"{found.group(1)}-{found.group(2)}" if found else NOT_RECORDED


def _month_label(key: str) -> str:
    if key == NOT_RECORDED:
        return NOT_RECORDED_LABEL
    year, month = key.split("-")
    name = calendar.month_name[int(month)] if 1 <= int(month) <= 12 else month
    return f"{name} {year}"


def passage_dimensions(project: Project | None) -> list:
    """The source, coder and coding-date dimensions `project` supports, in that order; one that
    could not narrow anything (a single coder, every source in the one set) is left out."""
    from explorer.core.dimensions import Dimension, DimensionValue, normalise

    if project is None:
        return []
    out = []
    case_attributes = {a.casefold() for a in project.attribute_names}
    names: dict[str, str] = {}
    for source in project.sources.values():
        for name, _ in source.attributes:
            if name.strip() and name.casefold() not in case_attributes:
                names.setdefault(name.casefold(), name)
    for name in names.values():
        seen: dict[str, tuple[str, ...]] = {}
        for source in project.sources.values():
            for value in source_values(project, source.guid, name):
                if value not in seen.get(normalise(value), ()):
                    seen[normalise(value)] = (*seen.get(normalise(value), ()), value)
        ordered = _numeric_order([(k, s[0]) for k, s in seen.items()])
        values = tuple(DimensionValue(k, seen[k][0], None, seen[k]) for k, _ in ordered)
        lacking = any(not source_values(project, g, name) for g in project.sources)
        if len(values) > 1 or (values and lacking):  # a filter that cannot narrow is not offered
            key = SOURCE_PREFIX + name
            out.append(Dimension(key, name, None, name, values, SOURCE))
    segments = [s for s in project.segments if not s.blank]
    if any(s.creator.strip() for s in segments):
        keys = dict.fromkeys(coder_key(s) for s in segments)
        users = {g.strip().casefold(): u.name for g, u in project.users.items()}
        order = [g for g in users if g in keys] + [k for k in keys if k not in users]
        order = [k for k in order if k != NOT_RECORDED] + [k for k in keys if k == NOT_RECORDED]
        values = tuple(
            DimensionValue(
                k,
                NOT_RECORDED_LABEL if k == NOT_RECORDED else users.get(k) or f"User {k[:8]}",
                None,
                (k,),
            )
            for k in order
        )
        if len(values) > 1:  # one coder for every passage: shown with the quote, no filter
            out.append(Dimension(CODER_KEY, CODER_LABEL, None, CODER_LABEL, values, CODER))
    if any(coded_key(s) != NOT_RECORDED for s in segments):
        keys = sorted({coded_key(s) for s in segments}, key=lambda k: (k == NOT_RECORDED, k))
        values = tuple(DimensionValue(k, _month_label(k), None, (k,)) for k in keys)
        if len(values) > 1:
            out.append(Dimension(CODED_KEY, CODED_LABEL, None, CODED_LABEL, values, CODED))
    return out


def _value_of(project: Project, dim, seg: Segment) -> list[str]:
    """The value keys of `dim` that `seg` has (a source may be in several document sets)."""
    if dim.target == CODER:
        return [coder_key(seg)]
    if dim.target == CODED:
        return [coded_key(seg)]
    spellings = source_values(project, seg.source, dim.qual_attribute or "")
    return [v.key for v in dim.values if set(v.qual_values) & set(spellings)]


def passage_filter(
    project: Project, state: FilterState, dimensions: Iterable, *, skip: str | None = None
) -> Callable[[Segment], bool] | None:
    """Whether a passage passes `state`'s source, coder and coding-date filters (AND across
    dimensions, OR within one); None when none of them is active (`skip` left out)."""
    active = []
    for dim in dimensions:
        allowed = state.allowed(dim.key)
        if (
            dim.key == skip
            or not allowed
            or getattr(dim, "target", "")
            not in (
                SOURCE,
                CODER,
                CODED,
            )
        ):
            continue
        active.append((dim, allowed))
    if not active:
        return None
    memo: dict[tuple[str, str], bool] = {}  # source dimensions are decided once per source

    def ok(seg: Segment) -> bool:
        for dim, allowed in active:
            if dim.target == SOURCE:
                key = (dim.key, seg.source)
                if key not in memo:
                    memo[key] = bool(set(_value_of(project, dim, seg)) & allowed)
                if not memo[key]:
                    return False
            elif not set(_value_of(project, dim, seg)) & allowed:
                return False
        return True

    return ok


# --- counting participants, fast: one cached row per participant passage -------------------
_TABLES: dict[int, tuple[weakref.ref, int, list[tuple[str, str, str, str]]]] = {}


def _table(project: Project) -> list[tuple[str, str, str, str]]:
    """(case, source, coder key, month key) of every non-blank passage a participant speaks,
    built once per project (rebuilt if the segments list changed)."""
    key = id(project)
    cached = _TABLES.get(key)
    if cached and cached[0]() is project and cached[1] == len(project.segments):
        return cached[2]
    rows = [
        (s.case, s.source, coder_key(s), coded_key(s))
        for s in project.segments
        if s.case and s.case in project.cases and not s.blank
    ]
    _TABLES[key] = (
        weakref.ref(project, lambda _: _TABLES.pop(key, None)),
        len(project.segments),
        rows,
    )
    return rows


def _row_reader(project: Project, dim) -> Callable[[tuple[str, str, str, str]], tuple[str, ...]]:
    """A row's value keys of `dim` (source dimensions decided once per source)."""
    if dim.target == CODER:
        return lambda row: (row[2],)
    if dim.target == CODED:
        return lambda row: (row[3],)
    by_source: dict[str, tuple[str, ...]] = {}
    for guid in project.sources:
        spellings = set(source_values(project, guid, dim.qual_attribute or ""))
        by_source[guid] = tuple(v.key for v in dim.values if spellings & set(v.qual_values))
    return lambda row: by_source.get(row[1], ())


def _row_test(project: Project, state: FilterState, dimensions: Iterable, skip: str | None):
    """The `passage_filter` test on table rows, or None when no passage filter is on."""
    tests = [
        (_row_reader(project, dim), allowed) for dim, allowed in _active(state, dimensions, skip)
    ]
    if not tests:
        return None

    def test(row: tuple[str, str, str, str]) -> bool:
        return all(not allowed.isdisjoint(read(row)) for read, allowed in tests)

    return test


def _active(state: FilterState, dimensions: Iterable, skip: str | None) -> list:
    return [
        (dim, state.allowed(dim.key))
        for dim in dimensions
        if dim.key != skip
        and state.allowed(dim.key)
        and getattr(dim, "target", "") in (SOURCE, CODER, CODED)
    ]


# the last few answers (every case dimension's count asks the same question), with the project
_SPEAKING: dict[tuple, tuple[weakref.ref, set[str]]] = {}


def speaking_cases(
    project: Project, state: FilterState, dimensions: Iterable, *, skip: str | None = None
) -> set[str] | None:
    """Guids of the participants who speak in a non-blank passage `state`'s source, coder and
    coding-date filters keep; None when none of them is on."""
    dimensions = list(dimensions)
    active = _active(state, dimensions, skip)
    if not active:
        return None
    key = (id(project), len(project.segments), tuple((d, a) for d, a in active))
    cached = _SPEAKING.get(key)
    if cached is None or cached[0]() is not project:
        test = _row_test(project, state, dimensions, skip)
        while len(_SPEAKING) >= 16:
            _SPEAKING.pop(next(iter(_SPEAKING)))
        found = {row[0] for row in _table(project) if test is not None and test(row)}
        cached = _SPEAKING[key] = (weakref.ref(project), found)
    return set(cached[1])


def passage_counts(
    project: Project, state: FilterState, dimensions: Iterable, kept: set[str], dim
) -> dict[str, int]:
    """Participants of `kept` per value of passage dimension `dim`: those with a passage of that
    value that passes the other passage filters of `state`."""
    test = _row_test(project, state, dimensions, dim.key)
    read = _row_reader(project, dim)
    people: dict[str, set[str]] = {v.key: set() for v in dim.values}
    for row in _table(project):
        if row[0] in kept and (test is None or test(row)):
            for key in read(row):
                if key in people:
                    people[key].add(row[0])
    return {k: len(v) for k, v in people.items()}
