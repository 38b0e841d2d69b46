"""Start-up timing for benchmarks: with BRIEFING_EXPLORER_TIMING set, start-up notes when it
reaches each phase (`mark`), and the window's first complete paint and the first paint with its
charts drawn print to stderr the milliseconds since the process started, the process's CPU time
and that profile (set to "quit", the app then ends). Unset, nothing is recorded or installed.

Importing this module costs nothing: Qt is imported only when a window is watched.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "BRIEFING_EXPLORER_TIMING"
GIVE_UP_MS = 10_000  # "quit": end this long after the first paint if no chart is ever drawn

_LOADED = time.monotonic()
_phases: list[tuple[str, float, float]] = []  # (phase, process age, CPU time) at its end


def enabled() -> bool:
    return bool(os.environ.get(ENV))


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


def cpu_ms() -> float:
    """CPU time (user + system) this process has used, in ms: less at the mercy of other
    programs' load than the wall clock."""
    return time.process_time() * 1000.0


def mark(phase: str) -> None:
    """Note that start-up has just finished `phase` (kept only when timing is on)."""
    if enabled():
        _phases.append((phase, process_age_ms(), cpu_ms()))


def profile() -> str:
    """The phases so far in the order reached, each as `name=wall/cpu`: its own duration and
    the CPU time this process spent in it, in ms (on a loaded machine the two differ)."""
    parts, wall, cpu = [], 0.0, 0.0
    for name, at, used in _phases:
        parts.append(f"{name}={at - wall:.0f}/{used - cpu:.0f}")
        wall, cpu = at, used
    return " ".join(parts)


def _report(what: str) -> None:
    mark(what.replace(" ", "_"))
    print(
        f"{what}: {_phases[-1][1]:.0f} ms after process start; epoch {time.time():.3f}; "
        f"cpu {_phases[-1][2]:.0f} ms; profile {profile()}",
        file=sys.stderr,
        flush=True,
    )


def watch_window(window) -> None:
    """Report `window`'s first complete paint, then its first complete paint after
    `charts_shown()` (when BRIEFING_EXPLORER_TIMING is set)."""
    if enabled():
        window.installEventFilter(_watcher_class()(window, os.environ[ENV], window))


_charts = {"shown": False}


def charts_shown() -> None:
    """The window's charts have their first data: the next paint pass draws them."""
    _charts["shown"] = True


def _watcher_class():
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class Watcher(QObject):
        """Sees every paint event; a pass that painted part of the window is reported once it has
        finished (a zero timer fires after the paint pass that flushes the frame)."""

        def __init__(self, window, mode: str, parent) -> None:
            super().__init__(parent)
            self._window, self._mode = window, mode
            self._pending = False
            self._done: set[str] = set()

        def eventFilter(self, watched, event) -> bool:
            if not self._pending and event.type() == QEvent.Type.Paint:
                self._pending = True
                charts = _charts["shown"]
                QTimer.singleShot(0, lambda: self._pass_done(charts))
            return False

        def _pass_done(self, charts: bool) -> None:
            self._pending = False
            if "first paint" not in self._done:
                self._done.add("first paint")
                _report("first paint")
                if self._mode == "quit":
                    QTimer.singleShot(GIVE_UP_MS, QApplication.quit)
            if charts and "charts drawn" not in self._done:
                self._done.add("charts drawn")
                _report("charts drawn")
                if self._mode == "quit":
                    QTimer.singleShot(0, QApplication.quit)
            if len(self._done) == 2:
                self._window.removeEventFilter(self)

    return Watcher
