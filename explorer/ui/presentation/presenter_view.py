"""The presenter's view (on the second screen, or in a window to rehearse on one screen): the
current slide as the audience sees it (move the mouse over it with the laser on to point), the
next slide, the speaker notes in large type, the slide number, the time presenting (pause and
reset), the time on this slide and the wall clock; F opens the live filter menu here, G a grid of
slides to jump to, L the laser pointer.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QTextEdit,
    QWidget,
)

from explorer.ui import theme
from explorer.ui.plain_text import plain_label
from explorer.ui.presentation.audience_view import SlideView
from explorer.ui.presentation.clock import PresentationClock, mmss
from explorer.ui.presentation.deck import Deck


class PointerSlideView(SlideView):
    """The current slide; with the laser on, the mouse over it points on the audience's screen."""

    def __init__(self, deck: Deck, parent: QWidget | None = None) -> None:
        super().__init__(deck, 0, parent, as_audience=True)
        self.setMouseTracking(True)

    def mouseMoveEvent(self, event) -> None:
        if not self.deck.laser:
            return
        box = self.slide_rect()
        pos = event.position()
        if box.contains(pos):
            where = ((pos.x() - box.left()) / box.width(), (pos.y() - box.top()) / box.height())
            self.deck.set_pointer(where)
        else:
            self.deck.set_pointer(None)

    def leaveEvent(self, event) -> None:
        self.deck.set_pointer(None)
        super().leaveEvent(event)


class PresenterView(QWidget):
    def __init__(self, deck: Deck, parent: QWidget | None = None, *, clock=None) -> None:
        super().__init__(parent)
        self.deck = deck
        self.clock = clock or PresentationClock()
        self._shown_index = deck.index
        self.setWindowTitle("Briefing Explorer — presenter")
        self.setAccessibleName("Presenter view")
        self.setStyleSheet(
            "QWidget { background: #111; color: #EEE; } "
            "QPushButton { background: #333; border: 1px solid #888; padding: 4px 10px; }"
        )
        self.current = PointerSlideView(deck)
        self.next_slide = SlideView(deck, 1, as_audience=True)
        self.position = plain_label()
        self.position.setFont(theme.font(20, bold=True))
        self.position.setAccessibleName("Slide number")
        self.elapsed = plain_label()
        self.elapsed.setFont(theme.font(20))
        self.elapsed.setAccessibleName("Time presenting")
        self.on_slide = plain_label()
        self.on_slide.setFont(theme.font(16))
        self.on_slide.setAccessibleName("Time on this slide")
        self.wall = plain_label()
        self.wall.setFont(theme.font(20))
        self.wall.setAccessibleName("Clock")
        self.pause_button = self._button("Pause", self.toggle_pause, "Pause or restart the timer")
        self.reset_button = self._button("Reset", self.reset_timer, "Timer back to 00:00")
        self.grid_button = self._button("Slides (G)", self.show_grid, "Jump to any slide")
        self.filter_button = self._button("Filter (F)", self.show_filter_menu, "Filter live")
        self.laser_button = self._button("Laser (L)", deck.toggle_laser, "Point with the mouse")
        self.laser_button.setCheckable(True)
        top = QHBoxLayout()
        for widget in (self.position, self.elapsed, self.pause_button, self.reset_button):
            top.addWidget(widget)
        top.addWidget(self.on_slide)
        top.addStretch(1)
        for widget in (self.laser_button, self.filter_button, self.grid_button, self.wall):
            top.addWidget(widget)
        self.next_label = plain_label("Next")
        self.next_label.setFont(theme.font(16))
        self.notes = QTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setFont(theme.font(22))
        self.notes.setAccessibleName("Speaker notes")
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status = plain_label()
        self.status.setFont(theme.font(16))
        self.status.setWordWrap(True)
        grid = QGridLayout(self)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addWidget(self.current, 1, 0, 2, 1)
        grid.addWidget(self.next_label, 1, 1)
        grid.addWidget(self.next_slide, 2, 1)
        grid.addWidget(self.notes, 3, 0, 1, 2)
        grid.addWidget(self.status, 4, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(2, 3)
        grid.setRowStretch(3, 2)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.filter_menu: QMenu | None = None
        self.grid_dialog = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        deck.changed.connect(self.refresh)
        self.refresh()
        self.tick()

    def _button(self, text: str, slot, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setFont(theme.font(14))
        button.setToolTip(tip)
        button.setAccessibleName(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys keep going to the deck
        button.clicked.connect(lambda _=False: slot())
        return button

    def refresh(self) -> None:
        deck = self.deck
        if deck.index != self._shown_index:
            self._shown_index = deck.index
            self.clock.next_slide()
        content = deck.content()
        self.position.setText(f"Slide {deck.index + 1} of {deck.count}")
        self.notes.setPlainText(content.notes if content and content.notes else "(no notes)")
        has_next = deck.index + 1 < deck.count
        self.next_label.setText("Next" if has_next else "End of the briefing")
        self.laser_button.setChecked(deck.laser)
        parts = []
        if deck.blank:
            parts.append(f"The audience sees a {deck.blank} screen (press the key again).")
        if content is not None and content.live:
            parts.append("Live filter on this slide: R returns to the saved view.")
        if deck.laser:
            parts.append("Laser on: point with the mouse over the slide (L to stop).")
        if deck.typed:
            parts.append(f"Go to slide {deck.typed}… (Enter)")
        self.status.setText(" ".join(parts))
        self.tick()

    def tick(self) -> None:
        paused = " (paused)" if self.clock.paused else ""
        self.elapsed.setText(f"{mmss(self.clock.elapsed())}{paused}")
        self.on_slide.setText(f"This slide {mmss(self.clock.slide_elapsed())}")
        self.pause_button.setText("Resume" if self.clock.paused else "Pause")
        self.wall.setText(datetime.datetime.now().strftime("%H:%M"))

    def toggle_pause(self) -> None:
        self.clock.toggle_pause()
        self.tick()

    def reset_timer(self) -> None:
        self.clock.reset()
        self.tick()

    # --- live filter and the slide grid, on the presenter's screen --------------------------
    def build_filter_menu(self) -> QMenu:
        from explorer.ui.presentation.live_filter_menu import build_filter_menu

        self.filter_menu = build_filter_menu(self.deck, self)
        return self.filter_menu

    def show_filter_menu(self, exec_menu: bool = True) -> QMenu:
        menu = self.build_filter_menu()
        if exec_menu:
            menu.exec(self.current.mapToGlobal(QPoint(20, 20)))
        return menu

    def show_grid(self) -> None:
        from explorer.ui.presentation.slide_grid import SlideGrid

        self.grid_dialog = SlideGrid(self.deck, self)
        self.grid_dialog.open()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key == Qt.Key.Key_F:
            self.show_filter_menu()
        elif key == Qt.Key.Key_G:
            self.show_grid()
        elif key == Qt.Key.Key_L:
            self.deck.toggle_laser()
        elif not self.deck.handle_key(key, event.text()):
            super().keyPressEvent(event)
        self.refresh()
