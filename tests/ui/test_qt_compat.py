"""The guard against PySide6 emits that steal references from True/False keeps the bools alive."""

from __future__ import annotations

import sys

from explorer.ui import qt_compat


def test_top_up_restores_what_emits_take(qapp) -> None:
    probe = qt_compat._Probe()
    probe.fired.connect(lambda _n: None)
    qt_compat.top_up()
    before = sys.getrefcount(True)
    for _ in range(5000):
        probe.fired.emit(1)
    qt_compat.top_up()
    assert sys.getrefcount(True) >= min(before, qt_compat._FLOOR)
    assert sys.getrefcount(False) >= qt_compat._FLOOR
