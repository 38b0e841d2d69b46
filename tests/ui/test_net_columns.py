"""Nets beside stacked bars: a breakdown's stacked chart carries each row's net figures (the
weighted share giving any of the net's answers, computed here from the respondents), the slide
renderer and the PowerPoint draw the same figures, a hidden net is "[c]" in both, and a takeaway
citing a net is matched to the figure the slide shows."""

from __future__ import annotations

import numpy as np
import pytest
from pptx import Presentation

from explorer.core.briefing.model import Briefing, make_slide, view_from_state
from explorer.core.export.chart_panels import panels_for
from explorer.core.export.pptx import export_briefing_pptx
from explorer.core.export.provenance import provenance_for
from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.core.slides import net_columns
from explorer.core.slides.content import build_content, build_deck
from explorer.core.survey.formatting import percent_label
from tests.core.export.fixtures import small_survey

NETS = {"Support": (1, 2), "Oppose": (4, 5)}  # the fixture's codebook nets of q_tech_lfr


def _by_age(takeaway: str = ""):
    view = view_from_state(FilterState(), ["q_tech_lfr"], "age_band")
    return Briefing(slides=(make_slide("By age", takeaway=takeaway, view=view),))


def test_a_breakdowns_stacked_rows_carry_each_columns_nets_as_the_respondents_give_them() -> None:
    survey = small_survey()
    content = build_content(_by_age(), 0, Session(survey))
    (panel,) = panels_for(content.tables, content.multi)
    assert [name for name, _ in panel.nets] == list(NETS)
    answer, age, w = survey.values("q_tech_lfr"), survey.values("age_band"), survey.weights()
    answered = np.isin(answer, [1, 2, 3, 4, 5, 98])
    columns = [np.ones(len(age), bool)] + [age == code for code in (1, 2, 3)]  # Total, bands
    for name, codes in NETS.items():
        figures = dict(panel.nets)[name]
        assert len(figures) == len(panel.rows) == len(columns)
        for (percent, suppressed), keep in zip(figures, columns):
            base = keep & answered
            expected = 100 * w[base & np.isin(answer, codes)].sum() / w[base].sum()
            if not suppressed:
                assert percent == pytest.approx(expected)


def test_column_widths_leave_the_bars_room_or_draw_no_nets() -> None:
    names = ["Support", "Oppose"]
    wide = net_columns.column_widths(names, 1000.0, 300.0)
    assert len(wide) == 2 and all(w > 0 for w in wide)
    assert 1000.0 - 300.0 - sum(wide) >= net_columns.MIN_BAR_SHARE * 1000.0
    assert net_columns.column_widths(names, 300.0, 90.0) == []  # the bars would be too thin
    assert net_columns.column_widths([], 1000.0, 0.0) == []


def test_the_slide_and_the_powerpoint_draw_the_same_net_figures(tmp_path) -> None:
    from explorer.ui.presentation.slide_renderer import layout_slide  # Qt: the slide renderer

    survey = small_survey()
    briefing = _by_age()
    content = build_content(briefing, 0, Session(survey))
    (panel,) = panels_for(content.tables, content.multi)
    expected = {
        (name, label): percent_label(p, suppressed=s)
        for name, figures in panel.nets
        for (label, _), (p, s) in zip(panel.rows, figures)
    }
    layout = layout_slide(content)
    texts = [t.text for t in layout.texts]
    for name in NETS:
        assert name in texts  # the column's heading
    right = max(b.rect.right() for b in layout.items if hasattr(b, "key") and b.key)
    for text in set(expected.values()):  # each figure drawn at the right of every bar
        assert any(t.text == text and t.rect.left() >= right - 1 for t in layout.texts), text

    path = tmp_path / "nets.pptx"
    provenance = provenance_for(marking="OFFICIAL", survey=survey, title="Nets")
    export_briefing_pptx(build_deck(briefing, Session(survey)), path, provenance)
    slide = Presentation(str(path)).slides[0]
    drawn = {
        tuple(s.name.removeprefix("Net: ").split(", ", 1)): s.text_frame.text
        for s in slide.shapes
        if s.name.startswith("Net: ")
    }
    assert drawn == expected
    headings = [s.text_frame.text for s in slide.shapes if s.name.startswith("Net heading")]
    assert headings == list(NETS)


def test_a_takeaway_citing_a_net_is_matched_to_the_figure_shown() -> None:
    survey = small_survey()
    first = build_content(_by_age(), 0, Session(survey))
    (panel,) = panels_for(first.tables, first.multi)
    percent, suppressed = panel.nets[0][1][0]  # Support among all respondents
    figure = percent_label(percent, suppressed=suppressed)
    cited = build_content(_by_age(f"{figure} support it"), 0, Session(survey))
    assert cited.unmatched == ()
    wrong = build_content(_by_age("101% support it"), 0, Session(survey))
    assert wrong.unmatched == ("101%",)
