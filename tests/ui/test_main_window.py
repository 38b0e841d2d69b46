"""The window driven as a user would: tick filters, click bars, search quotes, switch breakdowns,
and open a bad file; every number shown is checked against numpy or the core's own queries."""

from __future__ import annotations

import re

import numpy as np
from PySide6.QtCore import QPoint, Qt

from explorer.core.qual.queries import QuoteQuery, find_quotes
from explorer.core.survey.tabulate import compute_table


def raw(survey, name):
    return np.asarray(survey.values(name), dtype=float)


def footer_n(label) -> int:
    match = re.search(r"unweighted n = ([\d,]+)", label.text())
    assert match, label.text()
    return int(match.group(1).replace(",", ""))


def quote_count(window) -> int:
    return int(window.quotes.count.text().split()[0])


def tick(qtbot, window, dimension, value):
    box = window.filters.checkbox(dimension, value)
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    return box


def test_window_shows_sample_base_and_illustrative_notice(window, session) -> None:
    assert "ILLUSTRATIVE" in window.windowTitle()
    assert "Illustrative" in window.status_notice.text()
    assert footer_n(window.charts.bar_chart.footer) == session.survey.n
    assert window.quotes.notice.isVisible()
    assert quote_count(window) == len(find_quotes(session.project, QuoteQuery()))


def test_ticking_a_filter_changes_every_base_and_the_quotes(qtbot, window, session) -> None:
    survey, project = session.survey, session.project
    box = tick(qtbot, window, "age_band", "18-24")
    assert box.isChecked()
    young = raw(survey, "age_band") == 1
    # the main chart and every small multiple rest on the filtered base (their answered)
    charts = [window.charts.bar_chart, *window.charts.multiples.charts]
    shown = [c for c in charts if c.isVisible() and c.table is not None]
    assert len(shown) >= 2
    for chart in shown:
        q = chart.table.question
        answered = ~np.isnan(raw(survey, q))
        assert footer_n(chart.footer) == int((young & answered).sum())
    where = (("Age", frozenset({"18-24", "18–24"})),)
    assert quote_count(window) == len(find_quotes(project, QuoteQuery(where=where)))
    assert f"unweighted n = {int(young.sum()):,}" in window.status_base.text()
    assert [c.text() for c in window.filters.chips.chips] == ["Age: 18–24  ✕"]
    # the other dimensions' counts follow the filter
    gender = raw(survey, "gender")
    woman_box = window.filters.checkbox("gender", "woman")
    assert f"n={int((young & (gender == 2)).sum())}" in woman_box.text()


def test_clicking_a_bar_adds_a_cross_filter_chip_and_other_views_follow(
    qtbot, window, session
) -> None:
    survey = session.survey
    chart = window.charts.bar_chart
    question = chart.table.question
    index = next(i for i, b in enumerate(chart.bars) if b.row.label == "Strongly oppose")
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        qtbot.mouseClick(
            chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_point(index)
        )
    assert window.controller.state.cross_codes(question) == {5.0}
    chips = [c.text() for c in window.filters.chips.chips]
    assert any("Strongly oppose" in text for text in chips)
    opposed = raw(survey, question) == 5
    for small in window.charts.multiples.charts:
        if small.isVisible() and small.table is not None:
            answered = ~np.isnan(raw(survey, small.table.question))
            assert footer_n(small.footer) == int((opposed & answered).sum())
    # shift-click widens the selection; Esc clears it
    other = next(i for i, b in enumerate(chart.bars) if b.row.label == "Somewhat oppose")
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        qtbot.mouseClick(
            chart.plot.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ShiftModifier,
            chart.bar_point(other),
        )
    assert window.controller.state.cross_codes(question) == {4.0, 5.0}
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.controller.state.cross == ()
    assert footer_n(chart.footer) == survey.n


def test_removing_a_chip_removes_its_filter(qtbot, window) -> None:
    tick(qtbot, window, "gender", "man")
    chip = window.filters.chips.chips[0]
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert window.controller.state.is_empty
    assert not window.filters.checkbox("gender", "man").isChecked()


