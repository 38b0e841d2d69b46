"""Choosing what goes into a pack: slide numbers like "2,4-6", hidden slides, a public audience
(no quotes, no internal or OFFICIAL-SENSITIVE slides), per-slide marking with the pack carrying
the highest, the cover and method slides' words, and the new slide fields read from hand-written
JSON (and files without them read as before)."""

from __future__ import annotations

import json

import pytest

from explorer.core.briefing import model as bm
from explorer.core.briefing.pack import (
    cover_slide,
    highest_marking,
    method_slide,
    parse_selection,
    select_for_pack,
    slide_marking,
)
from explorer.core.briefing.store import dumps, load_briefing
from explorer.core.errors import ExplorerError


def _briefing() -> bm.Briefing:
    slides = [
        bm.make_slide("One", view=bm.View(questions=("q",), layout="chart+quotes")),
        bm.make_slide("Two"),
        bm.make_slide("Three", view=bm.View(layout="quotes")),
        bm.make_slide("Four"),
        bm.make_slide("Five"),
        bm.make_slide("Six"),
    ]
    pinned = bm.PinnedQuote("src", 0, 5, "hello", "P01")
    slides[0] = bm.Slide(**{**slides[0].__dict__, "quotes": (pinned,)})
    slides[1] = bm.Slide(**{**slides[1].__dict__, "hidden": True})
    slides[3] = bm.Slide(**{**slides[3].__dict__, "internal": True})
    slides[4] = bm.Slide(**{**slides[4].__dict__, "marking": "OFFICIAL-SENSITIVE"})
    return bm.Briefing(title="Pack", slides=tuple(slides))


def _titles(b: bm.Briefing) -> list[str]:
    return [s.title for s in b.slides]


def test_selection_parses_numbers_and_ranges() -> None:
    assert parse_selection("2,4-6", 6) == [1, 3, 4, 5]
    assert parse_selection(" 3 , 1-2, 2", 6) == [2, 0, 1]
    for bad in ("0", "7", "2-x", "5-3", "", "1,,2"):
        with pytest.raises(ExplorerError, match="--slides"):
            parse_selection(bad, 6)


def test_marking_order_and_the_pack_carries_the_highest() -> None:
    assert highest_marking(["OFFICIAL", "official sensitive", "OFFICIAL"]) == "OFFICIAL-SENSITIVE"
    assert highest_marking(["OFFICIAL PERSONAL", "OFFICIAL"]) == "OFFICIAL PERSONAL"
    b = _briefing()
    assert slide_marking(b, b.slides[0]) == "OFFICIAL"
    assert slide_marking(b, b.slides[4]) == "OFFICIAL-SENSITIVE"
    assert select_for_pack(b, [0, 3]).marking == "OFFICIAL"
    assert select_for_pack(b, [0, 4]).marking == "OFFICIAL-SENSITIVE"
    assert select_for_pack(b).marking == "OFFICIAL-SENSITIVE"  # slide 5 is in the whole deck


def test_hidden_slides_are_left_out_unless_chosen() -> None:
    b = _briefing()
    assert _titles(select_for_pack(b)) == ["One", "Three", "Four", "Five", "Six"]
    assert _titles(select_for_pack(b, [1, 5])) == ["Two", "Six"]


def test_public_audience_has_no_quotes_and_no_internal_slides() -> None:
    b = _briefing()
    public = select_for_pack(b, public=True)
    assert _titles(public) == ["One", "Six"]  # not hidden, quotes-only, internal or sensitive
    assert public.slides[0].quotes == () and public.slides[0].view.layout == "chart"
    assert public.marking == "OFFICIAL"
    with pytest.raises(ExplorerError, match="public audience"):
        select_for_pack(b, [2, 3, 4], public=True)
    assert b.slides[0].quotes  # the briefing itself is not changed


def test_new_fields_round_trip_and_old_files_still_read(tmp_path) -> None:
    b = _briefing()
    path = tmp_path / "p.briefing.json"
    path.write_text(dumps(b), encoding="utf-8")
    again = load_briefing(path)
    assert [(s.hidden, s.internal, s.marking) for s in again.slides] == [
        (s.hidden, s.internal, s.marking) for s in b.slides
    ]
    raw = json.loads(dumps(b))
    assert "hidden" not in raw["slides"][0]  # written only when set
    raw["slides"][0]["marking"] = "official sensitive"
    raw["slides"][0]["hidden"] = "yes"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ExplorerError, match="'hidden' is not true or false"):
        load_briefing(path)
    raw["slides"][0]["hidden"] = False
    raw["slides"][1]["marking"] = "SECRET"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ExplorerError, match="slide 2"):
        load_briefing(path)


def test_cover_and_method_words() -> None:
    import datetime

    b = select_for_pack(_briefing(), [0, 4])
    cover = cover_slide(b, author="A. Analyst", date=datetime.date(2026, 3, 5), illustrative=True)
    assert cover.title == "Pack"
    assert cover.lines[:3] == (
        "Classification: OFFICIAL-SENSITIVE",
        "Date: 5 March 2026",
        "Author: A. Analyst",
    )
    assert any("Illustrative" in line for line in cover.lines)
    ref = bm.DataRef("survey", "x.sav", "ab" * 32, "x.sav", "2026-01-02")
    method = method_slide((ref,), weight="wt", suppress_below=7)
    text = "\n".join(method.lines)
    assert "x.sav, data dated 2026-01-02; SHA-256 " + "ab" * 32 in text
    assert "weighted by 'wt'" in text and "Kish effective base" in text
    assert "z-tests" in text and "Benjamini–Hochberg correction within each row" in text
    assert "95% level" in text and "95% intervals" in text
    assert "fewer than 7 respondents" in text
    assert "complementary suppression" in text  # the rule is the whole rule, as in footers
    from explorer.core.survey.table import TableOptions

    holm = method_slide(
        (ref,), weight=None, options=TableOptions(correction="holm", confidence=0.9)
    )
    text = "\n".join(holm.lines)
    assert "Holm correction" in text and "90% level" in text and "90% intervals" in text
