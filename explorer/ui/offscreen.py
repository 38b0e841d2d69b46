"""Qt's offscreen platform when there is no display (a server, CI, a scheduled pack rebuild), set
before the first Qt application is made."""

from __future__ import annotations

import os
import sys


def needs_offscreen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def use_offscreen_without_display() -> None:
    """Draw offscreen when there is no display."""
    if needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
