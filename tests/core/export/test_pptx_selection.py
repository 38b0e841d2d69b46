"""The PowerPoint shows what the content chose to fit (explorer.core.slides.fit), as the PDF
and the presentation do: the same groups of a breakdown, the same questions, no quotes box
when the chart took the width, and the caption line naming what was left out."""

from __future__ import annotations

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


def test_the_powerpoint_takes_the_contents_selection(sample_deck, tmp_path) -> None:
    briefing, session, contents = sample_deck
    path = tmp_path / "pack.pptx"
    provenance = provenance_for(marking=briefing.marking, survey=session.survey)
    export_briefing_pptx(contents, path, provenance, log_path=tmp_path / "log.jsonl")
    slides = list(Presentation(str(path)).slides)
    assert len(slides) == len(contents)
    trimmed = 0
    for content, slide in zip(contents, slides):
        charts = [s.chart for s in slide.shapes if s.has_chart]
        if content.shows_numbers and content.layout != "table" and content.tables:
            assert len(charts) == len(content.tables), content.title
            for chart, table in zip(charts, content.tables):
                groups = [c.label for c in table.columns if c.key != "all"] or ["All respondents"]
                assert [s.name for s in chart.plots[0].series] == groups, content.title
        if content.space_note:
            trimmed += 1
            assert content.space_note in _text(slide)
            full = sum(len(t.columns) * len(t.rows) for t in content.full_tables)
            cells = sum(len(t.columns) * len(t.rows) for t in content.tables)
            assert cells < full or len(content.quotes) < len(content.all_quotes)
        if content.chart_only:  # the chart took the width: no quotes box, as on the slide
            assert not any(q.text.strip()[:30] in _text(slide) for q in content.all_quotes)
    assert trimmed >= 1  # slide 4 holds more than a 16:9 slide can show at the floor
