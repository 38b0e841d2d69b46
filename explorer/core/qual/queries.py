"""Asking a coded project "what did people like this say about that": quotes, code frequencies by
attribute (NVivo's matrix coding query), code co-occurrence, and an identifiability check.

Co-occurrence counts a pair of codes when they are on the same segment, or on two segments of the
same source whose spans overlap (MAXQDA's code relations browser, "overlapping" mode).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from explorer.core.errors import ExplorerError
from explorer.core.qual.model import MODERATOR, Project, Segment, Turn
from explorer.core.qual.quote_index import quote_index
from explorer.core.qual.textsearch import TextIndex

Where = tuple[tuple[str, frozenset[str]], ...]


@dataclass(frozen=True)
class QuoteQuery:
    codes: tuple[str, ...] = ()  # code names (any case) or guids; empty = every coded segment
    match: Literal["any", "all"] = "any"
    include_children: bool = True  # a parent code stands for itself and every code below it
    where: Where = ()  # (attribute, allowed values): the speaker's case must have one of them
    groups: tuple[str, ...] = ()  # group (or source name) the segment comes from
    search: str = ""  # see textsearch: words and "phrases", all must match
    speakers_only: bool = True  # leave out what the moderator said


@dataclass(frozen=True, eq=False)
class Quote:
    segment: Segment
    text: str
    source: str  # source name
    speaker: str  # pseudonym, MODERATOR or ""
    attributes: dict[str, str]
    codes: tuple[str, ...]  # code names
    group: str
    project: Project = field(repr=False)

    def context(self, before: int = 1, after: int = 1) -> list[Turn]:
        """The turns around the quote: `before` turns, the quote's own turn, `after` turns."""
        source = self.project.sources.get(self.segment.source)
        if source is None or self.segment.turn is None:
            return []
        i = self.segment.turn
        return list(source.turns[max(0, i - before) : i + after + 1])


def resolve_code(project: Project, name_or_guid: str) -> str:
    """The guid of a code given by guid or by name (case-insensitive)."""
    if name_or_guid in project.codes:
        return name_or_guid
    code = project.code_by_name(name_or_guid.strip())
    if code is None:
        where = project.path or project.name
        raise ExplorerError.for_file(where, f"has no code named {name_or_guid!r}")
    return code.guid


def group_of(project: Project, segment: Segment) -> str:
    source = project.sources.get(segment.source)
    if source is None:
        return ""
    return source.group or source.name


def _attr(attrs: dict[str, str], name: str) -> str | None:
    if name in attrs:
        return attrs[name]
    folded = name.casefold()
    return next((v for k, v in attrs.items() if k.casefold() == folded), None)


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
    if query.speakers_only:
        candidates = candidates[~index.moderator[candidates]]
    if wanted_groups:
        ok = np.asarray([_group_ok(project, s, wanted_groups) for s in index.sources], dtype=bool)
        candidates = candidates[ok[index.source_of[candidates]]]
    if where:
        ok = np.asarray([_where_ok(project, c, where) for c in index.cases], dtype=bool)
        candidates = candidates[ok[index.case_of[candidates]]]

    def make(i: int) -> Quote:
        seg = project.segments[i]
        source = project.sources.get(seg.source)
        case = project.cases.get(seg.case) if seg.case else None
        return Quote(
            segment=seg,
            text=seg.text,
            source=source.name if source else "",
            speaker=seg.speaker,
            attributes=case.attribute_map if case else {},
            codes=tuple(project.codes[c].name for c in seg.codes if c in project.codes),
            group=group_of(project, seg),
            project=project,
        )

    return [index.quote(int(i), make) for i in index.in_order(candidates)]


def _group_ok(project: Project, source_guid: str, wanted: set[str]) -> bool:
    source = project.sources.get(source_guid)
    group = (source.group or source.name) if source is not None else ""
    return group.casefold() in wanted or (source is not None and source.name.casefold() in wanted)


