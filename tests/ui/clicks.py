"""Clicks as a user makes them, for the window tests."""

from __future__ import annotations

from PySide6.QtCore import Qt


def click_item(qtbot, tree, item) -> None:
    """Click in the middle of a tree's row (scroll it into view first, where that matters)."""
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center()
    )
