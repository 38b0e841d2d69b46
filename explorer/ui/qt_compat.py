"""A guard against PySide6 6.12.0's `SignalInstance.emit`, which returns True/False without taking a
reference: every emit whose result is dropped (all of pyqtgraph's) steals one from the bool.

On Python 3.11 the bools are not immortal, so after enough emits True's count reaches zero and the
interpreter aborts ("bool_dealloc"). The guard measures the bug once and, where present, tops the
counts back up on a timer. Pinning PySide6 to a version without the bug is the real fix.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer, Signal

_FLOOR = 100_000  # references kept above what the app itself holds
_INTERVAL_MS = 250
_state: dict[str, object] = {}


class _Probe(QObject):
    fired = Signal(int)


def emit_steals_references() -> bool:
    """True when this PySide6 build's `emit` drops a reference to the bool it returns."""
    probe = _Probe()
    probe.fired.connect(lambda _n: None)
    before = sys.getrefcount(True)
    for _ in range(50):
        probe.fired.emit(1)
    return sys.getrefcount(True) < before - 25


def top_up() -> None:
    """Give True and False back the references that emits took (never released on purpose)."""
    for value in (True, False):
        deficit = _FLOOR - sys.getrefcount(value)
        for _ in range(max(deficit, 0)):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(value))


def install(parent: QObject | None = None) -> bool:
    """Start the guard if this PySide6 needs it; returns whether it is running."""
    if "timer" in _state:
        return True
    if not emit_steals_references():
        return False
    top_up()
    timer = QTimer(parent)
    timer.setInterval(_INTERVAL_MS)
    timer.timeout.connect(top_up)
    timer.start()
    _state["timer"] = timer
    return True
