"""The presenter's clocks: time since the presentation began (paused and reset by the presenter)
and time on the current slide. No Qt: the presenter view reads it once a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def mmss(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{hours}:{text}" if hours else text


class PresentationClock:
    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._started = now()
        self._paused_at: float | None = None
        self._slide_started = self._started
        self._slide_paused = 0.0

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def elapsed(self) -> float:
        """Seconds presenting, not counting pauses."""
        end = self._paused_at if self._paused_at is not None else self._now()
        return end - self._started

    def slide_elapsed(self) -> float:
        """Seconds on the current slide, not counting pauses."""
        end = self._paused_at if self._paused_at is not None else self._now()
        return end - self._slide_started

    def toggle_pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self._now()
        else:
            gap = self._now() - self._paused_at
            self._started += gap
            self._slide_started += gap
            self._paused_at = None

    def reset(self) -> None:
        """Back to 00:00 (still paused if it was)."""
        now = self._now()
        self._started = self._slide_started = now
        if self._paused_at is not None:
            self._paused_at = now

    def next_slide(self) -> None:
        now = self._paused_at if self._paused_at is not None else self._now()
        self._slide_started = now
