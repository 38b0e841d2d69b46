"""The guard against PySide6 calls that steal references from None/True/False keeps them alive."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer

from explorer.ui import qt_compat


def test_top_up_keeps_the_singletons_far_from_zero(qapp) -> None:
    probe = qt_compat._Probe()
    probe.fired.connect(lambda _n: None)
    timer = QTimer()
    qt_compat.top_up()
    for _ in range(5000):
        probe.fired.emit(1)
        timer.setInterval(5)
    qt_compat.top_up()
    if sys.version_info < (3, 12):
        for value in (None, True, False):
            assert sys.getrefcount(value) >= qt_compat._FLOOR
