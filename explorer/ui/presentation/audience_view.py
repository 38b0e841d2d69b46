"""The audience's view: the current slide full screen (letterboxed to 16:9), black or white when
blanked, answering the clicker and keyboard; F opens a filter popup for questions from the room.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QMenu, QWidget

from explorer.ui.presentation.deck import BLACK, WHITE, Deck
from explorer.ui.presentation.slide_renderer import SlideLayout, paint_slide


class SlideView(QWidget):
    """Paints one slide of a deck (the current one, or the one `offset` after it)."""

    def __init__(self, deck: Deck, offset: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deck = deck
        self.offset = offset
        self.layout_shown: SlideLayout | None = None
        self.setAccessibleName("Slide" if offset == 0 else "Next slide")
        self.setMinimumSize(320, 180)
        deck.changed.connect(self.update)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            blank = self.deck.blank if self.offset == 0 else ""
            background = "#FFFFFF" if blank == WHITE else "#000000"
            painter.fillRect(self.rect(), QColor(background))
            content = self.deck.content(self.deck.index + self.offset)
            if blank in (BLACK, WHITE) or content is None:
                self.layout_shown = None
                return
            self.layout_shown = paint_slide(painter, content, QRectF(self.rect()))
        finally:
            painter.end()


class AudienceView(SlideView):
    """Full screen on the chosen screen; every key goes to the deck."""

    def __init__(self, deck: Deck, parent: QWidget | None = None) -> None:
        super().__init__(deck, 0, parent)
        self.setWindowTitle("Briefing Explorer — presentation")
        self.setAccessibleName("Presentation")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.filter_menu: QMenu | None = None

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_F:
            self.show_filter_menu()
            return
        if not self.deck.handle_key(event.key(), event.text()):
            super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.deck.next()
        elif event.button() == Qt.MouseButton.RightButton:
            self.show_filter_menu()

    def build_filter_menu(self) -> QMenu:
        """A menu of the profile dimensions; ticking a value filters this slide live."""
        menu = QMenu(self)
        menu.setAccessibleName("Filter this slide")
        state = self.deck.state()
        for dim in self.deck.session.dimensions:
            sub = menu.addMenu(dim.label)
            allowed = state.allowed(dim.key)
            for value in dim.values:
                action = sub.addAction(value.label)
                action.setCheckable(True)
                action.setChecked(value.key in allowed)
                action.toggled.connect(
                    lambda on, d=dim.key, v=value.key: self.deck.toggle_value(d, v, on)
                )
        menu.addSeparator()
        reset = menu.addAction("Reset to the saved view (R)")
        reset.triggered.connect(self.deck.reset_view)
        self.filter_menu = menu
        return menu

    def show_filter_menu(self) -> None:
        menu = self.build_filter_menu()
        self.setCursor(Qt.CursorShape.ArrowCursor)
        menu.exec(self.mapToGlobal(self.rect().center()))
        self.setCursor(Qt.CursorShape.BlankCursor)
