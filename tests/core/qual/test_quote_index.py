"""`find_quotes` through the per-project arrays (quote_index) checked against a brute-force loop
over every segment written here, on random projects and queries (hypothesis), and the arrays
rebuilt when a project grows.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.qual.model import (
    FACILITATOR,
    MODERATOR,
    PARTICIPANT,
    UNKNOWN,
    Segment,
    segment_role,
)
from explorer.core.qual.queries import QuoteQuery, find_quotes
from explorer.core.qual.textsearch import TextIndex
from tests.fixtures.qual.builders import projects, sample_project


def brute(project, query: QuoteQuery) -> list[tuple]:
    """(segment guid, source, group, codes, attributes) of every match, in display order."""
    sets = []
    for name in query.codes:
        guid = name if name in project.codes else project.code_by_name(name).guid
        sets.append(project.descendants(guid) if query.include_children else {guid})
    searched = None
    if query.search.strip():
        searched = set(TextIndex([s.text for s in project.segments]).search(query.search))
    groups = {g.casefold() for g in query.groups}
    order = {guid: i for i, guid in enumerate(project.sources)}
    found = []
    for i, seg in enumerate(project.segments):
        if searched is not None and i not in searched:
            continue
        if not seg.text.strip():  # whitespace is counted for its codes, never a quote
            continue
        others = any(role == PARTICIPANT for _, role in seg.exchange)
        if query.speakers_only and segment_role(seg) == FACILITATOR and not others:
            continue
        if query.participants_only and segment_role(seg) == UNKNOWN:
            continue
        if sets:
            hits = [bool(set(seg.codes) & s) for s in sets]
            if not (all(hits) if query.match == "all" else any(hits)):
                continue
        source = project.sources.get(seg.source)
        group = (source.group or source.name) if source else ""
        named = source is not None and source.name.casefold() in groups
        if groups and group.casefold() not in groups and not named:
            continue
        case = project.cases.get(seg.case) if seg.case else None
        attrs = dict(case.attributes) if case else {}
        folded = {k.casefold(): v for k, v in attrs.items()}
        if any(
            (attrs.get(a, folded.get(a.casefold())) or "").casefold() not in allowed
            for a, allowed in ((a, {v.casefold() for v in vs}) for a, vs in query.where)
        ):
            continue
        names = tuple(project.code_label(c) for c in seg.codes if c in project.codes)
        key = (order.get(seg.source, 0), seg.start, seg.end)
        found.append((key, (seg.guid, source.name if source else "", group, names, attrs)))
    found.sort(key=lambda pair: pair[0])
    return [row for _, row in found]


def shown(quotes) -> list[tuple]:
    return [(q.segment.guid, q.source, q.group, q.codes, dict(q.attributes)) for q in quotes]


@st.composite
def queries(draw, project):
    codes = draw(st.lists(st.sampled_from(sorted(project.codes)), max_size=3, unique=True))
    where = ()
    attributes = sorted({a for c in project.cases.values() for a, _ in c.attributes})
    if attributes and draw(st.booleans()):
        name = draw(st.sampled_from(attributes))
        values = sorted({v for c in project.cases.values() for a, v in c.attributes if a == name})
        where = ((name, frozenset(draw(st.lists(st.sampled_from(values), min_size=1)))),)
    groups = ()
    if draw(st.booleans()):
        groups = (draw(st.sampled_from([s.name for s in project.sources.values()])),)
    words = [w for s in project.segments for w in s.text.split()][:20]
    search = draw(st.sampled_from(words)) if words and draw(st.booleans()) else ""
    return QuoteQuery(
        codes=tuple(codes),
        match=draw(st.sampled_from(["any", "all"])),
        include_children=draw(st.booleans()),
        where=where,
        groups=groups,
        search=search,
        speakers_only=draw(st.booleans()),
        participants_only=draw(st.booleans()),
    )


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_find_quotes_matches_brute_force(data) -> None:
    project = data.draw(projects())
    for _ in range(3):
        query = data.draw(queries(project))
        first = find_quotes(project, query)
        assert shown(first) == brute(project, query)
        again = find_quotes(project, query)  # from the cached arrays and quotes
        assert shown(again) == shown(first)


def test_arrays_follow_a_project_that_grows() -> None:
    project = sample_project()
    code = next(iter(project.codes))
    before = find_quotes(project, QuoteQuery(codes=(code,), include_children=False))
    seg = next(s for s in project.segments if s.speaker != MODERATOR)
    project.segments.append(replace(seg, guid="added", codes=(code,)))
    after = find_quotes(project, QuoteQuery(codes=(code,), include_children=False))
    assert [q.segment.guid for q in after].count("added") == 1
    assert len(after) == len(before) + 1
    assert isinstance(after[0].segment, Segment)
