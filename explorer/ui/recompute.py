"""Running a view's recomputation for a FilterState: at once on small data, on a worker thread on
large data, where a result is applied only if no newer request has been made since.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from explorer.core.errors import ExplorerError

# Respondents above which tables are computed off the GUI thread (the sample is ~1,000).
THREAD_THRESHOLD = 200_000


class _Relay(QObject):
    done = Signal(int, object, object)  # generation, result, error message


class _Job(QRunnable):
    def __init__(self, generation: int, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._generation, self._work, self._relay = generation, work, relay

    def run(self) -> None:
        try:
            result, message = self._work(), None
        except ExplorerError as error:
            result, message = None, error.message
        except Exception as error:  # a bug in a view's computation must not kill the thread pool
            result, message = None, f"{type(error).__name__}: {error}"
        # the view may have been closed meanwhile: then nobody is waiting for the result
        with contextlib.suppress(RuntimeError):
            self._relay.done.emit(self._generation, result, message)


class Recompute(QObject):
    """One per view: `submit(work, apply, failed, threaded=…)`; stale results are dropped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self._latest = 0  # the ticket of the newest request: a generation counter
        self._apply: Callable[[Any], None] | None = None
        self._failed: Callable[[str], None] | None = None
        self.dropped = 0  # stale results thrown away (tests and diagnostics read this)
        self.threaded = False

    def submit(
        self,
        work: Callable[[], Any],
        apply: Callable[[Any], None],
        failed: Callable[[str], None],
        *,
        threaded: bool,
    ) -> None:
        self._latest += 1
        generation = self._latest
        self._apply, self._failed = apply, failed
        self.threaded = threaded
        if not threaded:
            try:
                result = work()
            except ExplorerError as error:
                failed(error.message)
                return
            apply(result)
            return
        QThreadPool.globalInstance().start(_Job(generation, work, self._relay))

    @property
    def latest(self) -> int:
        """The ticket of the newest request (a result for an older one is dropped)."""
        return self._latest

    def _done(self, generation: int, result: Any, message: str | None) -> None:
        if generation != self._latest:  # a newer request was made meanwhile: this is stale
            self.dropped += 1
            return
        if message is not None:
            if self._failed is not None:
                self._failed(message)
            return
        if self._apply is not None:
            self._apply(result)

    def wait(self, ms: int = 30000) -> bool:
        """Block until queued work has run (tests, screenshots)."""
        return QThreadPool.globalInstance().waitForDone(ms)
