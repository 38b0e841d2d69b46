"""Start-up, screenshots, themes, settings, loading files and accessibility of the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QWidget,
)

from explorer.core.session import SAMPLE_QUAL, SAMPLE_SURVEY
from explorer.ui import app, theme
from explorer.ui.main_window import MainWindow, classify
from explorer.ui.settings import Settings


@pytest.mark.slow
def test_screenshot_renders_the_sample_to_png(qtbot, tmp_path) -> None:
    out = tmp_path / "shot.png"
    code = app.main(
        [
            "--screenshot",
            str(out),
            "--size",
            "1280x800",
            "--theme",
            "dark",
            "--settings",
            str(tmp_path / "s.ini"),
        ]
    )
    assert code == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    assert theme.current().name == "dark"
    theme.apply(QApplication.instance(), "light")


def test_screenshot_of_a_missing_file_exits_2(qtbot, tmp_path, capsys) -> None:
    code = app.main(
        [
            "--survey",
            str(tmp_path / "nope.sav"),
            "--screenshot",
            str(tmp_path / "x.png"),
            "--settings",
            str(tmp_path / "s.ini"),
        ]
    )
    assert code == 2
    assert "nope.sav" in capsys.readouterr().err


def test_bad_size_is_refused(qtbot, tmp_path, capsys) -> None:
    args = ["--screenshot", str(tmp_path / "x.png"), "--size", "big"]
    assert app.main([*args, "--settings", str(tmp_path / "s.ini")]) == 2


def test_theme_switch_recolours_charts_and_is_remembered(qtbot, window, settings) -> None:
    window.set_theme("high-contrast")
    assert settings.theme() == "high-contrast"
    background = window.charts.bar_chart.plot.backgroundBrush().color().name()
    assert background == theme.HIGH_CONTRAST.base.lower()
    window.set_theme("light")
    assert window.charts.bar_chart.plot.backgroundBrush().color().name() == theme.LIGHT.base.lower()


def test_layout_and_recent_files_survive_a_restart(qtbot, tmp_path) -> None:
    path = tmp_path / "s.ini"
    first = MainWindow(Settings(path))
    qtbot.addWidget(first)
    first.show()
    first.findChild(QDockWidget, "quotes").hide()
    first.settings.add_recent(SAMPLE_SURVEY)
    first.close()
    second = MainWindow(Settings(path))
    qtbot.addWidget(second)
    second.show()
    assert not second.findChild(QDockWidget, "quotes").isVisible()
    assert second.findChild(QDockWidget, "filters").isVisible()
    assert Settings(path).recent_files()[0] == str(SAMPLE_SURVEY)
    assert second.recent_menu.actions()[0].text() == SAMPLE_SURVEY.name


def test_classify_sorts_dropped_files() -> None:
    assert classify(["/a/x.qdpx", "/a/y.SAV"]) == ("/a/y.SAV", "/a/x.qdpx")
    assert classify(["/a/readme.txt"]) == (None, None)


@pytest.mark.slow
def test_opening_files_loads_in_the_background(qtbot, window) -> None:
    project = window.session.project
    window.open_files(str(SAMPLE_SURVEY))
    qtbot.waitUntil(lambda: window.session.survey.name == SAMPLE_SURVEY.name, timeout=20000)
    assert window.session.project is project  # the other half is kept as loaded
    window.open_files(None, str(SAMPLE_QUAL))
    qtbot.waitUntil(lambda: window.session.project is not project, timeout=20000)
    assert "london_focus_groups.qdpx" in window.status_names.text()
    assert str(SAMPLE_SURVEY) in window.settings.recent_files()


def test_cancelled_load_leaves_the_data(qtbot, window) -> None:
    before = window.session
    window.open_files(str(SAMPLE_SURVEY), str(SAMPLE_QUAL))
    window.loader.cancel()
    window.loader.wait()
    qtbot.wait(50)
    assert window.session is before


def test_every_control_has_an_accessible_name_and_takes_tab(window) -> None:
    kinds = (QAbstractButton, QComboBox, QLineEdit, QAbstractItemView)
    missing, untabbable = [], []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, kinds) or isinstance(widget, QHeaderView):
            continue
        if not widget.isVisibleTo(window) or type(widget).__name__ == "QToolButton":
            continue  # Qt's own tab-scroll buttons
        if isinstance(widget.parent(), QDockWidget):
            continue  # Qt's own dock title buttons (Float, Close), named by Qt
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {getattr(widget, 'text', str)()!r}")
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            untabbable.append(widget.accessibleName())
    assert not missing, missing
    assert not untabbable, untabbable


def test_dropping_a_bad_file_says_why_and_keeps_the_data(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from explorer.ui import plain_text

    shown: list[str] = []
    monkeypatch.setattr(plain_text, "warning", lambda *args: shown.append(args[2]))
    bad = tmp_path / "garbled.qdpx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(bad))])
    before = window.session
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "garbled.qdpx" in shown[0]
    assert window.session is before


def test_f11_toggles_full_screen(qtbot, window) -> None:
    window.activateWindow()
    window.toggle_full_screen()
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    window.toggle_full_screen()
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=2000)
