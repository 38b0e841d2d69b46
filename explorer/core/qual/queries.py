"""Asking a coded project "what did people like this say about that": quotes, code frequencies by
attribute (NVivo's matrix coding query), code co-occurrence, and an identifiability check.

Co-occurrence counts a pair of codes when they are on the same segment, or on two segments of the
same source whose spans overlap (MAXQDA's code relations browser, "overlapping" mode).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from explorer.core.qual.code_counts import (  # noqa: F401 (asked for through this module)
    CoOccurrence,
    FrequencyRow,
    co_occurrence,
    code_frequencies,
    tree_order,
)
from explorer.core.qual.lookup import _attr, resolve_code, sort_values  # noqa: F401
from explorer.core.qual.model import (
    PARTICIPANT,
    Project,
    Segment,
    Turn,
    segment_role,
)
from explorer.core.qual.people import Identifiability, group_of, identifiability
from explorer.core.qual.quote_index import quote_index
from explorer.core.qual.textsearch import TextIndex

Where = tuple[tuple[str, frozenset[str]], ...]
__all__ = ["Identifiability", "Quote", "QuoteQuery", "find_quotes", "group_of", "identifiability"]


@dataclass(frozen=True)
class QuoteQuery:
    codes: tuple[str, ...] = ()  # code names (any case) or guids; empty = every coded segment
    match: Literal["any", "all"] = "any"
    include_children: bool = True  # a parent code stands for itself and every code below it
    where: Where = ()  # (attribute, allowed values): the speaker's case must have one of them
    groups: tuple[str, ...] = ()  # group (or source name) the segment comes from
    search: str = ""  # see textsearch: words and "phrases", all must match
    speakers_only: bool = True  # leave out what facilitators (moderator, interviewer) said
    participants_only: bool = False  # also leave out passages whose speaker is unknown
    coders: tuple[str, ...] = ()  # user guids or names: only passages they coded
    include_blank: bool = False  # also whitespace-only passages (for a full listing)


@dataclass(frozen=True, eq=False)
class Quote:
    segment: Segment
    text: str  # the words, without a speaker label the selection began with
    source: str  # source name
    speaker: str  # the label of the nearest speaker label at or above the passage, or ""
    attributes: dict[str, str]  # the speaker's case's attributes (a participant's only)
    codes: tuple[str, ...]  # code names (paths where a name is ambiguous)
    group: str
    project: Project = field(repr=False)
    role: str = PARTICIPANT  # PARTICIPANT, FACILITATOR or UNKNOWN

    @property
    def reference(self) -> str:
        """Where to find the passage again in the tool that coded it."""
        seg = self.segment
        start = seg.file_start if seg.file_start is not None else seg.start
        end = seg.file_end if seg.file_end is not None else seg.end
        return f"{self.source}, selection {seg.guid}, characters {start}–{end}"

    def context(self, before: int = 1, after: int = 1) -> list[Turn]:
        """The turns around the quote: `before` turns, the quote's own turn, `after` turns."""
        source = self.project.sources.get(self.segment.source)
        if source is None or self.segment.turn is None:
            return []
        i = self.segment.turn
        return list(source.turns[max(0, i - before) : i + after + 1])


_INDEXES: dict[int, tuple[weakref.ref, int, TextIndex]] = {}


def _index(project: Project) -> TextIndex:
    """A search index per project, rebuilt if the segments list changed."""
    key = id(project)
    cached = _INDEXES.get(key)
    if cached and cached[0]() is project and cached[1] == len(project.segments):
        return cached[2]
    index = TextIndex([s.text for s in project.segments])
    _INDEXES[key] = (
        weakref.ref(project, lambda _: _INDEXES.pop(key, None)),
        len(project.segments),
        index,
    )
    return index


def prepare(project: Project) -> None:
    """Build the project's search index and quote arrays now (e.g. while loading), so the first
    search or code filter does not wait for them."""
    quote_index(project)
    _index(project)


def _code_sets(project: Project, query: QuoteQuery) -> list[set[str]]:
    sets = []
    for code in query.codes:
        guid = resolve_code(project, code)
        sets.append(project.descendants(guid) if query.include_children else {guid})
    return sets


