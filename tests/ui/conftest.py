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
    return win
