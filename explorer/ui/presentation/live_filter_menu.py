"""The live filter menu for questions from the room (F, or right-click): large type, only the
profile dimensions that filter the survey (focus-group-only ones would change no number), and a
way back to the saved view. It opens on the presenter's screen when there is one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QWidget

from explorer.ui import theme
from explorer.ui.presentation.deck import Deck

MENU_PT = 20  # readable at arm's length on the presenter's laptop


def survey_dimensions(deck: Deck) -> list:
    return [d for d in deck.session.dimensions if d.survey_variable and d.values]


def build_filter_menu(deck: Deck, parent: QWidget) -> QMenu:
    """A menu of the survey's profile dimensions; ticking a value filters this slide live."""
    menu = QMenu(parent)
    menu.setAccessibleName("Filter this slide")
    menu.setFont(theme.font(MENU_PT))
    menu.setStyleSheet(f"QMenu {{ font-size: {MENU_PT}pt; }}")
    state = deck.state()
    for dim in survey_dimensions(deck):
        sub = menu.addMenu(dim.label)
        sub.setFont(theme.font(MENU_PT))
        allowed = state.allowed(dim.key)
        for value in dim.values:
            action = sub.addAction(value.label)
            action.setCheckable(True)
            action.setChecked(value.key in allowed)
            action.toggled.connect(lambda on, d=dim.key, v=value.key: deck.toggle_value(d, v, on))
    menu.addSeparator()
    reset = menu.addAction("Reset to the saved view (R)")
    reset.triggered.connect(deck.reset_view)
    return menu
