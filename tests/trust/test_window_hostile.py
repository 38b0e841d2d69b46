"""Every hostile file opened through the window: an error is one dialog naming the file, and the
data already on screen stays exactly as it was; a file that loads replaces it whole."""

from __future__ import annotations

import pytest

from explorer.core.session import Session
from tests.trust.conftest import count

pytest.importorskip("pytestqt")


@pytest.fixture
def window(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from explorer.ui import theme
    from explorer.ui.main_window import MainWindow
    from explorer.ui.settings import Settings
    from tests.ui.small_data import small_project, small_survey

    theme.load_fonts()
    theme.apply(QApplication.instance(), "light")
    win = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.set_session(Session(small_survey(), small_project()))
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_hostile_files_through_the_window_keep_the_old_data(
    qtbot, window, hostile_files, monkeypatch
) -> None:
    from explorer.ui import plain_text

    shown: list[str] = []
    monkeypatch.setattr(plain_text, "warning", lambda *args: shown.append(args[2]))
    from tests.ui.small_data import small_project, small_survey

    # Opening one half reloads the other from its path; the small data has none, so each case
    # starts from the half it does not replace being empty.
    starts = {"survey": Session(small_survey(), None), "qual": Session(None, small_project())}
    errors = 0
    for name, (path, kind) in hostile_files.items():
        shown.clear()
        window.set_session(starts[kind])
        footer = window.charts.bar_chart.footer.text()
        before = window.session
        if kind == "survey":
            window.open_files(survey=str(path))
        else:
            window.open_files(qual=str(path))
        qtbot.waitUntil(lambda b=before: bool(shown) or window.session is not b, timeout=30000)
        count("hostile files (window)")
        if shown:
            errors += 1
            assert len(shown) == 1 and path.name in shown[0], (name, shown)
            assert window.session is before, name
            assert window.charts.bar_chart.footer.text() == footer, name
        else:
            assert window.session is not before
    assert errors >= len(hostile_files) // 2  # most of the set is refused, not silently loaded
