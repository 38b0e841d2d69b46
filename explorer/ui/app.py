"""Application start-up: parse options, build the QApplication and the main window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python main.py")
    parser.add_argument("--screenshot", metavar="FILE.png")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    label = QLabel("Briefing Explorer: the window is being built.")
    label.resize(640, 200)
    if args.screenshot:
        label.grab().save(args.screenshot)
        return 0
    label.show()
    return app.exec()
