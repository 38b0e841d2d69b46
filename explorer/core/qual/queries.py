"""Asking a coded project "what did people like this say about that": quotes, code frequencies by
attribute (NVivo's matrix coding query), code co-occurrence, and an identifiability check.

Co-occurrence counts a pair of codes when they are on the same segment, or on two segments of the
same source whose spans overlap (MAXQDA's code relations browser, "overlapping" mode).
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from explorer.core.bulk import no_cycle_collection
from explorer.core.errors import ExplorerError
from explorer.core.qual.model import (
    FACILITATOR,
    PARTICIPANT,
    Project,
    Segment,
    Turn,
    segment_role,
)
from explorer.core.qual.people import Identifiability, group_of, identifiability, people
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


def resolve_code(project: Project, name_or_guid: str) -> str:
    """The guid of a code given by guid, path ("Parent ▸ Child") or unambiguous name."""
    if name_or_guid in project.codes:
        return name_or_guid
    found = project.codes_named(name_or_guid.strip())
    where = project.path or project.name
    if not found:
        raise ExplorerError.for_file(where, f"has no code named {name_or_guid!r}")
    if len(found) > 1:
        paths = "; ".join(project.code_path(c.guid, " > ") for c in found)
        raise ExplorerError.for_file(
            where, f"has {len(found)} codes named {name_or_guid!r}; give one by its path: {paths}"
        )
    return found[0].guid


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


@dataclass(frozen=True)
class FrequencyRow:
    code: str  # guid
    name: str
    depth: int  # 0 at the top of the code tree
    value: str | None  # the attribute value, None for the overall row
    segments: int  # passages coded with the code or a code below it
    participants: int  # distinct known participants among them
    groups: int
    coded: int = 0  # passages coded with this code itself: the count the coding tool shows
    facilitator: int = 0  # of `segments`, passages a facilitator speaks
    path: str = ""  # "Parent ▸ Child"


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
    found = memo.get(guid)
    if found is not None:
        return found
    codes = project.codes
    chain: list[str] = []
    seen: set[str] = set()
    current: str | None = guid
    while current in codes and current not in seen:
        above = memo.get(current)
        if above is not None:  # the rest of the walk is known: keep what this walk has not seen
            chain.extend(above if seen.isdisjoint(above) else (a for a in above if a not in seen))
            break
        seen.add(current)
        chain.append(current)
        current = codes[current].parent
    memo[guid] = found = tuple(chain)
    return found


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
    with no_cycle_collection():
        return _code_frequencies(project, by, segments, include_children, speakers_only)


def _code_frequencies(
    project: Project,
    by: str | None,
    segments: Iterable[Segment] | Callable[[Segment], bool] | None,
    include_children: bool,
    speakers_only: bool,
) -> list[FrequencyRow]:
    if segments is None:
        chosen = list(project.segments)
    elif callable(segments):
        chosen = [s for s in project.segments if segments(s)]
    else:
        chosen = list(segments)
    if speakers_only:  # the moderator's questions are not what participants said
        chosen = [s for s in chosen if segment_role(s) != FACILITATOR]
    values: list[str] = []
    if by is not None:
        if not any(_attr(c.attribute_map, by) is not None for c in project.cases.values()):
            where = project.path or project.name
            raise ExplorerError.for_file(where, f"has no participant attribute named {by!r}")
        for case in project.cases.values():
            v = _attr(case.attribute_map, by)
            if v is not None and v not in values:
                values.append(v)
        values = sort_values(values)
    memo: dict[str, tuple[str, ...]] = {}
    # (code, value) -> [passages, coded with the code itself, spoken by a facilitator], people, groups
    tally: dict[tuple[str, str | None], tuple[list[int], set, set]] = {}
    for segment in chosen:
        own = {code for code in segment.codes if code in project.codes}
        targets: dict[str, None] = {}
        for code in own:
            for guid in _ancestors(project, code, memo) if include_children else (code,):
                targets[guid] = None
        if not targets:
            continue
        value = None
        if by is not None and segment.case in project.cases:
            value = _attr(project.cases[segment.case].attribute_map, by)
        keys = [None] + ([value] if value is not None and value in values else [])
        who = people(project, (segment,))
        facilitator = segment_role(segment) == FACILITATOR
        group = group_of(project, segment)
        for guid in targets:
            for key in keys:
                entry = tally.get((guid, key))
                if entry is None:
                    entry = tally[(guid, key)] = ([0, 0, 0], set(), set())
                entry[0][0] += 1
                entry[0][1] += guid in own
                entry[0][2] += facilitator
                entry[1].update(who)
                entry[2].add(group)
    labels = _labels(project)
    empty: tuple[list[int], set, set] = ([0, 0, 0], set(), set())
    rows: list[FrequencyRow] = []
    codes = project.codes
    for guid in tree_order(project):
        above = _ancestors(project, guid, memo)  # the memo shared with the tally: one walk each
        depth = len(above) - 1
        path = " ▸ ".join(codes[g].name for g in reversed(above))  # Project.code_path, memoised
        for value in [None, *values]:
            (count, itself, spoken), who, groups = tally.get((guid, value), empty)
            rows.append(
                FrequencyRow(
                    code=guid,
                    name=labels[guid],
                    depth=depth,
                    value=value,
                    segments=count,
                    participants=len(who),
                    groups=len(groups),
                    coded=itself,
                    facilitator=spoken,
                    path=path,
                )
            )
    return rows


def _depth(project: Project, guid: str) -> int:
    """How many codes lie above `guid` (a cycle stops where it repeats)."""
    return len(_ancestors(project, guid, {})) - 1


def _depths(project: Project) -> dict[str, int]:
    memo: dict[str, tuple[str, ...]] = {}
    return {guid: len(_ancestors(project, guid, memo)) - 1 for guid in project.codes}


def _labels(project: Project) -> dict[str, str]:
    """Every code's `Project.code_label` (its name, or its path where another code shares the
    name), counting names once rather than once per code."""
    folded = {guid: code.name.casefold() for guid, code in project.codes.items()}
    twins = Counter(folded.values())
    return {
        guid: code.name if twins[folded[guid]] == 1 else project.code_path(guid)
        for guid, code in project.codes.items()
    }


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


def sort_values(values: list[str]) -> list[str]:
    """Attribute values as numbers when they all are (2, 10, 31), else as they came."""
    try:
        return sorted(values, key=lambda v: float(v.replace(",", "")))
    except ValueError:
        return values
