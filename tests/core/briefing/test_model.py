"""Tests for the pure briefing edits: each returns a new briefing and leaves the old one alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.core.briefing.model import (
    Briefing,
    PinnedQuote,
    add_slide,
    make_slide,
    move_slide,
    pin_quote,
    remove_slide,
    set_marking,
    unpin_quote,
    update_slide,
    view_from_state,
)
from explorer.core.errors import ExplorerError
from explorer.core.filter_state import FilterState, with_cross, with_topic, with_value


def _briefing(n: int) -> Briefing:
    briefing = Briefing(title="T")
    for i in range(n):
        briefing = add_slide(briefing, make_slide(f"s{i}"))
    return briefing


def _titles(briefing: Briefing) -> list[str]:
    return [s.title for s in briefing.slides]


def test_add_slide_at_positions_and_ids_are_unique() -> None:
    b = _briefing(3)
    b2 = add_slide(b, make_slide("new"), at=1)
    assert _titles(b2) == ["s0", "new", "s1", "s2"]
    assert _titles(b) == ["s0", "s1", "s2"]  # unchanged
    assert _titles(add_slide(b, make_slide("first"), at=-5))[0] == "first"
    assert _titles(add_slide(b, make_slide("last"), at=99))[-1] == "last"
    assert len({s.id for s in b2.slides}) == 4
    with pytest.raises(ExplorerError, match="already has a slide"):
        add_slide(b2, b2.slides[0])


def test_remove_and_unknown_slide() -> None:
    b = _briefing(3)
    b2 = remove_slide(b, b.slides[1].id)
    assert _titles(b2) == ["s0", "s2"]
    with pytest.raises(ExplorerError, match="no slide"):
        remove_slide(b2, b.slides[1].id)


@given(st.integers(1, 8), st.data())
def test_move_slide_is_a_permutation_landing_at_target(n: int, data: st.DataObject) -> None:
    b = _briefing(n)
    src = data.draw(st.integers(0, n - 1))
    dst = data.draw(st.integers(-2, n + 2))
    moved = move_slide(b, src, dst)
    assert sorted(_titles(moved)) == sorted(_titles(b))
    assert moved.slides[max(0, min(dst, n - 1))] == b.slides[src]
    # Moving back restores the order.
    assert move_slide(moved, max(0, min(dst, n - 1)), src) == b


def test_move_out_of_range_is_an_error() -> None:
    with pytest.raises(ExplorerError, match="no slide 4"):
        move_slide(_briefing(2), 3, 0)


def test_update_slide_sets_slide_and_view_fields() -> None:
    b = _briefing(2)
    sid = b.slides[1].id
    state = with_cross(with_value(FilterState(), "age_band", "18-24"), "q_tech_lfr", [4.0, 5.0])
    b2 = update_slide(
        b,
        sid,
        title="LFR",
        takeaway="x",
        questions=["q_tech_lfr"],
        breakdown="age_band",
        filter=state,
    )
    slide = b2.slide(sid)
    assert (slide.title, slide.takeaway) == ("LFR", "x")
    assert slide.view.questions == ("q_tech_lfr",)
    assert slide.view.breakdown == "age_band"
    assert slide.view.filter == state
    assert b2.slides[0] == b.slides[0]
    assert b.slide(sid).title == "s1"
    with pytest.raises(ExplorerError, match="no field named 'colour'"):
        update_slide(b, sid, colour="red")
    with pytest.raises(ExplorerError, match="not a slide layout"):
        update_slide(b, sid, layout="pie")


def test_view_from_state_keeps_topic_on_the_view() -> None:
    state = with_topic(with_value(FilterState(), "gender", "woman"), "lfr")
    view = view_from_state(state, ["q_tech_lfr"], None, "chart+quotes")
    assert view.topic == "lfr" and view.filter.topic is None
    assert view.filter_state == state


def test_pin_and_unpin_quote() -> None:
    b = _briefing(1)
    sid = b.slides[0].id
    q = PinnedQuote("src", 10, 20, "some words", "P01")
    b2 = pin_quote(b, sid, q)
    assert b2.slide(sid).quotes == (q,)
    assert pin_quote(b2, sid, q) == b2
    assert unpin_quote(b2, sid, "src", 10, 20).slide(sid).quotes == ()


def test_set_marking_normalises_and_refuses() -> None:
    b = _briefing(0)
    assert set_marking(b, "official sensitive").marking == "OFFICIAL-SENSITIVE"
    with pytest.raises(ExplorerError, match="not a protective marking"):
        set_marking(b, "TOP SECRET")


def test_filter_state_adapters_round_trip() -> None:
    from explorer.core.briefing.model import from_filter_state, to_filter_state

    state = with_topic(with_cross(FilterState(search="cctv"), "q_tech_lfr", [4.0]), "lfr")
    assert to_filter_state(from_filter_state(state, ["q_tech_lfr"])) == state
