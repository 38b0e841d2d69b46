"""Undo and redo for briefing edits: each edit is a QUndoCommand holding the briefing before and
after one of the core's pure edit functions, so undoing is putting the old value back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from explorer.core.briefing.model import Briefing


class BriefingEdit(QUndoCommand):
    def __init__(
        self,
        text: str,
        before: Briefing,
        after: Briefing,
        show: Callable[[Briefing, str | None], None],
        focus: str | None = None,
        merge_key: int = -1,
    ) -> None:
        super().__init__(text)
        self.before, self.after = before, after
        self._show = show
        self.focus = focus  # the slide to select after the edit
        self._merge_key = merge_key

    def id(self) -> int:
        return self._merge_key

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing into one field of one slide is one undo step, not one per key."""
        if not isinstance(other, BriefingEdit) or other.focus != self.focus:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self._show(self.after, self.focus)

    def undo(self) -> None:
        self._show(self.before, self.focus)


class BriefingHistory(QUndoStack):
    """The stack of edits to one open briefing; `apply` pushes (and so performs) an edit."""

    def __init__(self, current: Callable[[], Briefing], show, parent=None) -> None:
        super().__init__(parent)
        self._current = current
        self._show = show

    def apply(
        self, text: str, after: Briefing, focus: str | None = None, merge_key: int = -1
    ) -> None:
        before = self._current()
        if after == before:
            return
        self.push(BriefingEdit(text, before, after, self._show, focus, merge_key))
