"""The one immutable filter state every view recomputes from: profile dimensions, cross-filters
on survey answers, the topic, quote search text and selected codes.

A `FilterState` is a frozen value; the functions here return a new state and never mutate one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

Code = float | str  # a survey code, or a multiple-response item name


@dataclass(frozen=True)
class FilterState:
    """What the user has asked to see; empty parts mean "everyone"."""

    # dimension key → allowed value keys (OR within a dimension, AND across dimensions)
    dimensions: tuple[tuple[str, frozenset[str]], ...] = ()
    # survey question → allowed answer codes, from clicking bars (AND across questions)
    cross: tuple[tuple[str, frozenset[Code]], ...] = ()
    topic: str | None = None  # None: all questions and all codes
    search: str = ""
    codes: frozenset[str] = frozenset()  # selected code guids (quotes carry any of them)

    # --- reading ----------------------------------------------------------------------------
    def allowed(self, dimension: str) -> frozenset[str]:
        """The value keys allowed for `dimension`; empty means the dimension is not filtered."""
        for key, values in self.dimensions:
            if key == dimension:
                return values
        return frozenset()

    def cross_codes(self, question: str) -> frozenset[Code]:
        for key, codes in self.cross:
            if key == question:
                return codes
        return frozenset()

    @property
    def dimension_map(self) -> dict[str, frozenset[str]]:
        return dict(self.dimensions)

    @property
    def cross_map(self) -> dict[str, frozenset[Code]]:
        return dict(self.cross)

    @property
    def is_empty(self) -> bool:
        """True when nothing narrows the respondents or the quotes (the topic is navigation)."""
        return not (self.dimensions or self.cross or self.search.strip() or self.codes)

    @property
    def filters_respondents(self) -> bool:
        return bool(self.dimensions or self.cross)


def _set(
    pairs: tuple[tuple[str, frozenset]], key: str, values: frozenset
) -> tuple[tuple[str, frozenset], ...]:
    """`pairs` with `key` set to `values` (dropped when empty), keeping first-added order."""
    out = []
    found = False
    for k, v in pairs:
        if k == key:
            found = True
            if values:
                out.append((k, values))
        else:
            out.append((k, v))
    if not found and values:
        out.append((key, values))
    return tuple(out)


# --- profile dimensions ------------------------------------------------------------------------
def with_value(state: FilterState, dimension: str, value: str) -> FilterState:
    """Also allow `value` in `dimension`."""
    values = state.allowed(dimension) | {value}
    return replace(state, dimensions=_set(state.dimensions, dimension, frozenset(values)))


def without(state: FilterState, dimension: str, value: str | None = None) -> FilterState:
    """Stop allowing `value` in `dimension`, or drop the whole dimension when `value` is None."""
    values = frozenset() if value is None else state.allowed(dimension) - {value}
    return replace(state, dimensions=_set(state.dimensions, dimension, values))


def with_values(state: FilterState, dimension: str, values: Iterable[str]) -> FilterState:
    """Allow exactly `values` in `dimension` (none: the dimension is not filtered)."""
    return replace(state, dimensions=_set(state.dimensions, dimension, frozenset(values)))


def toggled(state: FilterState, dimension: str, value: str, on: bool) -> FilterState:
    return with_value(state, dimension, value) if on else without(state, dimension, value)


# --- cross-filters -----------------------------------------------------------------------------
def with_cross(
    state: FilterState, question: str, codes: Iterable[Code], *, add: bool = False
) -> FilterState:
    """Keep respondents who gave one of `codes` to `question`.

    `add` (shift-click) widens the question's existing selection; otherwise it replaces it.
    """
    new = frozenset(codes)
    if add:
        new = state.cross_codes(question) | new
    return replace(state, cross=_set(state.cross, question, new))


def clicked(
    state: FilterState, question: str, codes: Iterable[Code], *, add: bool = False
) -> FilterState:
    """The state after a click on an answer of `question` (as Tableau and Power BI take it).

    A plain click selects just `codes`, or clears the question's selection when `codes` is
    already exactly what is selected (re-click toggles off). With `add` (Ctrl/Shift+click) the
    answer is added to the selection, or taken out of it when all its codes are already in.
    """
    new = frozenset(codes)
    current = state.cross_codes(question)
    if add:
        chosen = current - new if new and new <= current else current | new
    else:
        chosen = frozenset() if new == current else new
    return replace(state, cross=_set(state.cross, question, chosen))


def for_chart_of(state: FilterState, question: str) -> FilterState:
    """The filter a chart of `question` is computed under: every selection except the one made
    on `question` itself, which the chart highlights instead of filtering by (so its numbers
    stay those of the whole filtered base, as Tableau and Power BI show the clicked chart)."""
    if not state.cross_codes(question):
        return state
    return without_cross(state, question)


def without_cross(state: FilterState, question: str | None = None) -> FilterState:
    """Drop the cross-filter on `question`, or every cross-filter when `question` is None."""
    if question is None:
        return replace(state, cross=())
    return replace(state, cross=_set(state.cross, question, frozenset()))


# --- quotes and navigation ---------------------------------------------------------------------
def with_search(state: FilterState, text: str) -> FilterState:
    return replace(state, search=text)


def with_codes(state: FilterState, codes: Iterable[str]) -> FilterState:
    return replace(state, codes=frozenset(codes))


def with_topic(state: FilterState, topic: str | None) -> FilterState:
    """Go to `topic`; codes selected under another topic are cleared (they belong to it)."""
    topic = topic or None
    if topic == state.topic:
        return state
    return replace(state, topic=topic, codes=frozenset())


def cleared(state: FilterState) -> FilterState:
    """Everyone again: no dimension, cross-filter, search or code selection; the topic stays."""
    return FilterState(topic=state.topic)
