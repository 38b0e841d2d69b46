"""The installed PySide6 must keep Python's reference counts: some builds (6.12.0) drop a
reference to None/True/False on every void call or emit(), which aborts the app after a while."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
class Emitter(QObject):
    fired = Signal()
emitter = Emitter()
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(200):
    label.setText("x")
    emitter.fired.emit()
print(sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before)
"""


def test_pyside_keeps_reference_counts() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    none_delta, true_delta = (int(x) for x in result.stdout.split())
    # A leaking build loses ~200 references to each; a sound one loses none (allow a little noise).
    assert abs(none_delta) < 50 and abs(true_delta) < 50, result.stdout
