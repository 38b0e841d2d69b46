"""Start-up timing for benchmarks: with BRIEFING_EXPLORER_TIMING set, the first paint of the
window's charts prints the milliseconds since the process started to stderr (and, set to "quit",
ends the app there). Unset, nothing is installed.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "BRIEFING_EXPLORER_TIMING"


def process_age_ms() -> float:
    """Milliseconds since this process started (Linux /proc; elsewhere since this module loaded)."""
    try:
        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # seconds after boot
        with open("/proc/uptime", "rb") as handle:
            uptime = float(handle.read().split()[0])
        return (uptime - started) * 1000.0
    except (OSError, ValueError, IndexError):
        return (time.monotonic() - _LOADED) * 1000.0


_LOADED = time.monotonic()


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, mode: str) -> None:
        super().__init__(widget)
        self._mode = mode

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(
                f"first paint: {process_age_ms():.0f} ms after process start; "
                f"epoch {time.time():.3f}",
                file=sys.stderr,
                flush=True,
            )
            if self._mode == "quit":
                QTimer.singleShot(0, QApplication.quit)
        return False


def watch_first_paint(widget: QWidget) -> None:
    """Report `widget`'s first paint when BRIEFING_EXPLORER_TIMING is set."""
    mode = os.environ.get(ENV, "")
    if mode:
        widget.installEventFilter(_FirstPaint(widget, mode))
