"""View ▸ Show empty categories and View ▸ Multiple-response base: the window's switches for two
table options that the command line has as `--show-empty` and `--multi-base`.

Both live in the ViewState (`explorer.core.view_state`), so they are undone and redone with the
rest of the view, saved with it, and every view that computes a table (chart, table, small
multiples, waves) recomputes with them. The menu only shows the state and asks the controller.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from explorer.core.view_state import ViewState

MULTI_BASE_NAMES = {
    "answered": "&Those who answered any item",
    "all": "&Every respondent (including those who answered none)",
}


class TableDisplayMenu:
    """The two switches, added to `menu`; `follow(view)` keeps their check marks true."""

    def __init__(self, window, menu: QMenu) -> None:
        controller = window.controller
        self.show_empty = QAction("Show &empty categories", window, checkable=True)
        self.show_empty.setToolTip(
            "Also show labelled answers nobody in the base chose (n = 0), in every table"
        )
        self.show_empty.setStatusTip(self.show_empty.toolTip())
        self.show_empty.toggled.connect(lambda on: _ask(controller, controller.show_empty, on))
        menu.addAction(self.show_empty)
        self.multi_menu = menu.addMenu("&Multiple-response base")
        group = QActionGroup(window)
        group.setExclusive(True)
        self.multi_base: dict[str, QAction] = {}
        for base, text in MULTI_BASE_NAMES.items():
            action = QAction(text, window, checkable=True)
            action.toggled.connect(
                lambda on, b=base: on and _ask(controller, controller.multi_base, b)
            )
            group.addAction(action)
            self.multi_menu.addAction(action)
            self.multi_base[base] = action
        controller.viewChanged.connect(self.follow)
        self.follow(controller.view)

    def follow(self, view: ViewState) -> None:
        """Check what `view` holds (after undo, redo, a restored or a slide's view)."""
        for action, on in [
            (self.show_empty, view.show_empty),
            *((a, view.multi_base == base) for base, a in self.multi_base.items()),
        ]:
            if action.isChecked() != on:
                action.blockSignals(True)
                action.setChecked(on)
                action.blockSignals(False)


def _ask(controller, change, value) -> None:
    change(value)
    controller.flush()