def test_searching_quotes(qtbot, window, session) -> None:
    window.focus_search()
    qtbot.keyClicks(window.quotes.search, "privacy")
    expected = [s for s in session.project.segments if "privacy" in s.text.casefold()]
    assert expected
    qtbot.waitUntil(lambda: quote_count(window) == len(expected), timeout=2000)
    assert window.controller.state.search == "privacy"
    assert all("privacy" in q.text.casefold() for q in window.quotes.quotes)


def test_switching_breakdown_shows_the_grid_with_letters(qtbot, window, session) -> None:
    from explorer.core.survey.table import TableOptions

    # Uncorrected letters, so that this small survey has some to show (BH, the default, keeps none).
    options = TableOptions(correction="none", min_test_base=0)
    window.session.options = options
    area = window.charts
    area.breakdown.setFocus()
    area.set_breakdown("age_band")
    assert area.stack.currentWidget() is area.grouped
    grid = area.grouped
    expected = compute_table(session.survey, area.question, by="age_band", options=options)
    heads = [grid.grid._head_lines(j, 200) for j in grid.columns]
    for column in expected.columns[1:]:
        assert any(f"{column.letter}: {column.label}" in " ".join(h) for h in heads)
    # every cell's letters are those of an independent computation of the table
    bars = [r for r in expected.rows if r.kind != "score"]
    for i, row in enumerate(bars):
        for j in grid.columns:
            assert grid.cell_text(i, j)[1] == row.cells[j].significance
    assert any(grid.cell_text(i, j)[1] for i in range(len(bars)) for j in grid.columns)
    assert "significantly higher than the column" in grid.legend.text()
    area.set_breakdown(None)
    assert area.stack.currentWidget() is area.bar_chart


def test_table_view_copies_the_figures(window) -> None:
    text = window.charts.table_view.as_text()
    table = window.charts.table_view.table
    assert text.splitlines()[0].startswith(table.label)
    assert len(text.splitlines()) == len(table.rows) + 6


def test_bad_file_shows_the_error_and_keeps_the_data(qtbot, window, tmp_path, monkeypatch) -> None:
    from explorer.ui import plain_text

    shown: list[str] = []
    monkeypatch.setattr(plain_text, "warning", lambda *args: shown.append(args[2]))
    before = window.session
    footer = window.charts.bar_chart.footer.text()
    bad = tmp_path / "broken.sav"
    bad.write_bytes(b"this is not an SPSS file at all")
    window.open_files(survey=str(bad))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "broken.sav" in shown[0]
    assert window.session is before
    assert window.charts.bar_chart.footer.text() == footer


def test_identifiability_warning_for_fewer_than_three_people(qtbot, window) -> None:
    tick(qtbot, window, "age_band", "55+")
    assert window.quotes.identifiable.isVisible()
    assert "only one participant" in window.quotes.identifiable.text()


def test_copy_with_attribution_carries_the_notice(window) -> None:
    text = window.quotes.current_text()
    assert text.startswith("“") and "Participant" in text and "Illustrative" in text


def test_keyboard_alone_can_pick_a_bar(qtbot, window) -> None:
    chart = window.charts.bar_chart
    chart.plot.setFocus()
    for _ in range(2):
        qtbot.keyClick(chart.plot, Qt.Key.Key_Down)
    expected = chart.bars[1]
    assert f"{expected.row.label}:" in chart.plot.toolTip()
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        qtbot.keyClick(chart.plot, Qt.Key.Key_Return)
    assert window.controller.state.cross_codes(chart.table.question) == set(expected.codes)


def test_long_cross_filter_chip_is_elided_with_the_whole_text_in_its_tooltip(qtbot, window):
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        window.controller.cross("q_tech_lfr", [1.0, 2.0, 3.0, 4.0, 5.0])
    chip = window.filters.chips.chips[0]
    assert chip.text().endswith("…  ✕")
    assert "Strongly oppose" in chip.toolTip()
