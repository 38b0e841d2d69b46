"""The presenter's view (on a second screen when there is one): the current slide, the next one,
the speaker notes in large type, the slide number and the time since the presentation began.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QTextEdit, QWidget

from explorer.ui import theme
from explorer.ui.presentation.audience_view import SlideView
from explorer.ui.presentation.deck import Deck


class PresenterView(QWidget):
    def __init__(self, deck: Deck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deck = deck
        self.setWindowTitle("Briefing Explorer — presenter")
        self.setAccessibleName("Presenter view")
        self.setStyleSheet("background: #111; color: #EEE;")
        self.current = SlideView(deck, 0)
        self.next_slide = SlideView(deck, 1)
        self.position = QLabel()
        self.position.setFont(theme.font(20, bold=True))
        self.position.setAccessibleName("Slide number")
        self.clock = QLabel()
        self.clock.setFont(theme.font(20))
        self.next_label = QLabel("Next")
        self.next_label.setFont(theme.font(16))
        self.notes = QTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setFont(theme.font(22))
        self.notes.setAccessibleName("Speaker notes")
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status = QLabel()
        self.status.setFont(theme.font(16))
        self.status.setWordWrap(True)
        grid = QGridLayout(self)
        grid.addWidget(self.position, 0, 0)
        grid.addWidget(self.clock, 0, 1, Qt.AlignmentFlag.AlignRight)
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
        self._started = time.monotonic()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        deck.changed.connect(self.refresh)
        self.refresh()
        self._tick()

    def refresh(self) -> None:
        deck = self.deck
        content = deck.content()
        self.position.setText(f"Slide {deck.index + 1} of {deck.count}")
        self.notes.setPlainText(content.notes if content and content.notes else "(no notes)")
        has_next = deck.index + 1 < deck.count
        self.next_label.setText("Next" if has_next else "End of the briefing")
        parts = []
        if deck.blank:
            parts.append(f"The audience sees a {deck.blank} screen (press the key again).")
        if content is not None and content.live:
            parts.append("Live filter on this slide: R returns to the saved view.")
        if deck.typed:
            parts.append(f"Go to slide {deck.typed}… (Enter)")
        self.status.setText(" ".join(parts))

    def _tick(self) -> None:
        elapsed = int(time.monotonic() - self._started)
        self.clock.setText(f"{elapsed // 60:02d}:{elapsed % 60:02d}")

    def keyPressEvent(self, event) -> None:
        if not self.deck.handle_key(event.key(), event.text()):
            super().keyPressEvent(event)
        self.refresh()
