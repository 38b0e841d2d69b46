"""FilterState: pure functions return new states and never change the old one."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.core import filter_state as fs


def test_with_value_adds_and_leaves_original_untouched() -> None:
    empty = fs.FilterState()
    state = fs.with_value(empty, "age_band", "18-24")
    state = fs.with_value(state, "age_band", "25-34")
    assert state.allowed("age_band") == {"18-24", "25-34"}
    assert empty.allowed("age_band") == frozenset()
    assert empty.is_empty and not state.is_empty


def test_state_is_frozen_and_hashable() -> None:
    state = fs.with_value(fs.FilterState(), "gender", "woman")
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.search = "x"  # type: ignore[misc]
    assert hash(state) == hash(fs.with_value(fs.FilterState(), "gender", "woman"))


def test_without_last_value_drops_the_dimension() -> None:
    state = fs.with_value(fs.FilterState(), "gender", "woman")
    assert fs.without(state, "gender", "woman").dimensions == ()
    two = fs.with_value(state, "age_band", "65+")
    assert fs.without(two, "age_band").dimension_map == {"gender": frozenset({"woman"})}


def test_cross_filter_replace_and_shift_add() -> None:
    state = fs.with_cross(fs.FilterState(), "q_tech_lfr", [4.0])
    assert state.cross_codes("q_tech_lfr") == {4.0}
    replaced = fs.with_cross(state, "q_tech_lfr", [5.0])
    assert replaced.cross_codes("q_tech_lfr") == {5.0}
    added = fs.with_cross(state, "q_tech_lfr", [5.0], add=True)
    assert added.cross_codes("q_tech_lfr") == {4.0, 5.0}
    assert fs.without_cross(added).cross == ()
    assert fs.without_cross(added, "q_tech_lfr").cross == ()


def test_cleared_keeps_topic_only() -> None:
    state = fs.with_topic(fs.FilterState(), "AI in policing")
    state = fs.with_search(fs.with_codes(fs.with_value(state, "a", "b"), ["c1"]), "camera")
    state = fs.with_cross(state, "q", [1.0])
    out = fs.cleared(state)
    assert out == fs.FilterState(topic="AI in policing")
    assert out.is_empty


@given(
    st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xyz"), st.booleans()), max_size=30)
)
def test_toggle_sequence_matches_a_plain_set_model(ops) -> None:
    state = fs.FilterState()
    model: dict[str, set[str]] = {}
    for dim, value, on in ops:
        state = fs.toggled(state, dim, value, on)
        if on:
            model.setdefault(dim, set()).add(value)
        else:
            model.get(dim, set()).discard(value)
    expected = {k: frozenset(v) for k, v in model.items() if v}
    assert state.dimension_map == expected
