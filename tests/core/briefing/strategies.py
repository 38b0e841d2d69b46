"""Hypothesis strategies for briefings, shared by the briefing and export tests."""

from __future__ import annotations

from hypothesis import strategies as st

from explorer.core.briefing.model import LAYOUTS, Briefing, DataRef, PinnedQuote, Slide, View
from explorer.core.filter_state import FilterState
from explorer.core.survey.table import TableOptions

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
names = st.text("abcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=12)
codes = st.one_of(
    st.integers(0, 99).map(float),
    st.floats(0, 99, allow_nan=False).map(lambda f: round(f, 2)),
    names,
)

filters = st.builds(
    FilterState,
    dimensions=st.dictionaries(names, st.frozensets(text, min_size=1, max_size=3), max_size=3).map(
        lambda d: tuple(d.items())
    ),
    cross=st.dictionaries(names, st.frozensets(codes, min_size=1, max_size=3), max_size=2).map(
        lambda d: tuple(d.items())
    ),
    search=text,
    codes=st.frozensets(names, max_size=3),
)
quotes = st.builds(
    PinnedQuote,
    source=names,
    start=st.integers(0, 1000),
    end=st.integers(1000, 2000),
    text=text,
    attribution=text,
)
views = st.builds(
    View,
    topic=st.none() | text,
    questions=st.lists(names, max_size=3).map(tuple),
    breakdown=st.none() | names,
    filter=filters,
    layout=st.sampled_from(LAYOUTS),
    show_empty=st.booleans(),
    multi_base=st.sampled_from(["answered", "all"]),
)
slides = st.builds(
    Slide,
    id=st.uuids().map(str),
    title=text,
    takeaway=text,
    notes=text,
    view=views,
    quotes=st.lists(quotes, max_size=2).map(tuple),
)


def refs(kind: str) -> st.SearchStrategy:
    return st.none() | st.builds(
        DataRef,
        kind=st.just(kind),
        path=text,
        sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
        name=text,
        modified=text,
    )


briefings = st.builds(
    Briefing,
    title=text,
    marking=st.sampled_from(["OFFICIAL", "OFFICIAL-SENSITIVE"]),
    survey=refs("survey"),
    qual=refs("qual"),
    slides=st.lists(slides, max_size=4, unique_by=lambda s: s.id).map(tuple),
    statistics=st.none()
    | st.builds(
        TableOptions,
        correction=st.sampled_from(["none", "bonferroni", "holm", "bh"]),
        confidence=st.sampled_from([0.90, 0.95, 0.99]),
        two_levels=st.booleans(),
        compare=st.sampled_from(["pairwise", "rest"]),
        min_test_base=st.integers(0, 100),
        strata=st.none() | names,
        cluster=st.none() | names,
    ),
)