def find_quotes(project: Project, query: QuoteQuery) -> list[Quote]:
    """The segments matching every part of the query, in source and position order."""
    sets = _code_sets(project, query)
    wanted_groups = {g.casefold() for g in query.groups}
    where = [(a, {v.casefold() for v in values}) for a, values in query.where]
    index = quote_index(project)
    if query.search.strip():
        candidates = np.asarray(_index(project).search(query.search), dtype=np.intp)
    else:
        candidates = np.arange(len(project.segments), dtype=np.intp)
    if sets:  # segments with a code of every set (match "all") or of any set
        candidates = candidates[np.isin(candidates, index.coded(sets, query.match))]
    if not query.include_blank:
        candidates = candidates[~index.blank[candidates]]
    if query.speakers_only:
        candidates = candidates[~index.moderator[candidates]]
    if query.participants_only:
        candidates = candidates[~index.unknown[candidates]]
    if query.coders:
        wanted = {c.casefold() for c in query.coders}
        by = [(project.segments[int(i)].creator, int(i)) for i in candidates]
        names = {g: u.name.casefold() for g, u in project.users.items()}
        keep = [i for c, i in by if c.casefold() in wanted or names.get(c, "") in wanted]
        candidates = np.asarray(keep, dtype=np.intp)
    if wanted_groups:
        ok = np.asarray([_group_ok(project, s, wanted_groups) for s in index.sources], dtype=bool)
        candidates = candidates[ok[index.source_of[candidates]]]
    # an attribute no case has but sources do (a source variable, "Document set") filters sources
    case_attrs = {a.casefold() for a in project.attribute_names}
    by_source = [
        (a, v) for a, v in where if a.casefold() not in case_attrs and _source_attr(project, a)
    ]
    where = [(a, v) for a, v in where if (a, v) not in by_source]
    if where:
        ok = np.asarray([_where_ok(project, c, where) for c in index.cases], dtype=bool)
        candidates = candidates[ok[index.case_of[candidates]]]
    if by_source:
        ok = np.asarray([_source_ok(project, s, by_source) for s in index.sources], dtype=bool)
        candidates = candidates[ok[index.source_of[candidates]]]

    def make(i: int) -> Quote:
        seg = project.segments[i]
        source = project.sources.get(seg.source)
        role = segment_role(seg)
        case = project.cases.get(seg.case) if seg.case and role == PARTICIPANT else None
        return Quote(
            segment=seg,
            text=display_text(project, seg),
            source=source.name if source else "",
            speaker=seg.speaker,
            attributes=case.attribute_map if case else {},
            codes=tuple(project.code_label(c) for c in seg.codes if c in project.codes),
            group=group_of(project, seg),
            project=project,
            role=role,
        )

    return [index.quote(int(i), make) for i in index.in_order(candidates)]


def display_text(project: Project, seg: Segment) -> str:
    """The passage's words: a speaker label it starts with is said by the attribution."""
    source = project.sources.get(seg.source)
    if source is None or seg.turn is None or seg.turn >= len(source.turns):
        return seg.text
    turn = source.turns[seg.turn]
    cut = turn.start - seg.start
    text = seg.text[cut:] if 0 < cut < len(seg.text) else seg.text
    return unwrap(text)


def unwrap(text: str) -> str:
    """Hard-wrapped lines joined into their paragraph; blank-line paragraph breaks kept."""
    if "\n" not in text:
        return text
    paragraphs = re.split(r"\n[ \t]*\n\s*", text)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _group_ok(project: Project, source_guid: str, wanted: set[str]) -> bool:
    """The source's group, its name, or a document set holding it is wanted."""
    source = project.sources.get(source_guid)
    group = (source.group or source.name) if source is not None else ""
    if group.casefold() in wanted or (source is not None and source.name.casefold() in wanted):
        return True
    return any(n.casefold() in wanted and source_guid in m for n, m in project.sets.items())


def _source_attr(project: Project, name: str) -> bool:
    folded = name.casefold()
    return any(a.casefold() == folded for s in project.sources.values() for a, _ in s.attributes)


def _source_ok(project: Project, source_guid: str, where) -> bool:
    source = project.sources.get(source_guid)
    attrs = dict(source.attributes) if source is not None else {}
    for attr, allowed in where:
        values = {v.strip().casefold() for v in (_attr(attrs, attr) or "").split(";")}
        if not values & allowed:  # "Document set" may hold several sets, "; "-separated
            return False
    return True


def _where_ok(project: Project, case_guid: str | None, where) -> bool:
    case = project.cases.get(case_guid) if case_guid else None
    attrs = case.attribute_map if case else {}
    return not any((_attr(attrs, a) or "").casefold() not in allowed for a, allowed in where)
