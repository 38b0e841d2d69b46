"""The headless export, run in-process, leaves an application object that widgets can use (Qt
allows one per process; a bare QGuiApplication made every later window crash)."""

from __future__ import annotations

from explorer.cli import main
from tests.conftest import SAMPLE_DIR


def test_export_in_process_then_a_widget(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFING_EXPLORER_DATA", str(tmp_path / "appdata"))
    code = main(
        [
            "export",
            str(SAMPLE_DIR / "london.briefing.json"),
            "--png-dir",
            str(tmp_path / "png"),
        ]
    )
    assert code == 0
    assert len(list((tmp_path / "png").glob("*.png"))) >= 8
    from PySide6.QtWidgets import QApplication, QLabel

    assert isinstance(QApplication.instance(), QApplication)
    label = QLabel("still fine")
    assert label.sizeHint().width() > 0