def _where_ok(project: Project, case_guid: str | None, where) -> bool:
    case = project.cases.get(case_guid) if case_guid else None
    attrs = case.attribute_map if case else {}
    return not any((_attr(attrs, a) or "").casefold() not in allowed for a, allowed in where)


@dataclass(frozen=True)
class FrequencyRow:
    code: str  # guid
    name: str
    depth: int  # 0 at the top of the code tree
    value: str | None  # the attribute value, None for the overall row
    segments: int
    participants: int
    groups: int


def _children_map(project: Project) -> dict[str | None, list[str]]:
    """Each code's children in document order, built once (asking `project.children` for every
    code was quadratic: 20,000 codes took minutes)."""
    children: dict[str | None, list[str]] = {}
    for code in project.codes.values():
        children.setdefault(code.parent, []).append(code.guid)
    return children


def tree_order(project: Project) -> list[str]:
    """Code guids depth-first, children after their parent, in document order."""
    out: list[str] = []
    seen: set[str] = set()
    children = _children_map(project)
    for code in project.codes.values():
        if code.guid in seen or (code.parent is not None and code.parent in project.codes):
            continue
        stack = [code.guid]  # iterative: a chain thousands of codes deep is no recursion limit
        while stack:
            guid = stack.pop()
            if guid in seen:
                continue
            seen.add(guid)
            out.append(guid)
            stack.extend(reversed([c for c in children.get(guid, ()) if c not in seen]))
    out += [g for g in project.codes if g not in seen]
    return out


