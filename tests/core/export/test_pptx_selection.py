"""The PowerPoint shows what the content chose to fit (explorer.core.slides.fit), as the PDF
and the presentation do: the same groups of a breakdown, the same questions, no quotes box
when the chart took the width, and the caption line naming what was left out."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pptx import Presentation

from explorer.core.export.pptx import export_briefing_pptx
from explorer.core.export.provenance import provenance_for
from explorer.core.slides.content import build_deck


@pytest.fixture(scope="module")
def sample_deck():
    from explorer.core.briefing.sample import BRIEFING_PATH, QUAL_PATH, SURVEY_PATH
    from explorer.core.briefing.store import load_briefing
    from explorer.core.session import load_session

    if not (SURVEY_PATH.exists() and QUAL_PATH.exists()):
        pytest.skip("the bundled sample is not built")
    briefing = load_briefing(BRIEFING_PATH)
    session = load_session(SURVEY_PATH, QUAL_PATH)
    return briefing, session, build_deck(briefing, session)


def _text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _points(slide) -> int:
    """Data points in the slide's charts (series × categories), whatever way they are grouped."""
    total = 0
    for shape in slide.shapes:
        if shape.has_chart:
            plot = shape.chart.plots[0]
            total += len(list(plot.series)) * len(list(plot.categories))
    return total


def test_the_powerpoint_takes_the_contents_selection(sample_deck, tmp_path) -> None:
    briefing, session, contents = sample_deck
    provenance = provenance_for(marking=briefing.marking, survey=session.survey)
    log = tmp_path / "log.jsonl"
    export_briefing_pptx(contents, tmp_path / "pack.pptx", provenance, log_path=log)
    # the same deck with every row put back: what the PowerPoint would show on its own
    whole = [replace(c, tables=c.full_tables) for c in contents]
    export_briefing_pptx(whole, tmp_path / "whole.pptx", provenance, log_path=log)
    slides = list(Presentation(str(tmp_path / "pack.pptx")).slides)
    every = list(Presentation(str(tmp_path / "whole.pptx")).slides)
    assert len(slides) == len(contents)
    trimmed = 0
    for content, slide, full in zip(contents, slides, every):
        if content.tables != content.full_tables:
            trimmed += 1
            assert 0 < _points(slide) < _points(full), content.title
        else:
            assert _points(slide) == _points(full), content.title
        if content.space_note:
            assert content.space_note in _text(slide)
        if content.chart_only:  # the chart took the width: no quotes box, as on the slide
            assert not any(q.text.strip()[:30] in _text(slide) for q in content.all_quotes)
    assert trimmed >= 1  # slide 4 holds more than a 16:9 slide can show at the floor
