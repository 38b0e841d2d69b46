"""Cross-filtering as Tableau and Power BI do it: the clicked chart highlights its selection with
its numbers unchanged while every other view filters; re-click toggles off; a plain click
replaces; Ctrl/Shift+click adds; the chip names the chosen answer."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from tests.ui.test_main_window import footer_n, raw


def click(qtbot, window, chart, label, mods=Qt.KeyboardModifier.NoModifier) -> None:
    index = next(i for i, b in enumerate(chart.bars) if b.row.label == label)
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        qtbot.mouseClick(
            chart.plot.viewport(), Qt.MouseButton.LeftButton, mods, chart.bar_point(index)
        )


def percents(chart) -> list:
    return [b.cell.percent for b in chart.bars]


def test_clicked_chart_highlights_others_filter(qtbot, window, session) -> None:
    survey = session.survey
    chart = window.charts.bar_chart
    question = chart.table.question
    before = percents(chart)
    click(qtbot, window, chart, "Strongly oppose")
    assert window.controller.state.cross_codes(question) == {5.0}
    # the clicked chart: same base and numbers, the chosen bar marked
    assert footer_n(chart.footer) == int((~np.isnan(raw(survey, question))).sum())
    assert percents(chart) == before
    assert chart.selected == {5.0}
    ticks = [label for _, label in chart.plot.getPlotItem().getAxis("left")._tickLevels[0]]
    assert any(label.startswith("Strongly oppose") and "✓" in label for label in ticks)
    # every other chart is filtered to those answering Strongly oppose
    opposed = raw(survey, question) == 5
    shown = [c for c in window.charts.multiples.charts if c.isVisible() and c.table is not None]
    assert shown
    for small in shown:
        answered = ~np.isnan(raw(survey, small.table.question))
        assert footer_n(small.footer) == int((opposed & answered).sum())
    # the chip says the answer before the question
    chip = window.filters.chips.chips[0].text()
    assert chip.startswith("Strongly oppose — ")

    click(qtbot, window, chart, "Somewhat oppose")  # a plain click replaces
    assert window.controller.state.cross_codes(question) == {4.0}
    click(qtbot, window, chart, "Strongly oppose", Qt.KeyboardModifier.ControlModifier)
    assert window.controller.state.cross_codes(question) == {4.0, 5.0}
    click(qtbot, window, chart, "Somewhat oppose", Qt.KeyboardModifier.ShiftModifier)
    assert window.controller.state.cross_codes(question) == {5.0}
    click(qtbot, window, chart, "Strongly oppose")  # re-click turns it off
    assert window.controller.state.cross == ()
    assert not window.filters.chips.chips


def test_a_click_in_a_small_multiple_highlights_it_and_filters_the_main_chart(
    qtbot, window, session
) -> None:
    survey = session.survey
    small = next(c for c in window.charts.multiples.charts if c.isVisible())
    question = small.table.question
    before = percents(small)
    bar = next(b for b in small.bars if b.row.kind != "net")
    click(qtbot, window, small, bar.row.label)
    small = next(c for c in window.charts.multiples.charts if c.table.question == question)
    assert percents(small) == before
    main = window.charts.bar_chart
    chosen = np.isin(raw(survey, question), list(bar.codes))
    answered = ~np.isnan(raw(survey, main.table.question))
    assert footer_n(main.footer) == int((chosen & answered).sum())
