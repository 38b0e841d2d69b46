"""Counting a coded project: code frequencies overall and by a case attribute (NVivo's matrix
coding query), the code tree's order and depths, and code co-occurrence (two codes on the same
segment, or on overlapping spans of one source: MAXQDA's "overlapping" mode).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from explorer.core.bulk import no_cycle_collection
from explorer.core.errors import ExplorerError
from explorer.core.qual.lookup import _attr, resolve_code, sort_values
from explorer.core.qual.model import FACILITATOR, Project, Segment, segment_role
from explorer.core.qual.people import group_of, people


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
