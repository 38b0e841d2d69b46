"""A guard against PySide6 6.12.0 returning None/True/False without taking a reference: every call
of a void method (`setText`, `fill`, `start`…) steals one from None, every `emit` one from a bool.

On Python 3.11 those singletons are not immortal, so after enough calls a count reaches zero and the
interpreter aborts ("none_dealloc", "bool_dealloc"). The guard measures the bug once and, where
present, keeps the counts far from zero. Pinning PySide6 to a build without the bug is the real fix.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer, Signal

_FLOOR = 1 << 30  # far more references than a session's calls can take between two top-ups
_INTERVAL_MS = 1000
_SINGLETONS = (None, True, False)
_state: dict[str, object] = {}


class _Probe(QObject):
    fired = Signal(int)


def calls_steal_references() -> bool:
    """True when this PySide6 build drops a reference to what void calls and emits return."""
    if sys.version_info >= (3, 12):  # None and the bools are immortal: nothing to lose
        return False
    probe = _Probe()
    probe.fired.connect(lambda _n: None)
    timer = QTimer()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(50):
        probe.fired.emit(1)
        timer.setInterval(10)
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    return lost_none > 25 or lost_true > 25


def top_up() -> None:
    """Raise the singletons' counts back to the floor (the added references are never released)."""
    if sys.version_info >= (3, 12):
        return
    for value in _SINGLETONS:
        count = sys.getrefcount(value) - 1  # getrefcount's own argument
        if count < _FLOOR:
            # CPython keeps ob_refcnt first in every object; one write instead of a billion increfs
            ctypes.c_ssize_t.from_address(id(value)).value += _FLOOR - count


def install(parent: QObject | None = None) -> bool:
    """Start the guard if this PySide6 needs it; returns whether it is running."""
    if "timer" in _state:
        return True
    if not calls_steal_references():
        return False
    top_up()
    timer = QTimer(parent)
    timer.setInterval(_INTERVAL_MS)
    timer.timeout.connect(top_up)
    timer.start()
    _state["timer"] = timer
    return True
