"""The side panels as a user meets them: topics, the code tree, quote context, the frequency and
co-occurrence views, and copying; numbers checked against the core's own queries."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication, QTextBrowser

from explorer.core.qual.queries import QuoteQuery, find_quotes
from explorer.core.session import Session
from explorer.core.topics import Topic, TopicMap
from tests.ui.small_data import small_project, small_survey


@pytest.fixture
def session() -> Session:
    topics = TopicMap(
        topics=(
            Topic("lfr", "Live facial recognition", ("q_tech_lfr",), ("Live facial recognition",)),
            Topic("trust", "Trust", ("q_tech_cctv",), ("Trust in the Met",)),
        )
    )
    return Session(small_survey(), small_project(), topics)


def click_item(qtbot, tree, item) -> None:
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_choosing_a_topic_narrows_questions_and_quotes(qtbot, window, session) -> None:
    nav = window.topics
    item = nav.topic_item("trust")
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        click_item(qtbot, nav, item)
    assert window.controller.state.topic == "trust"
    assert window.charts.question == "q_tech_cctv"
    project = session.project
    expected = find_quotes(project, QuoteQuery(codes=tuple(session.topic_codes("trust"))))
    assert len(window.quotes.quotes) == len(expected) == 2
    assert all("Trust in the Met" in q.codes for q in window.quotes.quotes)


def test_choosing_a_question_in_the_navigator_charts_it(qtbot, window) -> None:
    nav = window.topics
    topic = nav.topic_item("lfr")
    topic.setExpanded(True)
    question = topic.child(0)
    click_item(qtbot, nav, question)
    qtbot.waitUntil(lambda: window.charts.bar_chart.table.question == "q_tech_lfr", timeout=2000)
    assert window.charts.bar_chart.title.text() == "Live facial recognition"


def test_ticking_a_code_filters_quotes_and_counts_follow(qtbot, window, session) -> None:
    tree = window.quotes.codes
    item = tree.item_for("c-priv")
    assert item.text(1) == str(len(find_quotes(session.project, QuoteQuery(codes=("c-priv",)))))
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        item.setCheckState(0, Qt.CheckState.Checked)
    assert window.controller.state.codes == {"c-priv"}
    assert {q.segment.guid for q in window.quotes.quotes} == {
        q.segment.guid for q in find_quotes(session.project, QuoteQuery(codes=("c-priv",)))
    }
    assert any(c.text().startswith("Codes: Privacy") for c in window.filters.chips.chips)


def test_context_shows_the_turns_around_a_quote(qtbot, window) -> None:
    browser = window.quotes
    browser.list.setCurrentRow(0)
    quote = browser.quotes[0]
    qtbot.mouseClick(browser.context_button, Qt.MouseButton.LeftButton)
    text = browser.detail.toPlainText()
    for turn in quote.context(2, 2):
        assert turn.text in text


def _women(session):
    return {g for g, c in session.project.cases.items() if c.attribute("Gender") == "Woman"}


def _spoken(session, people):
    return [s for s in session.project.segments if s.case in people and s.speaker != "Moderator"]


def test_matrix_in_the_main_area_follows_the_filter_and_opens_passages(
    qtbot, window, session
) -> None:
    box = window.filters.checkbox("gender", "woman")
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    view = window.charts.matrix
    window.charts.tabs.setCurrentWidget(view)
    window.flush()
    assert window.controller.view.tab == "matrix"
    view.attribute.setCurrentText("Group")
    project, women = session.project, _women(session)
    segments = _spoken(session, women)
    m = view.matrix
    assert m.rows
    for i, (guid, _name, _depth) in enumerate(m.rows):
        below = project.descendants(guid)
        people = {s.case for s in segments if below & set(s.codes)}
        assert m.counts[i][0] == len(people)
        assert (
            view.table.item(i, 0).text() == f"{100 * len(people) / len(women):.0f}% ({len(people)})"
        )
    # counts instead of percentages: a view change (undoable)
    view.count.click()
    window.flush()
    assert window.controller.view.matrix_mode == "count"
    assert view.table.item(0, 0).text() == str(m.counts[0][0])
    # a cell opens its passages: women of that group coded with that code
    j = next(j for j in range(1, len(m.columns)) if m.counts[0][j])
    view.table.cellDoubleClicked.emit(0, j)
    dialog = view.passages
    assert dialog is not None and dialog.isVisible()
    expected = [
        s
        for s in segments
        if project.descendants(m.rows[0][0]) & set(s.codes)
        and project.cases[s.case].attribute("Group") == m.columns[j]
    ]
    text = dialog.findChild(QTextBrowser).toPlainText()
    assert len(expected) >= m.counts[0][j]
    assert all(s.text.strip()[:30] in text for s in expected)
    dialog.close()


def test_co_occurrence_follows_the_filter(qtbot, window, session) -> None:
    box = window.filters.checkbox("gender", "woman")
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    view = window.charts.co_occurrence
    window.charts.tabs.setCurrentWidget(view)
    window.flush()
    segments = _spoken(session, _women(session))
    m = view.matrix

    def brute(a, b):  # same segment, or overlapping segments of one source
        n = sum(1 for s in segments if a in s.codes and b in s.codes)
        if a == b:
            return n
        for x in segments:
            for y in segments:
                overlap = x.source == y.source and x.start < y.end and y.start < x.end
                pair = (a in x.codes and b in y.codes) or (b in x.codes and a in y.codes)
                if id(x) < id(y) and overlap and pair:
                    n += 1
        return n

    assert m.rows
    for i, (a, _n, _d) in enumerate(m.rows):
        assert m.counts[i][i] == sum(1 for s in segments if a in s.codes)
        for j, b in enumerate(m.keys[: min(6, len(m.keys))]):
            if i != j:
                assert m.counts[i][j] == brute(a, b), (a, b)


def test_ctrl_c_copies_the_chart_and_the_quote(qtbot, window) -> None:
    window.charts.bar_chart.plot.setFocus()
    window.copy()
    text = QGuiApplication.clipboard().text()
    assert text.startswith(window.charts.bar_chart.table.label)
    assert "Base:" in text
    window.quotes.list.setFocus()
    window.copy()
    assert QGuiApplication.clipboard().text() == window.quotes.current_text()


def test_hover_tooltip_gives_exact_figures(qtbot, window) -> None:
    chart = window.charts.bar_chart
    point = chart.bar_point(0)
    viewport = chart.plot.viewport()
    # a plain move event, as the pointer sends: QTest's moves depend on where the last test left it
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(point),
        QPointF(viewport.mapToGlobal(point)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, move)
    qtbot.waitUntil(lambda: bool(chart.plot.toolTip()), timeout=2000)
    cell = chart.bars[0].cell
    assert f"{cell.percent:.1f}%" in chart.plot.toolTip()
    assert f"{cell.unweighted_count:,} of" in chart.plot.toolTip()


def test_clicking_a_code_under_a_topic_shows_only_its_quotes(qtbot, window, session) -> None:
    nav = window.topics
    topic = nav.topic_item("lfr")
    topic.setExpanded(True)
    codes = next(
        topic.child(i) for i in range(topic.childCount()) if "Codes" in topic.child(i).text(0)
    )
    codes.setExpanded(True)
    privacy = next(
        codes.child(i) for i in range(codes.childCount()) if codes.child(i).text(0) == "Privacy"
    )
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        click_item(qtbot, nav, privacy)
    assert window.controller.state.codes == {"c-priv"}
    assert all("Privacy" in q.codes for q in window.quotes.quotes)


def test_breakdown_grid_click_and_hover(qtbot, window, session) -> None:
    area = window.charts
    area.set_breakdown("gender")
    grid = area.grouped
    target = next(i for i, b in enumerate(grid.rows) if b.row.label == "Strongly support")
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        qtbot.mouseClick(grid.grid, Qt.MouseButton.LeftButton, pos=grid.grid.row_point(target))
    assert window.controller.state.cross_codes(area.question) == {1.0}
    row = next(r for r in grid.table.rows if r.label == "Strongly support")
    text = grid.hover_text(target)
    for col, cell in zip(grid.table.columns[1:], row.cells[1:]):
        assert f"{col.letter} {col.label}: {cell.percent:.1f}%" in text