def _ancestors(project: Project, guid: str, memo: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """`guid` and every code above it (a cycle stops where it repeats)."""
    if guid in memo:
        return memo[guid]
    chain, seen = [], set()
    current: str | None = guid
    while current in project.codes and current not in seen:
        if current in memo:
            chain.extend(memo[current])
            break
        seen.add(current)
        chain.append(current)
        current = project.codes[current].parent
    memo[guid] = tuple(dict.fromkeys(chain))
    return memo[guid]


def code_frequencies(
    project: Project,
    *,
    by: str | None = None,
    segments: Iterable[Segment] | Callable[[Segment], bool] | None = None,
    include_children: bool = True,
    speakers_only: bool = True,
) -> list[FrequencyRow]:
    """For each code (tree order): segments, distinct participants and groups coded with it (or a
    code below it), overall (value None) and, with `by`, per value of that case attribute.
    Segments the moderator speaks are left out unless `speakers_only` is False.

    One pass over the segments, each credited to its codes and (with `include_children`) their
    ancestors: linear in segments × codes per segment × tree depth."""
    if segments is None:
        chosen = list(project.segments)
    elif callable(segments):
        chosen = [s for s in project.segments if segments(s)]
    else:
        chosen = list(segments)
    if speakers_only:  # the moderator's questions are not what participants said
        chosen = [s for s in chosen if s.speaker != MODERATOR]
    values: list[str] = []
    if by is not None:
        if not any(_attr(c.attribute_map, by) is not None for c in project.cases.values()):
            where = project.path or project.name
            raise ExplorerError.for_file(where, f"has no participant attribute named {by!r}")
        for case in project.cases.values():
            v = _attr(case.attribute_map, by)
            if v is not None and v not in values:
                values.append(v)
    memo: dict[str, tuple[str, ...]] = {}
    tally: dict[tuple[str, str | None], tuple[list[int], set, set]] = {}
    for segment in chosen:
        targets: dict[str, None] = {}
        for code in segment.codes:
            if code not in project.codes:
                continue
            for guid in _ancestors(project, code, memo) if include_children else (code,):
                targets[guid] = None
        if not targets:
            continue
        value = None
        if by is not None and segment.case in project.cases:
            value = _attr(project.cases[segment.case].attribute_map, by)
        keys = [None] + ([value] if value is not None and value in values else [])
        person = segment.case if segment.case and segment.speaker != MODERATOR else None
        group = group_of(project, segment)
        for guid in targets:
            for key in keys:
                entry = tally.get((guid, key))
                if entry is None:
                    entry = tally[(guid, key)] = ([0], set(), set())
                entry[0][0] += 1
                if person:
                    entry[1].add(person)
                entry[2].add(group)
    depths = _depths(project)
    empty: tuple[list[int], set, set] = ([0], set(), set())
    rows: list[FrequencyRow] = []
    for guid in tree_order(project):
        for value in [None, *values]:
            count, people, groups = tally.get((guid, value), empty)
            rows.append(
                FrequencyRow(
                    code=guid,
                    name=project.codes[guid].name,
                    depth=depths[guid],
                    value=value,
                    segments=count[0],
                    participants=len(people),
                    groups=len(groups),
                )
            )
    return rows


def _depth(project: Project, guid: str) -> int:
    """How many codes lie above `guid` (a cycle stops where it repeats)."""
    return len(_ancestors(project, guid, {})) - 1


def _depths(project: Project) -> dict[str, int]:
    memo: dict[str, tuple[str, ...]] = {}
    return {guid: len(_ancestors(project, guid, memo)) - 1 for guid in project.codes}


@dataclass(frozen=True)
class CoOccurrence:
    codes: tuple[str, ...]  # guids, in row/column order
    counts: tuple[tuple[int, ...], ...]  # counts[i][j]; the diagonal is segments coded i

    def count(self, a: str, b: str) -> int:
        return self.counts[self.codes.index(a)][self.codes.index(b)]


def co_occurrence(project: Project, codes: Iterable[str] | None = None) -> CoOccurrence:
    """How often two codes meet: on one segment, or on overlapping segments of the same source.

    Counted once per segment carrying both, plus once per unordered pair of overlapping segments
    (same source, spans sharing at least one character) where one carries one code and the other
    the other. The diagonal is the number of segments carrying the code. Codes are taken as coded,
    without their children.
    """
    order = [resolve_code(project, c) for c in codes] if codes is not None else tree_order(project)
    pos = {g: i for i, g in enumerate(order)}
    n = len(order)
    counts = [[0] * n for _ in range(n)]
    for seg in project.segments:
        present = sorted({pos[c] for c in seg.codes if c in pos})
        for i in present:
            for j in present:
                counts[i][j] += 1
    by_source: dict[str, list[Segment]] = {}
    for seg in project.segments:
        by_source.setdefault(seg.source, []).append(seg)
    for segs in by_source.values():
        segs.sort(key=lambda s: s.start)
        for k, a in enumerate(segs):
            for b in segs[k + 1 :]:
                if b.start >= a.end:
                    break
                ca = {pos[c] for c in a.codes if c in pos}
                cb = {pos[c] for c in b.codes if c in pos}
                pairs = {(i, j) for i in ca for j in cb if i != j}
                pairs |= {(j, i) for i, j in pairs}
                for i, j in pairs:
                    counts[i][j] += 1
    return CoOccurrence(tuple(order), tuple(tuple(row) for row in counts))


@dataclass(frozen=True)
class Identifiability:
    participants: int
    min_participants: int

    @property
    def narrow(self) -> bool:
        """True when the quotes come from at least one but fewer than `min_participants` people."""
        return 0 < self.participants < self.min_participants

    @property
    def message(self) -> str:
        if not self.narrow:
            return ""
        who = "one participant" if self.participants == 1 else f"{self.participants} participants"
        return (
            f"These quotes come from only {who}; with their attributes they may identify "
            f"someone. Widen the selection to at least {self.min_participants} people before sharing."
        )


def identifiability(
    project: Project, quotes: Iterable[Quote], min_participants: int = 3
) -> Identifiability:
    """Whether a result is narrowed to fewer than `min_participants` distinct participants."""
    people = {
        q.segment.case or q.speaker
        for q in quotes
        if q.speaker != MODERATOR and (q.segment.case or q.speaker)
    }
    return Identifiability(len(people), min_participants)
