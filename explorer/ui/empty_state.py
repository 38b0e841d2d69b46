"""Words that stand where a chart would be (the chart being drawn, a question still being read):
large, in the theme's muted colour, centred in the space, and wrapped at a readable line length,
in the light, dark and high-contrast themes alike.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from explorer.ui import theme
from explorer.ui.plain_text import plain_label

LINE_CHARS = 56  # a readable measure: lines wrap at about this many characters
SIZE_STEP = 2  # points above the theme's chart titles, so it reads from a step back
MARGIN = 24


class EmptyState(QWidget):
    """A centred, wrapped, muted message filling the space of a chart."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = plain_label(text, self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._measure = 0
        self.apply_theme()

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:
        self.label.setText(text)
        self._place()

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.label.setAccessibleName(name)

    def apply_theme(self) -> None:
        t = theme.current()
        font = theme.font(t.title_size + SIZE_STEP)
        self.label.setFont(font)
        self.label.setStyleSheet(f"color: {t.muted};")
        self._measure = QFontMetrics(font).averageCharWidth() * LINE_CHARS
        self._place()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        """The label as wide as the measure (or the space, if narrower), as tall as its wrapped
        lines, in the middle of the space."""
        width = max(min(self.width() - 2 * MARGIN, self._measure), 1)
        height = min(self.label.heightForWidth(width), self.height())
        self.label.setGeometry(
            (self.width() - width) // 2, max((self.height() - height) // 2, 0), width, height
        )
