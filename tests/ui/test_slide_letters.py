"""Significance letters are the same in the window, on the PDF/PNG slide and in the PowerPoint:
all three show the one table `Session.table` made, and a table slide's caption says how the letters
were tested (level, correction, method) under the settings in force."""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pytest
from pptx import Presentation

from explorer.core.briefing.model import Briefing, add_slide, make_slide, view_from_state
from explorer.core.captions import significance_line
from explorer.core.export.pptx import export_briefing_pptx
from explorer.core.export.provenance import provenance_for
from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.core.slides.content import build_content
from explorer.core.survey.formatting import format_percent
from explorer.core.survey.table import TableOptions
from explorer.ui.charts.breakdown_grid import BreakdownGrid
from explorer.ui.presentation.slide_renderer import layout_slide
from tests.core.survey.stats_data import stats_survey


def _survey():
    # Three groups whose "Yes" rates differ clearly (20%, 35%, 60%), so letters are certain.
    rng = np.random.default_rng(4)
    by = np.repeat([1.0, 2.0, 3.0], 300)
    rate = np.array([0.2, 0.35, 0.6])[by.astype(int) - 1]
    q = np.where(rng.random(by.size) < rate, 1.0, 2.0)
    w = rng.uniform(0.6, 1.6, by.size)
    return stats_survey(q, by, w), q, by, w


def _reference_letters(q, by, w, code, confidence, holm: bool) -> list[str]:
    """Pooled z-tests on Kish bases between the three groups, Holm-corrected or not, by hand."""
    groups = [by == g for g in (1.0, 2.0, 3.0)]
    p = [w[g & (q == code)].sum() / w[g].sum() for g in groups]
    n = [w[g].sum() ** 2 / (w[g] ** 2).sum() for g in groups]
    pairs = list(combinations(range(3), 2))
    tests = []
    for i, j in pairs:
        pooled = (p[i] * n[i] + p[j] * n[j]) / (n[i] + n[j])
        se = math.sqrt(pooled * (1 - pooled) * (1 / n[i] + 1 / n[j]))
        tests.append(math.erfc(abs(p[i] - p[j]) / se / math.sqrt(2)))
    alpha = 1 - confidence
    order = sorted(range(3), key=lambda k: tests[k])
    keep = set()
    for rank, k in enumerate(order):
        limit = alpha / (3 - rank) if holm else alpha
        if tests[k] >= limit:
            break
        keep.add(k)
    out = [""] * 3
    for k in sorted(keep, key=lambda k: pairs[k]):
        i, j = pairs[k]
        high, low = (i, j) if p[i] > p[j] else (j, i)
        out[high] += "ABC"[low]
    return ["".join(sorted(text)) for text in out]


@pytest.mark.parametrize("holm", [False, True])
def test_window_pdf_and_pptx_show_the_same_letters(qtbot, tmp_path, holm) -> None:
    survey, q, by, w = _survey()
    options = TableOptions(correction="holm" if holm else "none", confidence=0.99)
    session = Session(survey, options=options)
    view = view_from_state(FilterState(), ["q"], "by", "table")
    briefing = add_slide(Briefing(title="Letters"), make_slide("By group", view=view))
    content = build_content(briefing, 0, session)
    table = content.tables[0]

    expected = [_reference_letters(q, by, w, code, 0.99, holm) for code in (1.0, 2.0)]
    assert [[c.significance for c in row.cells[1:]] for row in table.rows] == expected
    assert any("".join(letters) for letters in expected)

    # The window's breakdown grid
    grid = BreakdownGrid()
    qtbot.addWidget(grid)
    grid.set_table(session.table("q", FilterState(), by="by"), survey)
    shown = [[grid.cell_text(i, j)[1] for j in (1, 2, 3)] for i in range(len(grid.rows))]
    assert shown == expected

    # The drawn slide (PDF, PNG and the presentation draw this layout)
    drawn = [t.text for t in layout_slide(content).texts]
    for row in table.rows:
        for cell in row.cells:
            text = format_percent(cell.percent, suppressed=cell.suppressed) + "%"
            assert (f"{text} {cell.significance}" if cell.significance else text) in drawn
    assert "By group (B)" not in drawn and "G2 (B)" in drawn and "G3 (C)" in drawn
    tested = significance_line(table)
    correction = "Holm correction" if holm else "no correction"
    assert correction in tested and "99% level" in tested
    assert tested in content.caption_lines and tested in drawn

    # The PowerPoint
    path = tmp_path / "letters.pptx"
    export_briefing_pptx([content], path, provenance_for(marking="OFFICIAL", survey=survey))
    slide = Presentation(str(path)).slides[0]
    grid_shape = next(s for s in slide.shapes if s.has_table).table
    for i, row in enumerate(table.rows[:2], start=1):
        for j, cell in enumerate(row.cells, start=1):
            text = format_percent(cell.percent, suppressed=cell.suppressed)
            marked = f"{text} {cell.significance}" if cell.significance else text
            assert grid_shape.cell(i, j).text == marked
    assert grid_shape.cell(0, 1).text == "Total" and grid_shape.cell(0, 4).text == "G3 (C)"
    texts = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert tested in texts


def test_chart_slides_carry_no_letter_legend() -> None:
    # A bar chart slide draws no letters, so its caption does not describe any.
    survey, *_ = _survey()
    session = Session(survey)
    view = view_from_state(FilterState(), ["q"], "by", "chart")
    briefing = add_slide(Briefing(), make_slide("Bars", view=view))
    content = build_content(briefing, 0, session)
    assert not any("Letters:" in line for line in content.caption_lines)
