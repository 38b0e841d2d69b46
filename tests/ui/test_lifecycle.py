"""Lifecycle: Cancel stops the loading worker and the `.sav` reader's child process; closing the
window during a load or a background recompute ends cleanly (no thread destroyed while running,
no "Signal source has been deleted" traceback from a job finishing after its view went)."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from explorer.core.survey import sav_child
from tests.conftest import SAMPLE_DIR
from tests.trust.test_sav_child import _hang

SAV = SAMPLE_DIR / "london_survey.sav"


def _readers() -> list:
    return [p for p in multiprocessing.active_children() if p.name == "explorer-sav-reader"]


@pytest.fixture
def hanging_reader(monkeypatch):
    monkeypatch.setattr(sav_child, "CHILD", _hang)


def test_cancel_stops_the_worker_and_the_reader_process(qtbot, window, hanging_reader) -> None:
    before = window.session
    window.loader.start(str(SAV), None)
    qtbot.waitUntil(lambda: bool(_readers()), timeout=60000)
    started = time.monotonic()
    window.loader.cancel()
    qtbot.waitUntil(lambda: not window.loader.busy and not _readers(), timeout=15000)
    assert time.monotonic() - started < 10  # not the reader's 60 s timeout
    assert window.session is before


def test_closing_the_window_during_a_load_ends_cleanly(
    qtbot, settings, session, hanging_reader, capfd
) -> None:
    from explorer.ui.main_window import MainWindow
    from tests.ui.conftest import dispose

    win = MainWindow(settings)
    win.set_session(session)
    win.show()
    win.loader.start(str(SAV), None)
    qtbot.waitUntil(lambda: bool(_readers()), timeout=60000)
    worker = win.loader._worker
    started = time.monotonic()
    win.close()
    assert time.monotonic() - started < 15
    assert not worker.isRunning() and not _readers()
    dispose(win)
    qtbot.wait(50)
    assert "Traceback" not in capfd.readouterr().err


def test_a_background_job_finishing_after_its_view_closed_is_silent(qtbot, capfd) -> None:
    from PySide6.QtCore import QThreadPool

    from explorer.ui.recompute import Recompute

    recompute = Recompute()
    applied = []

    def slow():
        time.sleep(0.5)
        return 1

    recompute.submit(slow, applied.append, applied.append, threaded=True)
    recompute.deleteLater()
    qtbot.wait(50)  # deleted while the job still runs
    QThreadPool.globalInstance().waitForDone(10000)
    qtbot.wait(50)
    assert applied == []
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Signal source has been deleted" not in err
