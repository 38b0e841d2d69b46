"""Cancelling a load from another thread: the window's loader sets an event, and the load checks
it at every progress step and while it waits for the `.sav` reader's child process (which it then
kills), so Cancel and closing the window stop the work instead of waiting for it.

The event is held in a context variable, so only the thread that set it (the loader's worker)
sees it; loads on other threads (the command line, tests) are never cancelled.
"""

from __future__ import annotations

import contextvars
import threading

from explorer.core.errors import ExplorerError

_current: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar(
    "explorer_cancel", default=None
)


class Cancelled(ExplorerError):
    """The user cancelled (or closed the window); nothing was loaded."""


def watch(event: threading.Event) -> None:
    """From now on, in this thread, `event` being set means "stop"."""
    _current.set(event)


def requested() -> bool:
    event = _current.get()
    return event is not None and event.is_set()


def check() -> None:
    """Raise Cancelled if this thread's load was cancelled."""
    if requested():
        raise Cancelled("Opening the files was cancelled.")
