"""View ▸ Show empty categories and View ▸ Multiple-response base: switches in the window that
change the view state, so every view recomputes (chart, table, small multiples, waves), undo puts
them back, and the figures equal a count worked out here with numpy. Screenshots at 1366×768 and
1920×1080 when BRIEFING_EXPLORER_SHOTS names a folder."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from explorer.core.session import Session
from explorer.core.survey.model import Kind, SourceInfo, Survey, Variable
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import MULTI_BASE_NOTES, compute_table

N = 500


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(12)
    q = rng.choice([1.0, 2.0], N)  # code 3 is labelled, nobody chose it
    r = rng.choice([1.0, 2.0], N)  # the other question of the small multiples; code 4 empty
    region = rng.choice([1.0, 2.0], N)
    m1 = (rng.random(N) < 0.4).astype(float)
    m2 = (rng.random(N) < 0.3).astype(float)
    skipped = rng.random(N) < 0.25  # a quarter answered no item of the set
    m1[skipped] = np.nan
    m2[skipped] = np.nan
    w = rng.uniform(0.5, 2.0, N)
    frame = pd.DataFrame({"q": q, "r": r, "region": region, "m1": m1, "m2": m2, "w": w})
    variables = {
        "q": Variable("q", "Felt safe", Kind.NOMINAL, ((1, "Yes"), (2, "No"), (3, "Never chosen"))),
        "r": Variable("r", "Seen an officer", Kind.NOMINAL, ((1, "Yes"), (2, "No"), (4, "N/A"))),
        "region": Variable("region", "Region", Kind.NOMINAL, ((1, "Inner"), (2, "Outer"))),
        "m1": Variable("m1", "Privacy", Kind.NOMINAL),
        "m2": Variable("m2", "Misuse", Kind.NOMINAL),
        "$concerns": Variable(
            "$concerns", "Concerns", Kind.MULTI, members=("m1", "m2"), counted_value=1.0
        ),
        "w": Variable("w", "Weight", Kind.WEIGHT),
    }
    survey = Survey.from_frame(frame, variables, SourceInfo("display.sav", "spss"), weight="w")
    return survey, q, m1, m2, w


def shoot(widget, name: str) -> None:
    folder = os.environ.get("BRIEFING_EXPLORER_SHOTS")
    if not folder:
        return
    for size in ((1366, 768), (1920, 1080)):
        widget.resize(*size)
        widget.grab().save(str(Path(folder) / f"{name}-{size[0]}.png"))


def codes(table) -> list:
    return [row.code for row in table.rows if row.kind == "code"]


def test_show_empty_categories_switch_recomputes_every_view(qtbot, window, data) -> None:
    from explorer.ui import waves_dialog

    survey, *_ = data
    window.set_session(Session(survey))
    window.controller.question("q")
    window.controller.flush()
    action = window.table_display.show_empty
    assert not action.isChecked()
    assert codes(window.charts.bar_chart.table) == [1.0, 2.0]

    action.trigger()  # as a click on View ▸ Show empty categories
    assert window.controller.view.show_empty
    chart = window.charts.bar_chart.table
    assert codes(chart) == [1.0, 2.0, 3.0]
    never = next(row for row in chart.rows if row.code == 3.0)
    assert [c.unweighted_count for c in never.cells] == [0] and never.cells[0].percent == 0.0
    assert window.charts.table_view.table is chart
    multiples = window.charts.multiples._last[0]  # the tables the small multiples were given
    assert [codes(t) for t in multiples if t.question == "r"] == [[1.0, 2.0, 4.0]]
    expected = compute_table(survey, "q", options=TableOptions(show_empty=True))
    assert [c.percent for r in chart.rows for c in r.cells] == [
        c.percent for r in expected.rows for c in r.cells
    ]

    window.controller.breakdown("region")  # the grouped view recomputes with it too
    window.controller.flush()
    assert codes(window.charts.grouped.table) == [1.0, 2.0, 3.0]
    waves_dialog.show(window)  # the waves view takes the window's options
    dialog = window.waves_dialog
    qtbot.addWidget(dialog)
    answers = [dialog.answer.itemText(i) for i in range(dialog.answer.count())]
    assert "Never chosen" in answers
    dialog.close()
    shoot(window, "show-empty")

    window.undo()  # the breakdown
    window.undo()  # the switch: it is part of the view, so undo puts it back
    window.controller.flush()
    assert not window.controller.view.show_empty and not action.isChecked()
    assert codes(window.charts.bar_chart.table) == [1.0, 2.0]


def test_multi_response_base_switch(qtbot, window, data) -> None:
    survey, _, m1, m2, w = data
    window.set_session(Session(survey))
    window.controller.question("$concerns")
    window.controller.flush()
    menu = window.table_display
    assert menu.multi_base["answered"].isChecked() and not menu.multi_base["all"].isChecked()
    answered = ~np.isnan(m1) | ~np.isnan(m2)
    table = window.charts.bar_chart.table
    assert table.columns[0].unweighted_base == int(answered.sum()) < N
    assert table.rows[0].cells[0].percent == pytest.approx(
        100 * w[m1 == 1].sum() / w[answered].sum()
    )
    assert MULTI_BASE_NOTES["answered"] in table.notes

    menu.multi_base["all"].trigger()
    assert window.controller.view.multi_base == "all"
    assert menu.multi_base["all"].isChecked() and not menu.multi_base["answered"].isChecked()
    table = window.charts.bar_chart.table
    assert table.columns[0].unweighted_base == N
    assert table.rows[0].cells[0].percent == pytest.approx(100 * w[m1 == 1].sum() / w.sum())
    assert table.rows[1].cells[0].percent == pytest.approx(100 * w[m2 == 1].sum() / w.sum())
    assert MULTI_BASE_NOTES["all"] in table.notes
    assert window.charts.table_view.table is table
    assert MULTI_BASE_NOTES["all"] in window.charts.bar_chart.footer.text()
    shoot(window, "multi-base-all")

    window.undo()
    window.controller.flush()
    assert menu.multi_base["answered"].isChecked()
    assert window.charts.bar_chart.table.columns[0].unweighted_base == int(answered.sum())


def test_the_switches_follow_a_restored_view(qtbot, window, data) -> None:
    from explorer.core.view_state import ViewState

    survey, *_ = data
    window.set_session(Session(survey))
    window.controller.go_to(
        window.controller.state, ViewState(question="q", show_empty=True, multi_base="all")
    )
    window.controller.flush()
    assert window.table_display.show_empty.isChecked()
    assert window.table_display.multi_base["all"].isChecked()
    assert codes(window.charts.bar_chart.table) == [1.0, 2.0, 3.0]


def test_a_slide_keeps_the_choices_it_was_made_with(qtbot, window, data) -> None:
    from explorer.core.slides.content import build_content

    survey, *_ = data
    window.set_session(Session(survey))
    window.controller.question("q")
    window.controller.flush()
    window.table_display.show_empty.trigger()
    panel = window.briefing_panel
    panel.add_current_view()
    slide = panel.briefing.slides[-1]
    assert slide.view.show_empty and slide.view.multi_base == "answered"
    # the slide shows what the window showed, whatever the window shows later
    window.table_display.show_empty.trigger()
    assert not window.controller.view.show_empty
    content = build_content(panel.briefing, len(panel.briefing.slides) - 1, window.session)
    assert codes(content.tables[0]) == [1.0, 2.0, 3.0]
    # putting the slide back in the window puts its choice back too
    panel.slides.setCurrentRow(len(panel.briefing.slides) - 1)
    panel.show_in_window()
    assert window.controller.view.show_empty and window.table_display.show_empty.isChecked()
    assert codes(window.charts.bar_chart.table) == [1.0, 2.0, 3.0]
