"""Tests for the PowerPoint export: one slide per briefing slide, native charts whose values are
compute_table's percents, notes, marking top and bottom, the illustrative notice and sources."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from pptx import Presentation

from explorer.core.briefing.model import (
    Briefing,
    PinnedQuote,
    add_slide,
    make_slide,
    view_from_state,
)
from explorer.core.captions import SHORT_NOTICE
from explorer.core.errors import ExplorerError
from explorer.core.export.pptx import export_briefing_pptx
from explorer.core.export.provenance import provenance_for
from explorer.core.filter_state import FilterState, with_cross
from explorer.core.session import Session
from explorer.core.slides.content import build_deck
from explorer.core.survey.tabulate import compute_table
from tests.core.export.fixtures import small_survey


def _briefing() -> Briefing:
    lfr_opposers = with_cross(FilterState(), "q_tech_lfr", [4.0, 5.0])
    slides = [
        make_slide(
            "Support for facial recognition",
            takeaway="More support than oppose",
            notes="Say the base is all adults.",
            view=view_from_state(FilterState(), ["q_tech_lfr"]),
        ),
        make_slide(
            "By age",
            view=view_from_state(FilterState(), ["q_tech_lfr"], "age_band", "chart+quotes"),
            quotes=[PinnedQuote("s", 0, 10, "It depends where.", "Participant 07, woman")],
        ),
        make_slide("Two questions", view=view_from_state(lfr_opposers, ["q_tech_lfr", "label_q"])),
        make_slide(
            "As a table", view=view_from_state(FilterState(), ["q_tech_lfr"], layout="table")
        ),
        make_slide("Voices", view=view_from_state(FilterState(), [], layout="quotes")),
    ]
    briefing = Briefing(title="LFR", marking="OFFICIAL-SENSITIVE")
    for slide in slides:
        briefing = add_slide(briefing, slide)
    return briefing


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def _charts(slide):
    return [s.chart for s in slide.shapes if s.has_chart]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    survey = small_survey()
    briefing = _briefing()
    path = tmp_path_factory.mktemp("pptx") / "b.pptx"
    _write(briefing, path, survey)
    return survey, briefing, path, Presentation(str(path))


def _write(briefing, path, survey) -> None:
    contents = build_deck(briefing, Session(survey))
    export_briefing_pptx(contents, path, provenance_for(marking=briefing.marking, survey=survey))


def test_one_slide_per_briefing_slide_with_titles(written) -> None:
    _, briefing, _, prs = written
    assert len(prs.slides) == len(briefing.slides)
    assert [s.shapes.title.text for s in prs.slides] == [s.title for s in briefing.slides]


def test_chart_is_native_and_values_equal_compute_table(written) -> None:
    survey, briefing, _, prs = written
    charts = _charts(prs.slides[0])
    assert len(charts) == 1
    table = compute_table(survey, "q_tech_lfr")
    series = charts[0].plots[0].series
    assert len(series) == 1
    expected = [r.cells[0].percent for r in table.rows if r.kind == "code"]
    assert list(series[0].values) == pytest.approx(expected)
    # Independent check of one value: weighted share answering "Strongly support".
    w, v = survey.weights(), survey.values("q_tech_lfr")
    assert series[0].values[0] == pytest.approx(100 * w[v == 1].sum() / w.sum())
    assert list(charts[0].plots[0].categories) == [r.label for r in table.rows if r.kind == "code"]


def test_breakdown_gives_one_series_per_group(written) -> None:
    survey, _, _, prs = written
    chart = _charts(prs.slides[1])[0]
    names = [s.name for s in chart.plots[0].series]
    assert names == ["18–24", "25–34", "35+"]
    table = compute_table(survey, "q_tech_lfr", by="age_band")
    for j, series in enumerate(chart.plots[0].series, start=1):
        expected = [r.cells[j].percent for r in table.rows if r.kind == "code"]
        assert list(series.values) == pytest.approx(expected)
    assert any(
        "It depends where." in t and "Participant 07, woman" in t for t in _texts(prs.slides[1])
    )


def test_small_multiples_use_the_filter(written) -> None:
    survey, briefing, _, prs = written
    charts = _charts(prs.slides[2])
    assert len(charts) == 2
    v = survey.values("q_tech_lfr")
    keep = np.isin(v, [4, 5])
    table = compute_table(survey, "label_q", mask=keep)
    assert list(charts[1].plots[0].series[0].values) == pytest.approx(
        [r.cells[0].percent for r in table.rows if r.kind == "code"]
    )
    assert table.columns[0].unweighted_base == int(keep.sum())
    caption = next(t for t in _texts(prs.slides[2]) if t.startswith("Base:"))
    assert "Strongly oppose" in caption and f"unweighted n = {int(keep.sum())}" in caption
    contents = build_deck(briefing, Session(survey))
    assert contents[2].tables[1].columns[0].unweighted_base == int(keep.sum())


def test_marking_notes_sources_and_illustrative(written) -> None:
    _, briefing, _, prs = written
    for slide in prs.slides:
        texts = _texts(slide)
        assert texts.count("OFFICIAL-SENSITIVE") == 2  # top and bottom
        caption = "\n".join(texts)
        assert SHORT_NOTICE in caption
        assert "Data: small.sav" in caption
        assert "2025-06-01" not in caption  # a file's modification time does not date its data
    assert prs.slides[0].notes_slide.notes_text_frame.text == "Say the base is all adults."
    assert not prs.slides[1].has_notes_slide


def test_table_layout_is_a_native_table(written) -> None:
    _, _, _, prs = written
    tables = [s for s in prs.slides[3].shapes if s.has_table]
    assert len(tables) == 1 and not _charts(prs.slides[3])
    assert not _charts(prs.slides[4])


def test_missing_question_is_said_on_the_slide(tmp_path: Path) -> None:
    briefing = add_slide(
        Briefing(), make_slide("Gone", view=view_from_state(FilterState(), ["q_nope"]))
    )
    _write(briefing, tmp_path / "x.pptx", small_survey())
    texts = _texts(Presentation(str(tmp_path / "x.pptx")).slides[0])
    assert "The survey has no question 'q_nope', which this slide charts." in texts


def test_no_slides_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExplorerError, match="no slides"):
        export_briefing_pptx([], tmp_path / "x.pptx", provenance_for())
    assert not (tmp_path / "x.pptx").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_one_page_per_slide(written, tmp_path: Path) -> None:
    _, briefing, path, _ = written
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = (tmp_path / "b.pdf").read_bytes()
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == len(briefing.slides)
