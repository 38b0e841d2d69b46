"""At start-up the window paints before its charts: the chart area holds its first data (showing
"Drawing the chart…") until the first paint pass is over, then draws the newest data it was given,
at the size the window was shown at; pyqtgraph imported through explorer.ui.charts.plotting hands
out PySide6's own classes."""

from __future__ import annotations

import pytest

from explorer.ui import app


@pytest.fixture
def bare(settings):
    """A window with no data yet (the `window` fixture has its data and is shown)."""
    from explorer.ui.main_window import MainWindow

    window = MainWindow(settings)
    window.resize(1400, 900)
    yield window


def test_held_charts_are_drawn_after_the_first_paint(qtbot, bare, session) -> None:
    window = bare
    charts = window.charts
    charts.hold_charts()
    released = []

    def release() -> None:
        released.append(charts.stack.currentWidget() is charts.drawing)
        charts.release_charts()

    app.after_first_paint(window, release)
    window.set_session(session)
    # the data is in (filters, base), the chart still waits
    assert window.status_base.text().startswith("Under the filter")
    assert charts.stack.currentWidget() is charts.drawing
    assert charts._bar_chart is None and not charts.multiples.charts
    window.show()
    qtbot.waitUntil(lambda: bool(released), timeout=10000)
    assert released == [True]  # the first paint showed "Drawing the chart…"
    assert charts.stack.currentWidget() is charts.bar_chart
    assert charts.bar_chart.table is not None
    assert charts.bar_chart.table.question == charts.question
    assert charts.multiples.charts and all(c.table is not None for c in charts.multiples.charts)


def test_a_change_while_held_draws_only_the_newest_data(qtbot, bare, session) -> None:
    window = bare
    charts = window.charts
    charts.hold_charts()
    window.set_session(session)
    questions = [charts.question_box.itemData(i) for i in range(charts.question_box.count())]
    other = next(q for q in questions if q != charts.question)
    window.controller.question(other)
    window.controller.flush()
    assert charts._bar_chart is None  # still held
    charts.release_charts()
    assert charts.bar_chart.table.question == other
    charts.release_charts()  # a second release has nothing left to draw
    assert charts.bar_chart.table.question == other


def test_after_first_paint_gives_up_waiting_for_a_window_never_shown(qtbot, bare) -> None:
    window = bare
    called = []
    app.after_first_paint(window, lambda: called.append(1), at_latest_ms=50)
    qtbot.waitUntil(lambda: bool(called), timeout=5000)
    qtbot.wait(100)
    assert called == [1]  # once, not again when it is shown later
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(100)
    assert called == [1]


def test_pyqtgraph_hands_out_pyside6_classes() -> None:
    from PySide6 import QtCore, QtGui, QtWidgets

    from explorer.ui.charts.plotting import pg

    assert pg.Qt.QtWidgets.QGraphicsView is QtWidgets.QGraphicsView
    assert pg.Qt.QtGui.QPainterPath is QtGui.QPainterPath
    assert pg.Qt.QtCore.Qt.AlignmentFlag is QtCore.Qt.AlignmentFlag
    assert pg.Qt.QtCore.__version__ == QtCore.__version__
    assert not hasattr(pg.Qt.QtWidgets, "NoSuchQtClass")
    # PySide6 modules list all their names again once pyqtgraph is imported
    assert "QGraphicsView" in dir(QtWidgets) and "QTimer" in dir(QtCore)
