"""Render the main window to a PNG (works offscreen): for docs, bug reports and `--screenshot`."""

from __future__ import annotations

import os
import time

from PySide6.QtWidgets import QApplication, QMainWindow


def parse_size(text: str) -> tuple[int, int]:
    """ "1600x1000" → (1600, 1000)."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"{text!r} is not a size like 1600x1000") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise ValueError(f"{text!r} is outside 200x200–8000x8000")
    return width, height


def render(
    window: QMainWindow,
    path: str | os.PathLike[str],
    size: tuple[int, int],
    *,
    settle_s: float = 0.5,
) -> bool:
    window.resize(*size)
    window.show()
    app = QApplication.instance()
    app.processEvents()
    fit = getattr(window, "fit_docks", None)
    if fit is not None:
        fit()
    # layouts settle over several passes; long lists are laid out in batches on idle time
    deadline = time.monotonic() + settle_s
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    flush = getattr(window, "flush", None)
    if flush is not None:
        flush()
        app.processEvents()
    return window.grab().save(os.fspath(path))
