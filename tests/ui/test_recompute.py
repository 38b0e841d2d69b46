"""Heavy recomputation off the GUI thread: a result is applied only if no newer request came."""

from __future__ import annotations

import re
import threading

import numpy as np
from PySide6.QtCore import QPoint, Qt

from explorer.ui.recompute import Recompute


def test_stale_threaded_result_is_dropped(qtbot) -> None:
    recompute = Recompute()
    release = threading.Event()
    applied: list[str] = []

    def slow() -> str:
        release.wait(5)
        return "old"

    recompute.submit(slow, applied.append, applied.append, threaded=True)
    recompute.submit(lambda: "new", applied.append, applied.append, threaded=True)
    qtbot.waitUntil(lambda: applied == ["new"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: recompute.dropped == 1, timeout=5000)
    assert applied == ["new"]


def test_synchronous_error_goes_to_failed() -> None:
    from explorer.core.errors import ExplorerError

    recompute = Recompute()
    failures: list[str] = []

    def broken():
        raise ExplorerError("q9 is not a question.")

    recompute.submit(broken, lambda r: None, failures.append, threaded=False)
    assert failures == ["q9 is not a question."]


def test_window_charts_follow_the_filter_when_computed_off_thread(qtbot, window, session) -> None:
    window.charts.thread_threshold = 0  # treat the small survey as large
    box = window.filters.checkbox("gender", "woman")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    women = np.asarray(session.survey.values("gender")) == 2

    def shown_n() -> int:
        match = re.search(r"unweighted n = ([\d,]+)", window.charts.bar_chart.footer.text())
        return int(match.group(1).replace(",", "")) if match else -1

    qtbot.waitUntil(lambda: shown_n() == int(women.sum()), timeout=5000)
    assert window.charts.recompute.threaded


def test_a_view_deleted_while_its_job_runs_drops_the_result(qtbot) -> None:
    """The result comes back through one relay that outlives every view: a view deleted (its
    widget closed, or rebuilt when the whole survey replaces a first hand-over) while its table
    is computed on a worker thread is simply not told; nothing is emitted on a deleted object."""
    import shiboken6
    from PySide6.QtWidgets import QWidget

    from explorer.ui import recompute as module

    owner = QWidget()
    view = Recompute(owner)
    started, release = threading.Event(), threading.Event()
    applied: list[object] = []

    def slow() -> str:
        started.set()
        release.wait(5)
        return "late"

    view.submit(slow, applied.append, applied.append, threaded=True)
    relay = module._the_relay()
    assert relay.parent() is None  # not owned by any view
    assert started.wait(5)
    shiboken6.delete(owner)  # the view goes, with its children, while the job runs
    assert not shiboken6.isValid(view)
    release.set()
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)  # the queued result reaches the relay, which drops it
    assert applied == [] and shiboken6.isValid(relay)
    # and the relay still serves the views made after
    other = Recompute()
    other.submit(lambda: "next", applied.append, applied.append, threaded=True)
    qtbot.waitUntil(lambda: applied == ["next"], timeout=5000)
