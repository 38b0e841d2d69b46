"""The main window's menu bar (File, Edit, View, Briefing, Help) and its shortcuts, built on the
window: each item calls the window or its controller.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from explorer.ui import briefing_menu, stats_dialog, theme
from explorer.ui import window_panes as panes
from explorer.ui.table_display_menu import TableDisplayMenu


def action(window, menu, text: str, slot, shortcut=None) -> QAction:
    """A menu item whose shortcut works whichever widget of `window` has the focus."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    window.addAction(action)  # shortcuts work whichever widget has focus
    return action


def build(window) -> None:
    """The window's menu bar: File, Edit, View, Briefing, Help."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    action(window, file_menu, "&Open…", window.open_dialog, QKeySequence.StandardKey.Open)
    action(window, file_menu, "Open tracker &folder…", window.open_folder_dialog)
    window.recent_menu = file_menu.addMenu("Open &recent")
    window._fill_recent()
    file_menu.addSeparator()
    file_menu.addMenu(briefing_menu.export_menu(window, file_menu))
    file_menu.addSeparator()
    action(window, file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)
    edit = bar.addMenu("&Edit")
    window.undo_action = action(window, edit, "&Undo", window.undo, QKeySequence.StandardKey.Undo)
    window.redo_action = action(window, edit, "&Redo", window.redo)
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addSeparator()
    action(window, edit, "&Copy chart or quote", window.copy, QKeySequence.StandardKey.Copy)
    action(window, edit, "&Find quotes", window.focus_search, QKeySequence.StandardKey.Find)
    action(window, edit, "Clear answer selections", lambda: window.controller.remove_cross(), "Esc")
    action(window, edit, "&Reset filters", window.controller.reset, "Ctrl+R")
    edit.addSeparator()
    action(window, edit, "&Match profile dimensions…", window.edit_mapping)
    action(window, edit, "&Disclosure threshold…", window.edit_threshold)
    action(window, edit, "Quote &attribution…", window.edit_attribution)
    view = bar.addMenu("&View")
    group = QActionGroup(window)
    for name in theme.THEMES:
        item = QAction(name.replace("-", " ").capitalize(), window, checkable=True)
        item.setChecked(name == theme.current().name)
        item.triggered.connect(lambda _=False, n=name: window.set_theme(n))
        group.addAction(item)
        view.addAction(item)
    view.addSeparator()
    action(window, view, "&Data notes…", window.show_data_notes)
    action(window, view, "&Significance and sample design…", lambda: stats_dialog.edit(window))
    action(window, view, "&Waves…", window.show_waves)
    window.table_display = TableDisplayMenu(window, view)  # empty categories, MR base
    action(window, view, "&Full screen", window.toggle_full_screen, "F11")
    view.addSeparator()
    view.addMenu(panes.panels_menu(window, list(window.dock_widgets), window.reset_layout))
    action(window, view, "F&ocus this view / back", window.toggle_focus, "Ctrl+Shift+F")
    action(window, view, "Next pane", lambda: panes.cycle(window.pane_targets(), 1), "F6")
    action(
        window, view, "Previous pane", lambda: panes.cycle(window.pane_targets(), -1), "Shift+F6"
    )
    bar.addMenu(briefing_menu.briefing_menu(window, window.briefing_panel))
    help_menu = bar.addMenu("&Help")
    action(window, help_menu, "&Keyboard shortcuts", window.show_shortcuts, "F1")
    action(window, help_menu, "&About Briefing Explorer", window.show_about)
