"""The analyst's tasks by keyboard alone and the layout: Tab goes filters → question → chart →
quotes → briefing; F6/Shift+F6 move between panes; View ▸ Panels brings a closed dock back and
Reset layout restores them; a view can fill the window and come back; Help lists the shortcuts
and says what the app is; charts tell a screen reader their question and figures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.ui import help_dialogs


def focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


def tab_chain(start, limit=400):
    chain, w = [], start
    for _ in range(limit):
        w = w.nextInFocusChain()
        if w is start:
            break
        chain.append(w)
    return chain


def test_tab_order_runs_filters_question_chart_quotes_briefing(qtbot, window) -> None:
    first_box = window.filters.first_control()
    chain = [first_box, *tab_chain(first_box)]
    where = {
        "filters": chain.index(window.filters.checkbox("age_band", "18-24")),
        "question": chain.index(window.charts.question_box),
        "chart": chain.index(window.charts.bar_chart.plot),
        "quotes": chain.index(window.quotes.search),
        "briefing": chain.index(window.briefing_panel.slides),
    }
    assert list(where) == sorted(where, key=where.get), where
    # the first age box is reached from the chips' Reset in a couple of Tabs, not 20
    reset = window.filters.chips.reset_button
    assert tab_chain(reset).index(window.filters.checkbox("age_band", "18-24")) <= 2


def test_by_keyboard_filter_then_answer_a_question_then_undo(qtbot, window) -> None:
    """Tick Age 18–24, chart another question, pick an answer with Up/Enter, then Ctrl+Z."""
    focus(qtbot, window.filters.first_control())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    window.flush()
    assert window.controller.state.dimensions
    qtbot.keyClick(window, Qt.Key.Key_F6)  # → topics
    qtbot.keyClick(window, Qt.Key.Key_F6)  # → question
    assert QApplication.focusWidget() is window.charts.question_box
    qtbot.keyClick(window.charts.question_box, Qt.Key.Key_Down)
    window.flush()
    question = window.charts.question
    assert question == window.charts.question_box.currentData()
    plot = window.charts.bar_chart.plot
    focus(qtbot, plot)
    qtbot.keyClick(plot, Qt.Key.Key_Down)
    qtbot.keyClick(plot, Qt.Key.Key_Return)
    window.flush()
    assert window.controller.state.cross_codes(question)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.flush()
    assert not window.controller.state.cross_codes(question)
    qtbot.keyClick(window, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.topics


def test_f6_visits_every_pane_and_comes_round(qtbot, window) -> None:
    focus(qtbot, window.filters.first_control())
    seen = []
    for _ in range(5):
        qtbot.keyClick(window, Qt.Key.Key_F6)
        seen.append(QApplication.focusWidget())
    assert seen == [
        window.topics,
        window.charts.question_box,
        window.quotes.search,
        window.briefing_panel.slides,
        window.filters.first_control(),
    ]


def test_panels_menu_brings_a_closed_dock_back_and_resets(qtbot, window) -> None:
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    panels = next(a.menu() for a in view_menu.actions() if a.menu() and "Panels" in a.text())
    names = [a.text() for a in panels.actions() if a.text()]
    assert names[:4] == ["Filters", "Topics", "Quotes", "Briefing"] and "&Reset layout" in names
    filters_dock = window.filters.parentWidget()
    filters_dock.close()
    assert filters_dock.isHidden()
    toggle = next(a for a in panels.actions() if a.text() == "Filters")
    toggle.trigger()
    assert filters_dock.isVisible()
    window.briefing_dock.close()
    window.topics.parentWidget().setFloating(True)
    next(a for a in panels.actions() if a.text() == "&Reset layout").trigger()
    assert all(d.isVisible() and not d.isFloating() for d in window.dock_widgets)


def test_a_view_fills_the_window_and_comes_back(qtbot, window) -> None:
    focus(qtbot, window.charts.bar_chart.plot)
    qtbot.keyClick(
        window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.controller.view.focus == "chart"
    assert all(d.isHidden() for d in window.dock_widgets)
    assert window.charts.multiples.isHidden()
    qtbot.mouseClick(window.charts.focus_button, Qt.MouseButton.LeftButton)  # the button, back
    window.flush()
    assert window.controller.view.focus is None
    assert window.filters.isVisible() and window.quotes.isVisible()
    assert window.charts.multiples.isVisible()
    # quotes too
    focus(qtbot, window.quotes.search)
    window.toggle_focus()
    assert window.quotes.isVisible() and window.charts.isHidden()
    window.toggle_focus()
    assert window.charts.isVisible()


def test_help_lists_shortcuts_and_about(qtbot, window) -> None:
    rows = dict((what, keys) for keys, what in help_dialogs.shortcut_rows(window))
    assert rows["Undo"] == "Ctrl+Z" and rows["Next pane"] == "F6"
    assert "Add current view as a slide" in rows
    window.show_shortcuts()
    assert window.help_dialog.isVisible()
    window.help_dialog.close()
    window.show_about()
    text = window.help_dialog.findChild(__import__("PySide6.QtWidgets").QtWidgets.QTextBrowser)
    body = text.toPlainText()
    assert "network" in body and "LGPL" in body and "illustrative" in body
    window.help_dialog.close()


def test_charts_have_their_question_and_figures_for_a_screen_reader(window) -> None:
    charts = [window.charts.bar_chart, *window.charts.multiples.charts]
    names = [c.plot.accessibleName() for c in charts if c.table is not None]
    assert len(set(names)) == len(names) > 1
    main = window.charts.bar_chart
    assert main.table.label in main.plot.accessibleName()
    description = main.plot.accessibleDescription()
    for bar in main.bars:
        assert bar.row.label in description
    assert "unweighted n =" in description


def test_question_picker_finds_a_question_by_a_word(qtbot, window) -> None:
    box = window.charts.question_box
    labels = [box.itemText(i) for i in range(box.count())]
    target = next((i for i, t in enumerate(labels) if "risk" in t.casefold()), None)
    word = "risk" if target is not None else labels[-1].split()[-1]
    target = target if target is not None else len(labels) - 1
    completer = box.completer()
    completer.setCompletionPrefix(word)
    found = [
        completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())
    ]
    assert labels[target] in found
    completer.activated[str].emit(labels[target])
    window.flush()
    assert window.charts.question == box.itemData(target)


def test_high_contrast_at_1366_fits_the_screen_and_the_status_bar_is_whole(qtbot, window) -> None:
    from PySide6.QtGui import QGuiApplication

    from explorer.ui import theme

    window.set_theme("high-contrast")
    try:
        window.resize(1366, 768)
        window.charts.set_breakdown("age_band")
        window.flush()
        qtbot.wait(50)
        assert window.minimumSizeHint().width() <= 1366
        assert window.width() <= 1366
        label = window.status_base
        assert "of " in label.text()
        # the whole text is drawn: the label is at least as wide as the text needs
        assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
    finally:
        theme.apply(QGuiApplication.instance(), "light")


def test_topics_are_a_few_key_presses_apart(qtbot, settings) -> None:
    from explorer.core.session import SAMPLE_QUAL, SAMPLE_SURVEY, load_session
    from explorer.ui.main_window import MainWindow
    from tests.ui.conftest import dispose

    window = MainWindow(settings)
    window.set_session(load_session(SAMPLE_SURVEY, SAMPLE_QUAL))
    window.show()
    tree = window.topics
    topics = window.session.topic_names()
    assert len(topics) >= 2
    focus(qtbot, tree)
    tree.setCurrentItem(tree.topLevelItem(0))
    presses = 0
    while tree.currentItem() is not tree.topic_item(topics[1]) and presses < 30:
        qtbot.keyClick(tree, Qt.Key.Key_Down)
        presses += 1
    assert presses <= 4, presses  # was 24 with every question of "All questions" unfolded
    dispose(window)


def test_question_picker_finds_words_in_any_order(qtbot, window) -> None:
    from explorer.core.question_labels import matches_words

    box = window.charts.question_box
    labels = [box.itemText(i) for i in range(box.count())]
    # two words of one question, typed in the reverse order and in capitals
    target = next(i for i, t in enumerate(labels) if len(t.split()) >= 2)
    first, last = labels[target].split()[0], labels[target].split()[-1]
    query = f"{last.upper()} {first}"
    box.lineEdit().selectAll()  # the box shows the current question: typing replaces it
    qtbot.keyClicks(box.lineEdit(), query)
    completer = box.completer()
    found = [
        completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())
    ]
    assert labels[target] in found

    # exactly the questions holding both words, counted independently here
    def holds(text: str) -> bool:
        folded = text.casefold()
        return first.casefold() in folded and last.casefold() in folded

    tips = [str(box.itemData(i, Qt.ItemDataRole.ToolTipRole) or "") for i in range(box.count())]
    expected = [labels[i] for i in range(box.count()) if holds(labels[i] + " " + tips[i])]
    assert found == expected
    assert matches_words("Use of drones by the police", "police DRONES")
    assert not matches_words("Use of drones by the police", "police cameras")
    assert matches_words("Café culture", "cafe")
