"""Quote queries, code frequencies and co-occurrence, against brute-force counts written here."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from explorer.core.errors import ExplorerError
from explorer.core.qual.model import MODERATOR
from explorer.core.qual.queries import (
    QuoteQuery,
    co_occurrence,
    code_frequencies,
    find_quotes,
    identifiability,
)
from tests.fixtures.qual.builders import projects, sample_project


def _below(project, guid):
    """Every code whose chain of parents reaches `guid` (walked upwards, unlike the model)."""
    out = set()
    for code in project.codes.values():
        current, seen = code.guid, set()
        while current is not None and current not in seen:
            if current == guid:
                out.add(code.guid)
                break
            seen.add(current)
            current = project.codes[current].parent if current in project.codes else None
    return out


def test_any_all_children_and_moderator() -> None:
    p = sample_project()
    today = find_quotes(p, QuoteQuery(codes=("Policing today",)))
    expected = [
        s for s in p.segments if set(s.codes) & _below(p, "c-today") and s.speaker != MODERATOR
    ]
    assert [q.segment for q in today] == expected
    assert "What comes to mind" not in [q.text for q in today]
    with_mod = find_quotes(p, QuoteQuery(codes=("policing today",), speakers_only=False))
    assert len(with_mod) == len(today) + 1
    only_parent = find_quotes(p, QuoteQuery(codes=("c-ai",), include_children=False))
    assert [q.text for q in only_parent] == ["As long as a human makes the final decision."]
    both = find_quotes(p, QuoteQuery(codes=("Live facial recognition", "Privacy"), match="all"))
    assert [q.text for q in both] == ["Facial recognition scares me a bit — privacy"]
    either = find_quotes(p, QuoteQuery(codes=("Safeguards", "Privacy"), match="any"))
    assert len(either) == 2


def test_where_groups_search_and_quote_fields() -> None:
    p = sample_project()
    women = find_quotes(p, QuoteQuery(where=(("gender", frozenset({"woman"})),)))
    assert women and all(q.attributes["Gender"] == "Woman" for q in women)
    assert len(women) == sum(
        1 for s in p.segments if s.case and p.cases[s.case].attribute("Gender") == "Woman"
    )
    group2 = find_quotes(p, QuoteQuery(groups=("Group 2",)))
    assert {q.group for q in group2} == {"Group 2"} and len(group2) == 3
    found = find_quotes(p, QuoteQuery(search="FACIAL privacy"))
    assert [q.speaker for q in found] == ["P03"]
    quote = found[0]
    assert quote.source == "Group 1 transcript" and quote.codes == (
        "Live facial recognition",
        "Privacy",
    )
    around = quote.context(before=1, after=1)
    assert [t.speaker for t in around] == ["P02", "P03", MODERATOR]
    assert quote.context(0, 0)[0].text.startswith("Facial recognition scares me")


def test_unknown_code_is_an_error_naming_it() -> None:
    with pytest.raises(ExplorerError, match="'Nope'"):
        find_quotes(sample_project(), QuoteQuery(codes=("Nope",)))


def _brute_frequencies(p, by):
    rows = {}
    values = []
    for case in p.cases.values():
        v = case.attribute_map.get(by) if by else None
        if v is not None and v not in values:
            values.append(v)
    for guid in p.codes:
        members = _below(p, guid)
        segs = [s for s in p.segments if s.speaker != MODERATOR and members & set(s.codes)]
        for value in [None, *values]:
            chosen = (
                segs
                if value is None
                else [s for s in segs if s.case and p.cases[s.case].attribute_map.get(by) == value]
            )
            groups = {p.sources[s.source].group or p.sources[s.source].name for s in chosen}
            rows[(guid, value)] = (
                len(chosen),
                len({s.case for s in chosen if s.case}),
                len(groups),
            )
    return rows


@pytest.mark.parametrize("by", [None, "Gender", "Age"])
def test_code_frequencies_match_brute_force(by) -> None:
    p = sample_project()
    rows = code_frequencies(p, by=by)
    got = {(r.code, r.value): (r.segments, r.participants, r.groups) for r in rows}
    assert got == _brute_frequencies(p, by)
    # the tree order puts each child after its parent
    order = [r.code for r in rows if r.value is None]
    assert all(order.index(p.codes[g].parent) < order.index(g) for g in order if p.codes[g].parent)


def test_code_frequencies_segment_filter_and_unknown_attribute() -> None:
    p = sample_project()
    rows = code_frequencies(p, segments=lambda s: s.source == "src-2")
    ai = next(r for r in rows if r.code == "c-ai" and r.value is None)
    assert (ai.segments, ai.groups) == (3, 1)
    with pytest.raises(ExplorerError, match="'Shoe size'"):
        code_frequencies(p, by="Shoe size")


def _brute_co(p):
    counts = {}
    for a, b in itertools.product(p.codes, repeat=2):
        n = sum(1 for s in p.segments if a in s.codes and b in s.codes)
        if a != b:
            for s, t in itertools.combinations(p.segments, 2):
                overlap = s.source == t.source and max(s.start, t.start) < min(s.end, t.end)
                if overlap and ((a in s.codes and b in t.codes) or (b in s.codes and a in t.codes)):
                    n += 1
        counts[(a, b)] = n
    return counts


def test_co_occurrence_sample() -> None:
    p = sample_project()
    result = co_occurrence(p)
    assert {(a, b): result.count(a, b) for a in p.codes for b in p.codes} == _brute_co(p)
    assert result.count("c-stretched", "c-sympathy") == 1
    assert result.count("c-lfr", "c-privacy") == 1
    sub = co_occurrence(p, ["Privacy", "c-lfr"])
    assert sub.codes == ("c-privacy", "c-lfr") and sub.counts == ((1, 1), (1, 1))


@settings(max_examples=40, deadline=None)
@given(projects())
def test_co_occurrence_is_symmetric_and_matches_brute_force(p) -> None:
    result = co_occurrence(p)
    assert {(a, b): result.count(a, b) for a in p.codes for b in p.codes} == _brute_co(p)
    n = len(result.codes)
    assert all(result.counts[i][j] == result.counts[j][i] for i in range(n) for j in range(n))


def test_identifiability() -> None:
    p = sample_project()
    two = find_quotes(p, QuoteQuery(codes=("Sympathy for officers", "Safeguards")))
    flag = identifiability(p, two)
    assert flag.participants == len({q.segment.case for q in two}) == 2
    assert flag.narrow and "2 participants" in flag.message
    everyone = identifiability(p, find_quotes(p, QuoteQuery()))
    assert everyone.participants == 6 and not everyone.narrow and everyone.message == ""
    assert not identifiability(p, []).narrow
