"""The sample briefing's stacked charts read the same in the PDF (the slide renderer) and the
PowerPoint: the same segments carry their figure ("14%", "[c]"), and the legends name the same
entries in the same order ("[c] hidden" once, after the answers, where a cell is hidden).

The PowerPoint is read back from its XML with python-pptx (each series point's data label), the
slide renderer from the items it lays out; at 4:3, which the PowerPoint does not have, the
renderer's labels are checked against the content model's decision for that canvas.
"""

from __future__ import annotations

from collections import Counter

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from explorer.core.export.chart_panels import HIDDEN, HIDDEN_NAME, Stacked, panels_for
from explorer.core.export.pptx import export_briefing_pptx
from explorer.core.export.provenance import provenance_for
from explorer.core.slides import segment_labels
from explorer.core.slides.content import build_deck
from explorer.core.slides.fit import fit_content
from explorer.core.slides.geometry import geometry
from explorer.ui.presentation.slide_renderer import W_4_3, BoxItem, W, layout_slide


@pytest.fixture(scope="module")
def sample(qapp):
    from explorer.core.briefing.sample import BRIEFING_PATH, QUAL_PATH, SURVEY_PATH
    from explorer.core.briefing.store import load_briefing
    from explorer.core.session import load_session

    if not (SURVEY_PATH.exists() and QUAL_PATH.exists()):
        pytest.skip("the bundled sample is not built")
    briefing, session = load_briefing(BRIEFING_PATH), load_session(SURVEY_PATH, QUAL_PATH)
    return briefing, session, build_deck(briefing, session)


@pytest.fixture(scope="module")
def pptx_slides(sample, tmp_path_factory):
    briefing, session, deck = sample
    path = tmp_path_factory.mktemp("same") / "sample.pptx"
    provenance = provenance_for(marking="OFFICIAL", survey=session.survey, title=briefing.title)
    export_briefing_pptx(deck, path, provenance)
    return list(Presentation(str(path)).slides)


def _stacked_slides(deck) -> list[int]:
    return [
        i
        for i, content in enumerate(deck)
        if content.tables
        and content.layout != "table"
        and any(isinstance(p, Stacked) for p in panels_for(content.tables, content.multi))
    ]


def _qt_labels(layout) -> Counter:
    """(row, answer) of every segment the renderer writes its figure on."""
    out: Counter = Counter()
    for bar in layout.bars:
        _question, row, answer = bar.key
        if any(t.on is not None and t.rect == bar.rect for t in layout.texts):
            out[(row, answer)] += 1
    return out


def _qt_legend(layout) -> list[tuple[str, bool]]:
    """(name, hatched) of each legend entry: a 28 px swatch with its name 36 px to its right."""
    swatches = [
        b
        for b in layout.items
        if isinstance(b, BoxItem) and not b.key and b.rect.width() == 28 == b.rect.height()
    ]
    out = []
    for swatch in swatches:
        (name,) = [
            t.text
            for t in layout.texts
            if t.rect.left() == swatch.rect.left() + 36
            and t.rect.top() <= swatch.rect.center().y() <= t.rect.bottom()
        ]
        out.append((name, swatch.hatched))
    return out


def _pptx_labels(slide) -> Counter:
    """(row, answer) of every stacked segment whose data label the PowerPoint writes."""
    out: Counter = Counter()
    for shape in slide.shapes:
        if not shape.has_chart or shape.chart.chart_type != XL_CHART_TYPE.BAR_STACKED:
            continue
        plot = shape.chart.plots[0]
        rows = list(plot.categories)
        answer = None
        for series in plot.series:
            if series.name != "[c]":  # a gap series draws its answer's hidden segments
                answer = series.name
            for r, row in enumerate(rows):
                label = series.points[r].data_label
                if label.has_text_frame and label.text_frame.text:
                    out[(row, answer)] += 1
    return out


def _pptx_legend(slide) -> list[tuple[str, bool]]:
    names = [s.name[len("Legend: ") :] for s in slide.shapes if s.name.startswith("Legend: ")]
    swatches = [s for s in slide.shapes if s.name.startswith("Legend swatch: ")]
    return [(n, s.fill.type == 2) for n, s in zip(names, swatches)]  # 2: MSO_FILL.PATTERNED


def test_the_pdf_and_the_powerpoint_label_the_same_segments(sample, pptx_slides) -> None:
    _, _, deck = sample
    stacked = _stacked_slides(deck)
    assert stacked, "the sample has stacked charts"
    labelled = 0
    for i in stacked:
        qt, ppt = _qt_labels(layout_slide(deck[i], W)), _pptx_labels(pptx_slides[i])
        assert qt == ppt, f"slide {i + 1}: only in the PDF {qt - ppt}, only in the PPTX {ppt - qt}"
        labelled += sum(qt.values())
    assert labelled > 10  # the check compared real labels


def test_the_pdf_and_the_powerpoint_legends_name_the_same_entries(sample, pptx_slides) -> None:
    _, _, deck = sample
    hidden_seen = False
    for i in _stacked_slides(deck):
        qt, ppt = _qt_legend(layout_slide(deck[i], W)), _pptx_legend(pptx_slides[i])
        assert qt and qt == ppt, f"slide {i + 1}"
        names = [name for name, _ in qt]
        assert names.count(HIDDEN_NAME) <= 1
        assert all(hatched == (name == HIDDEN_NAME) for name, hatched in qt)
        hidden_seen |= HIDDEN_NAME in names
        panels = panels_for(deck[i].tables, deck[i].multi)
        hidden = any(s for p in panels if isinstance(p, Stacked) for _, c in p.rows for _, s in c)
        assert (HIDDEN_NAME in names) == hidden  # named exactly when a cell is hidden
    assert hidden_seen  # the sample hides a cell somewhere, so "[c] hidden" was checked


def test_at_4_3_the_renderer_labels_the_segments_the_content_model_chooses(sample) -> None:
    _, _, deck = sample
    for i in _stacked_slides(deck):
        fitted = fit_content(deck[i], "4:3")
        width = geometry(fitted, W_4_3).chart_w
        expected: Counter = Counter()
        for panel in panels_for(fitted.tables, fitted.multi):
            if not isinstance(panel, Stacked):
                continue
            for (row, _), flags in zip(panel.rows, segment_labels.labels(panel, width)):
                for answer, on in zip(panel.categories, flags):
                    expected[(row, answer)] += on
        expected = +expected
        layout = layout_slide(deck[i], W_4_3)
        assert _qt_labels(layout) == expected, f"slide {i + 1}"
        hidden = [b for b in layout.bars if b.hatched]
        assert all(b.fill == HIDDEN for b in hidden)


def test_a_hidden_segment_is_labelled_by_the_same_rule_as_a_shown_one() -> None:
    cells = [(40.0, False), (None, True), (50.0, False)]  # the hidden one is 10% wide
    text = segment_labels.label_text(None, True)
    need = segment_labels.text_width(text, segment_labels.MIN_PX, True) + segment_labels.PAD
    assert segment_labels.row_labels(cells, need * 10 + 1)[1] is True
    assert segment_labels.row_labels(cells, need * 10 - 1)[1] is False
    shown = [(40.0, False), (10.0, False), (50.0, False)]
    need = segment_labels.text_width("10%", segment_labels.MIN_PX, True) + segment_labels.PAD
    assert segment_labels.row_labels(shown, need * 10 + 1) == [True, True, True]
    assert segment_labels.row_labels(shown, need * 10 - 1)[1] is False
