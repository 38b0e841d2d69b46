"""Starting and ending a presentation: the audience view full screen on the chosen screen and the
presenter's view on another screen when there is one (one screen: the audience view alone), or,
to rehearse on one screen, the presenter's view and the audience's view each in a window. Hidden
slides are left out, and for a public audience quotes and internal slides too (explorer.core.
briefing.pack).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from explorer.core.briefing.model import Briefing
from explorer.core.briefing.pack import select_for_pack
from explorer.core.errors import ExplorerError
from explorer.core.session import Session
from explorer.ui.presentation.audience_view import AudienceView
from explorer.ui.presentation.deck import Deck
from explorer.ui.presentation.presenter_view import PresenterView


def pack_start(briefing: Briefing, shown: Briefing, start: int) -> int:
    """The position in `shown` of slide `start` of `briefing` (or of the next one shown)."""
    ids = [s.id for s in shown.slides]
    for slide in briefing.slides[max(start, 0) :]:
        if slide.id in ids:
            return ids.index(slide.id)
    return max(len(ids) - 1, 0)


class Presentation(QObject):
    ended = Signal()

    def __init__(
        self,
        briefing: Briefing,
        session: Session,
        start: int = 0,
        *,
        screen_index: int | None = None,
        rehearse: bool = False,
        public: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        try:
            shown = select_for_pack(briefing, public=public)
        except ExplorerError:  # every slide hidden: present them all rather than nothing
            shown = briefing
        self.rehearse = rehearse
        self.deck = Deck(shown, session, pack_start(briefing, shown, start), self)
        self.audience = AudienceView(self.deck)
        self.presenter: PresenterView | None = None
        self.deck.finished.connect(self.close)
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        if rehearse:
            self.presenter = PresenterView(self.deck)
            area = primary.availableGeometry()
            self.presenter.setGeometry(
                area.left() + 20, area.top() + 40, area.width() * 3 // 4, area.height() * 3 // 4
            )
            self.audience.setWindowTitle("Briefing Explorer — what the audience sees (rehearsal)")
            width = max(480, area.width() // 3)
            self.audience.setGeometry(
                area.right() - width - 20, area.top() + 40, width, width * 9 // 16
            )
            self.audience.presenter = self.presenter
            return
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
            self.audience.presenter = self.presenter

    def show(self) -> None:
        if self.rehearse:
            self.audience.show()
            self.presenter.show()
            self.presenter.activateWindow()
            self.presenter.setFocus()
            return
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
