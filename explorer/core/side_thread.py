"""One piece of work on a thread of its own while the caller does another: the thread runs in the
caller's context (so a Cancel of the caller's load reaches it), and `result()` waits for it and
returns its value or raises its error, exactly as a direct call would have.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class SideThread(Generic[T]):
    def __init__(self, work: Callable[[], T], name: str) -> None:
        self._context = contextvars.copy_context()
        self._work = work
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._context.run(self._work)
        except BaseException as error:  # handed to the caller by result()
            self._error = error

    def done(self) -> bool:
        """Whether the work has ended (its value or error is ready)."""
        return not self._thread.is_alive()

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
