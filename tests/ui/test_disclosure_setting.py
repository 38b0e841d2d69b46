"""The disclosure threshold as a setting in the window: Edit ▸ Disclosure threshold… changes what
every chart and table hides and what their footers and legends say, and it is kept in the
settings for the next window."""

from __future__ import annotations

from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import compute_table


def _menu_texts(window) -> list[str]:
    return [a.text() for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()]


def test_the_threshold_is_a_setting_every_chart_footer_states_and_follows(
    qtbot, window, settings, session
) -> None:
    assert "&Disclosure threshold…" in _menu_texts(window)
    chart = window.charts.bar_chart
    question = chart.table.question
    assert "fewer than 10 respondents" in chart.footer.text()
    window.edit_threshold(60)
    qtbot.waitUntil(lambda: "fewer than 60 respondents" in chart.footer.text(), timeout=5000)
    assert settings.suppress_below() == 60
    # The chart shows the table the core computes at 60 (hidden cells included), not at 10.
    expected = compute_table(session.survey, question, options=TableOptions(suppress_below=60))
    assert [c.suppressed for r in chart.table.rows for c in r.cells] == [
        c.suppressed for r in expected.rows for c in r.cells
    ]
    assert chart.table.suppress_below == 60
    assert any(c.suppressed for r in expected.rows for c in r.cells)  # 60 hides something here
    # The table view's legend and the breakdown grid's hover text name the same threshold.
    window.charts.table_view.set_table(chart.table)
    assert "fewer than 60 respondents" in window.charts.table_view.legend.text()
    assert "fewer than 10" not in window.charts.table_view.legend.text()


def test_a_new_window_starts_with_the_saved_threshold(qtbot, settings, session) -> None:
    from explorer.ui.main_window import MainWindow

    settings.set_suppress_below(25)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.set_session(session)
    assert session.options.suppress_below == 25
    assert "fewer than 25 respondents" in win.charts.bar_chart.footer.text()


def test_the_breakdown_grid_hover_names_the_tables_threshold(qtbot, window, session) -> None:
    from explorer.ui.charts.breakdown_grid import BreakdownGrid

    table = compute_table(
        session.survey, "q_tech_lfr", by="age_band", options=TableOptions(suppress_below=30)
    )
    grid = BreakdownGrid()
    qtbot.addWidget(grid)
    grid.set_table(table)
    hidden = [
        i for i, r in enumerate(grid.rows) if any(r.row.cells[j].suppressed for j in grid.columns)
    ]
    assert hidden
    assert "hidden (fewer than 30 respondents" in grid.hover_text(hidden[0])
