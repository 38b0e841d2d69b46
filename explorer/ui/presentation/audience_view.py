"""The audience's view: the current slide full screen (a 4:3 layout on a 4:3 screen, 16:9
otherwise), black or white when blanked, the presenter's laser pointer, answering the clicker and
keyboard. F opens the live filter menu on the presenter's screen when there is one, so the
projector never shows it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QMenu, QWidget

from explorer.ui.presentation.deck import BLACK, WHITE, Deck
from explorer.ui.presentation.slide_renderer import (
    SlideLayout,
    canvas_width_for,
    fit_canvas,
    paint_slide,
)

LASER = "#E00000"


class SlideView(QWidget):
    """Paints one slide of a deck (the current one, or the one `offset` after it); with
    `as_audience` it uses the audience's layout (what the room sees) whatever its own shape."""

    def __init__(
        self, deck: Deck, offset: int = 0, parent: QWidget | None = None, as_audience=False
    ) -> None:
        super().__init__(parent)
        self.deck = deck
        self.offset = offset
        self.as_audience = as_audience
        self.layout_shown: SlideLayout | None = None
        self.setAccessibleName("Slide" if offset == 0 else "Next slide")
        self.setMinimumSize(320, 180)
        deck.changed.connect(self.update)
        if offset == 0:
            deck.pointer_moved.connect(self.update)

    def slide_rect(self) -> QRectF:
        """Where the slide is drawn inside the widget."""
        width = self.layout_shown.width if self.layout_shown else self.deck.canvas_width
        return fit_canvas(QRectF(self.rect()), width)

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
            width = self.deck.canvas_width if self.as_audience else None
            self.layout_shown = paint_slide(painter, content, QRectF(self.rect()), width_px=width)
            if self.offset == 0 and self.deck.laser and self.deck.pointer is not None:
                self._paint_pointer(painter)
        finally:
            painter.end()

    def _paint_pointer(self, painter: QPainter) -> None:
        box = self.slide_rect()
        x, y = self.deck.pointer
        centre = QPointF(box.left() + x * box.width(), box.top() + y * box.height())
        radius = max(5.0, box.height() * 0.012)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#FFFFFF"), max(1.5, radius * 0.25)))
        painter.setBrush(QColor(LASER))
        painter.drawEllipse(centre, radius, radius)


class AudienceView(SlideView):
    """Full screen on the chosen screen; every key goes to the deck."""

    def __init__(self, deck: Deck, parent: QWidget | None = None) -> None:
        super().__init__(deck, 0, parent)
        self.setWindowTitle("Briefing Explorer — presentation")
        self.setAccessibleName("Presentation")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.filter_menu: QMenu | None = None
        self.presenter = None  # the presenter's view, where the filter menu opens

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.deck.canvas_width = canvas_width_for(QRectF(self.rect()))
        self.deck.changed.emit()

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
        from explorer.ui.presentation.live_filter_menu import build_filter_menu

        self.filter_menu = build_filter_menu(self.deck, self)
        return self.filter_menu

    def show_filter_menu(self) -> None:
        if self.presenter is not None:  # never on the projector
            self.presenter.show_filter_menu()
            return
        menu = self.build_filter_menu()
        self.setCursor(Qt.CursorShape.ArrowCursor)
        menu.exec(self.mapToGlobal(self.rect().center()))
        self.setCursor(Qt.CursorShape.BlankCursor)
