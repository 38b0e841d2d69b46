"""Starting and ending a presentation: the audience view full screen on the chosen screen, and the
presenter's view on another screen when there is one (one screen: the audience view alone).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from explorer.core.briefing.model import Briefing
from explorer.core.session import Session
from explorer.ui.presentation.audience_view import AudienceView
from explorer.ui.presentation.deck import Deck
from explorer.ui.presentation.presenter_view import PresenterView


class Presentation(QObject):
    ended = Signal()

    def __init__(
        self,
        briefing: Briefing,
        session: Session,
        start: int = 0,
        *,
        screen_index: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.deck = Deck(briefing, session, start, self)
        self.audience = AudienceView(self.deck)
        self.presenter: PresenterView | None = None
        self.deck.finished.connect(self.close)
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        if screen_index is not None and 0 <= screen_index < len(screens):
            audience_screen = screens[screen_index]
        else:
            # with two screens the projector is usually the one that is not the laptop's
            others = [s for s in screens if s is not primary]
            audience_screen = others[0] if others else primary
        self.audience.setScreen(audience_screen)
        self.audience.setGeometry(audience_screen.geometry())
        if len(screens) > 1:
            self.presenter = PresenterView(self.deck)
            presenter_screen = next((s for s in screens if s is not audience_screen), primary)
            self.presenter.setScreen(presenter_screen)
            self.presenter.setGeometry(presenter_screen.geometry())

    def show(self) -> None:
        self.audience.showFullScreen()
        if self.presenter is not None:
            self.presenter.showFullScreen()
        self.audience.activateWindow()
        self.audience.setFocus()

    def close(self) -> None:
        for view in (self.audience, self.presenter):
            if view is not None:
                view.close()
                view.deleteLater()
        self.presenter = None
        self.ended.emit()
