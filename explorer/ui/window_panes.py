"""The window's panes for the keyboard and the layout: the Tab order (filters → question → chart
→ quotes → briefing), F6/Shift+F6 from pane to pane, View ▸ Panels (show or hide each dock, Reset
layout), and focusing one view to fill the window and back (the ViewState's `focus`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMenu, QWidget


def focusable(widget: QWidget) -> list[QWidget]:
    """`widget`'s children that Tab can reach, in the order they were made (top to bottom)."""
    out = []
    for child in widget.findChildren(QWidget):
        if child.window() is not widget.window():  # a popup (a completer's list, a menu)
            continue
        if child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.isEnabled():
            out.append(child)
    return out


def chain_tab_order(panes: list[QWidget]) -> int:
    """Chain every focusable control of `panes` in pane order; returns how many were chained."""
    widgets: list[QWidget] = []
    for pane in panes:
        if pane.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widgets.append(pane)
        widgets.extend(w for w in focusable(pane) if w not in widgets)
    for a, b in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(a, b)
    return len(widgets)


def pane_of(panes: list[QWidget], widget: QWidget | None) -> int:
    """The index of the pane holding `widget` (-1 when none does)."""
    while widget is not None:
        for i, pane in enumerate(panes):
            if widget is pane:
                return i
        widget = widget.parentWidget()
    return -1


def cycle(panes: list[tuple[QWidget, QWidget]], step: int) -> QWidget | None:
    """Move the focus `step` panes on (F6: +1, Shift+F6: -1) among visible panes; each pane is
    (container, the control that takes the focus in it). Returns the control focused."""
    containers = [c for c, _ in panes]
    here = pane_of(containers, QApplication.focusWidget())
    n = len(panes)
    for k in range(1, n + 1):
        container, target = panes[(here + step * k) % n if here >= 0 else (k - 1) % n]
        dock = _dock_of(container)
        if dock is not None and dock.isHidden():
            continue
        if dock is not None:
            dock.raise_()  # a tabbed dock comes to the front
        if not target.isVisible() and not (dock is not None and dock.isVisible()):
            continue
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return target
    return None


def _dock_of(widget: QWidget) -> QDockWidget | None:
    while widget is not None:
        if isinstance(widget, QDockWidget):
            return widget
        widget = widget.parentWidget()
    return None


def panels_menu(window: QMainWindow, docks: list[QDockWidget], reset) -> QMenu:
    """View ▸ Panels: a check item per dock (a closed dock always comes back here), and Reset."""
    menu = QMenu("&Panels", window)
    for dock in docks:
        action = dock.toggleViewAction()
        action.setText(dock.windowTitle())
        menu.addAction(action)
    menu.addSeparator()
    reset_action = menu.addAction("&Reset layout")
    reset_action.triggered.connect(lambda _=False: reset())
    return menu


class Focus:
    """Shows one view filling the window (docks hidden) and puts the layout back after."""

    def __init__(self, window: QMainWindow, docks: list[QDockWidget]) -> None:
        self.window = window
        self.docks = docks
        self.saved: bytes | None = None
        self.current: str | None = None

    def apply(self, focus: str | None, dock_for: dict[str, QDockWidget]) -> None:
        """Focus `focus` (None: the normal layout). A view in a dock (quotes) is floated over
        nothing: the other docks and the charts make way for it."""
        if focus == self.current:
            return
        window = self.window
        if self.current is None:
            self.saved = window.saveState()
        elif self.saved is not None:
            window.restoreState(self.saved)
        self.current = focus
        if focus is None:
            window.centralWidget().show()
            self.saved = None
            return
        keep = dock_for.get(focus)
        for dock in self.docks:
            if dock is not keep:
                dock.hide()
        if keep is not None:
            keep.show()
            keep.raise_()
            window.centralWidget().hide()
        else:
            window.centralWidget().show()
