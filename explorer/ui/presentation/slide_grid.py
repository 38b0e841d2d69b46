"""A grid of the deck's slides (G in the presenter's view): thumbnails as the audience sees them,
numbered and titled; clicking one, or choosing it and pressing Enter, jumps there.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QDialog, QListWidget, QListWidgetItem, QVBoxLayout

from explorer.ui import theme
from explorer.ui.presentation.deck import Deck

THUMB = (320, 180)


class SlideGrid(QDialog):
    def __init__(self, deck: Deck, parent=None) -> None:
        super().__init__(parent)
        from explorer.ui.export_render import slide_image

        self.deck = deck
        self.setWindowTitle("Slides")
        self.setAccessibleName("Slide grid")
        self.list = QListWidget()
        self.list.setAccessibleName("Slides to jump to")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(*THUMB))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setFont(theme.font(14))
        self.list.setGridSize(QSize(THUMB[0] + 24, THUMB[1] + 70))
        width = deck.canvas_width
        size = (THUMB[0], round(THUMB[0] * 1080 / width))
        for i in range(deck.count):
            content = deck.content(i)
            image = slide_image(content, size, palette=None)  # as the room sees it
            item = QListWidgetItem(QIcon(QPixmap.fromImage(image)), f"{i + 1}. {content.title}")
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.list.addItem(item)
        self.list.setCurrentRow(deck.index)
        self.list.itemClicked.connect(self.jump)
        self.list.itemActivated.connect(self.jump)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        self.resize(4 * (THUMB[0] + 24) + 40, 2 * (THUMB[1] + 70) + 40)

    def jump(self, item: QListWidgetItem) -> None:
        self.deck.go(int(item.data(Qt.ItemDataRole.UserRole)))
        self.accept()
