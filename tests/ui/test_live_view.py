"""An honest live view: under a filter changed during the presentation the takeaway says it was
written for the saved view, pinned quotes follow the filter (a speaker outside it is left out, with
a note), and no quote is shown when the filter leaves fewer than three focus-group participants."""

from __future__ import annotations

import pytest

from explorer.core import filter_state as fs
from explorer.core.slides.content import build_content
from explorer.ui.presentation.slide_renderer import LIVE_TAKEAWAY, layout_slide


@pytest.fixture(scope="module")
def sample(qapp):
    from explorer.core.briefing.sample import BRIEFING_PATH, QUAL_PATH, SURVEY_PATH
    from explorer.core.briefing.store import load_briefing
    from explorer.core.session import load_session

    if not (SURVEY_PATH.exists() and QUAL_PATH.exists()):
        pytest.skip("the bundled sample is not built")
    return load_briefing(BRIEFING_PATH), load_session(SURVEY_PATH, QUAL_PATH)


def _speaker_attributes(project, pinned) -> dict[str, str]:
    """Found independently of the app: the case whose turn holds the pinned span."""
    seg = next(
        s
        for s in project.segments
        if s.source == pinned.source and s.start <= pinned.start < s.end and s.case
    )
    case = project.cases[seg.case]
    return dict(case.attributes)


def _live(slide, **values) -> fs.FilterState:
    state = slide.view.filter_state
    for dimension, value in values.items():
        state = fs.toggled(state, dimension, value, True)
    return state


def test_pinned_quotes_follow_the_live_filter(sample) -> None:
    briefing, session = sample

    def ages_of(slide):
        return [_speaker_attributes(session.project, q)["Age"] for q in slide.quotes]

    index = next(
        i for i, s in enumerate(briefing.slides) if len(s.quotes) == 2 and len(set(ages_of(s))) == 2
    )
    slide = briefing.slides[index]
    ages = ages_of(slide)
    age_dim = next(d for d in session.dimensions if d.key == "age_band")
    first_age = next(v.key for v in age_dim.values if v.label == ages[0])
    live = build_content(briefing, index, session, _live(slide, age_band=first_age))
    assert live.live
    assert [text for text, _who in live.quotes] == [slide.quotes[0].text]
    assert "1 pinned quote left out" in live.quotes_note
    texts = [t.text for t in layout_slide(live).texts]
    assert live.quotes_note in texts
    assert not any(slide.quotes[1].text.strip() in t for t in texts)
    saved = build_content(briefing, index, session)
    assert len(saved.quotes) == 2 and not saved.quotes_note


def test_no_quote_when_the_filter_leaves_fewer_than_three_people(sample) -> None:
    briefing, session = sample
    index = next(
        i
        for i, s in enumerate(briefing.slides)
        if s.quotes and s.view.layout in ("quotes", "chart+quotes")
    )
    slide = briefing.slides[index]
    project = session.project
    # a group of one or two participants, counted here from the cases themselves
    pairs = {}
    for case in project.cases.values():
        a = dict(case.attributes)
        pairs.setdefault((a.get("Age"), a.get("Gender")), []).append(case.guid)
    (age, gender), people = min(pairs.items(), key=lambda kv: len(kv[1]))
    assert 0 < len(people) < 3
    dims = {d.key: d for d in session.dimensions}
    age_key = next(v.key for v in dims["age_band"].values if v.label == age)
    gender_key = next(v.key for v in dims["gender"].values if v.label.lower() == gender.lower())
    live = build_content(
        briefing, index, session, _live(slide, age_band=age_key, gender=gender_key)
    )
    assert live.quotes == ()
    assert f"{len(people)} participant" in live.quotes_note or "one participant" in live.quotes_note
    assert "could be identified" in live.quotes_note


def test_takeaway_is_marked_as_written_for_the_saved_view(sample) -> None:
    briefing, session = sample
    index = next(i for i, s in enumerate(briefing.slides) if s.takeaway)
    slide = briefing.slides[index]
    saved = layout_slide(build_content(briefing, index, session))
    assert any(t.text == slide.takeaway for t in saved.texts)
    live = layout_slide(build_content(briefing, index, session, _live(slide, gender="woman")))
    marked = [t for t in live.texts if t.text.startswith(LIVE_TAKEAWAY)]
    assert marked and marked[0].italic
    assert not any(t.text == slide.takeaway for t in live.texts)
