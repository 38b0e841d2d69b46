"""The window on the bundled London sample: a filter ticked in the panel moves the chart's base
and the quotes to exactly what the core computes for the same filter."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from explorer.core.qual.queries import QuoteQuery, find_quotes
from explorer.core.session import SAMPLE_QUAL, SAMPLE_SURVEY, load_session
from explorer.core.survey.tabulate import compute_table


@pytest.fixture(scope="module")
def sample():
    if not (SAMPLE_SURVEY.exists() and SAMPLE_QUAL.exists()):
        pytest.skip("the bundled sample is not built")
    return load_session(SAMPLE_SURVEY, SAMPLE_QUAL)


@pytest.mark.slow
def test_sample_filter_moves_bases_and_quotes(qtbot, settings, sample) -> None:
    from explorer.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_session(sample)
    window.show()
    box = window.filters.checkbox("age_band", "18-24")
    with qtbot.waitSignal(window.controller.changed, timeout=3000):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    survey = sample.survey
    young = np.asarray(survey.values("age_band")) == 1
    question = window.charts.bar_chart.table.question
    expected = compute_table(survey, question, mask=young)
    shown = window.charts.bar_chart.table
    assert shown.columns[0].unweighted_base == expected.columns[0].unweighted_base
    assert f"unweighted n = {expected.columns[0].unweighted_base:,}" in (
        window.charts.bar_chart.footer.text()
    )
    for a, b in zip(shown.rows, expected.rows):
        assert a.cells[0].percent == pytest.approx(b.cells[0].percent)
    where = (("Age", frozenset({"18–24"})),)
    quotes = find_quotes(sample.project, QuoteQuery(where=where))
    assert window.quotes.count.text().startswith(f"{len(quotes)} quotes")
    assert "ILLUSTRATIVE" in window.windowTitle()
