"""Fixtures for the window's tests: a main window on small data built in code, with settings in a
temporary INI file (never the user's)."""

from __future__ import annotations

import pytest

from explorer.core.session import Session
from tests.ui.small_data import small_project, small_survey


@pytest.fixture
def settings(tmp_path):
    from explorer.ui.settings import Settings

    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def session() -> Session:
    return Session(small_survey(), small_project())


@pytest.fixture
def window(qtbot, settings, session):
    from PySide6.QtWidgets import QApplication

    from explorer.ui import theme
    from explorer.ui.main_window import MainWindow

    theme.load_fonts()
    theme.apply(QApplication.instance(), "light")
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.set_session(session)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    dispose(win)


def dispose(widget) -> None:
    """Delete a window while Qt is up: left to interpreter exit, teardown order is random."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    if shiboken6.isValid(widget):
        widget.close()
        widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session", autouse=True)
def _no_window_outlives_the_tests(qapp):
    yield
    import shiboken6
    from PySide6.QtWidgets import QApplication, QMainWindow

    for widget in list(QApplication.topLevelWidgets()):
        if shiboken6.isValid(widget) and isinstance(widget, QMainWindow):
            dispose(widget)
