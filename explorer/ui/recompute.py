"""Running a view's recomputation for a FilterState: at once on small data, on a worker thread on
large data, where a result is applied only if no newer request has been made since.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from explorer.core.errors import ExplorerError

# Respondents above which tables are computed off the GUI thread (the sample is ~1,000).
THREAD_THRESHOLD = 200_000


class _Relay(QObject):
    """One for the process, made on the GUI thread and never deleted: every job's result comes
    back through it, queued to the GUI thread, and is handed to its view if the view still
    exists. A relay owned by each view could be deleted with it while a worker thread was
    emitting on it (a use-after-free: the app crashed when a view closed or was rebuilt while a
    table was being computed)."""

    done = Signal(int, int, object, object)  # view's key, generation, result, error message

    def __init__(self) -> None:
        super().__init__()
        self.views: weakref.WeakValueDictionary[int, Recompute] = weakref.WeakValueDictionary()
        self.done.connect(self._deliver)

    def _deliver(self, key: int, generation: int, result: Any, message: str | None) -> None:
        view = self.views.get(key)
        if view is not None and shiboken6.isValid(view):
            view._done(generation, result, message)


_relay: _Relay | None = None
_keys = itertools.count(1)


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:  # the first view is made on the GUI thread, so the relay lives there
        _relay = _Relay()
    return _relay


class _Job(QRunnable):
    def __init__(self, key: int, generation: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self._key, self._generation, self._work = key, generation, work

    def run(self) -> None:
        try:
            result, message = self._work(), None
        except ExplorerError as error:
            result, message = None, error.message
        except Exception as error:  # a bug in a view's computation must not kill the thread pool
            result, message = None, f"{type(error).__name__}: {error}"
        # the view may have been closed meanwhile: then the relay drops the result
        _the_relay().done.emit(self._key, self._generation, result, message)


class Recompute(QObject):
    """One per view: `submit(work, apply, failed, threaded=…)`; stale results are dropped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key = next(_keys)
        _the_relay().views[self._key] = self
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
        QThreadPool.globalInstance().start(_Job(self._key, generation, work))

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
