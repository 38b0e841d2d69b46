"""The briefing's menus, which the MainWindow composes into its menu bar: the Briefing menu (new,
open, save, add the current view with Ctrl+B, undo/redo, marking, present with F5 / Shift+F5) and
File ▸ Export; presenting the open briefing.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu

from explorer.core.briefing.marking import MARKINGS
from explorer.core.errors import ExplorerError
from explorer.core.sample_files import SAMPLE_BRIEFING as BRIEFING_PATH
from explorer.core.sample_files import SAMPLE_SURVEY as SURVEY_PATH
from explorer.ui.briefing_panel import BriefingPanel


def _export(name: str, window) -> None:
    """Run export action `name`; its module is imported when first used, not before the
    window's first paint."""
    from explorer.ui import export_actions

    getattr(export_actions, name)(window)


def _add(window, menu, text: str, slot, shortcut=None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _=False: slot())
    menu.addAction(action)
    window.addAction(action)  # shortcuts work whichever widget has focus
    return action


def briefing_menu(window, panel: BriefingPanel) -> QMenu:
    """The Briefing menu for `window` (the MainWindow composes it into its menu bar).

    Undo and redo here are the briefing's own history; Ctrl+Z reaches them when the focus is in
    the briefing panel (elsewhere in the window it undoes the last filter or view change).
    """
    menu = QMenu("&Briefing", window)
    _add(window, menu, "&New briefing", panel.new)
    _add(window, menu, "&Open briefing…", panel.open_dialog, "Ctrl+Shift+O")
    _add(window, menu, "&Save briefing", panel.save, QKeySequence.StandardKey.Save)
    _add(window, menu, "Save briefing &as…", panel.save_as, "Ctrl+Shift+S")
    menu.addSeparator()
    _add(window, menu, "Add current &view as a slide", panel.add_current_view, "Ctrl+B")
    _add(window, menu, "&Remove slide", panel.remove_current)
    _add(
        window, menu, "&Pin selected quote to the slide", window.quotes.pin_current, "Ctrl+Shift+P"
    )
    _add(window, menu, "Show slide's view in the window", panel.show_in_window)
    menu.addAction(panel.history.createUndoAction(menu, "&Undo briefing edit"))
    menu.addAction(panel.history.createRedoAction(menu, "Re&do briefing edit"))
    _add(window, menu, "Protective &marking…", lambda: choose_marking(window))
    _add(window, menu, "Marking of this slide…", lambda: choose_slide_marking(window))
    _add(window, menu, "&Hide or show this slide", lambda: panel.toggle_slide_flag("hidden"))
    _add(
        window,
        menu,
        "Internal only (not for the public)",
        lambda: panel.toggle_slide_flag("internal"),
    )
    menu.addSeparator()
    public = QAction("Public a&udience (no quotes or internal slides)", window, checkable=True)
    public.toggled.connect(panel.set_public)  # saved in the briefing file

    def sync_public() -> None:  # the open briefing's own setting, as it was saved
        public.blockSignals(True)
        public.setChecked(panel.briefing.public)
        public.blockSignals(False)

    menu.aboutToShow.connect(sync_public)
    menu.addAction(public)
    _add(window, menu, "Re&hearse (presenter view in a window)", lambda: rehearse(window), "Alt+F5")
    _add(window, menu, "&Present from the first slide", lambda: present(window, 0), "F5")
    _add(
        window,
        menu,
        "Present from the &current slide",
        lambda: present(window, panel.current_index()),
        "Shift+F5",
    )
    return menu


def export_menu(window, parent: QMenu) -> QMenu:
    """File ▸ Export: the chart, the briefing (or a pack of it), the table and the quotes."""
    from explorer.ui.pack_dialog import pack_dialog

    export = QMenu("&Export", parent)
    _add(window, export, "Chart as &PNG…", lambda: _export("chart_png_dialog", window))
    _add(window, export, "Chart as &SVG…", lambda: _export("chart_svg_dialog", window))
    _add(
        window,
        export,
        "Copy chart as &image",
        lambda: _export("copy_chart_slot", window),
        "Ctrl+Shift+C",
    )
    export.addSeparator()
    _add(window, export, "Briefing as P&DF…", lambda: _export("briefing_pdf_dialog", window))
    _add(
        window, export, "Briefing as Power&Point…", lambda: _export("briefing_pptx_dialog", window)
    )
    _add(
        window,
        export,
        "Briefing pac&k (chosen slides, cover, method, handout)…",
        lambda: pack_dialog(window),
    )
    export.addSeparator()
    _add(window, export, "&Table (CSV or XLSX)…", lambda: _export("table_dialog", window))
    _add(window, export, "&Quotes (CSV, XLSX or text)…", lambda: _export("quotes_dialog", window))
    export.addSeparator()
    _add(window, export, "&Author named in exports…", lambda: choose_author(window))
    return export


def choose_author(window, name: str | None = None) -> None:
    """Ask for (or set) the author the PDF and PowerPoint properties name; kept in the settings.
    A blank name goes back to the login name."""
    if name is None:
        name, ok = QInputDialog.getText(
            window,
            "Author named in exports",
            "Author in the properties of exported PDF and PowerPoint files\n"
            "(blank: your login name):",
            text=window.settings.author(),
        )
        if not ok:
            return
    window.settings.set_author(" ".join(name.split()))
    window.statusBar().showMessage(f"Exports name {window.settings.author()} as author.", 8000)


def rehearse(window):
    """Presenter view and audience view each in a window, on one screen."""
    panel = window.briefing_panel
    return present(window, panel.current_index(), rehearse=True)


def choose_slide_marking(window) -> None:
    panel = window.briefing_panel
    slide = panel.current_slide()
    if slide is None:
        return
    items = ["(the briefing's)", *MARKINGS]
    text, ok = QInputDialog.getItem(
        window,
        "Slide marking",
        "Marking of this slide (a pack carries the highest):",
        items,
        0,
        True,
    )
    if ok:
        try:
            panel.set_slide_marking("" if text.startswith("(") else text)
        except ExplorerError as error:
            panel.warn("Not a protective marking", error.message)


def choose_marking(window) -> None:
    panel = window.briefing_panel
    current = panel.briefing.marking
    items = list(dict.fromkeys([current, *MARKINGS]))
    text, ok = QInputDialog.getItem(
        window, "Protective marking", "Marking (top and bottom of every slide):", items, 0, True
    )
    if ok:
        try:
            panel.set_marking(text)
        except ExplorerError as error:
            panel.warn("Not a protective marking", error.message)


def sample_loaded(window) -> bool:
    survey = window.session.survey
    if survey is None or not survey.source.path:
        return False
    return os.path.normcase(os.path.abspath(survey.source.path)) == os.path.normcase(
        str(Path(SURVEY_PATH).absolute())
    )


def present(window, start: int = 0, *, show: bool = True, rehearse: bool = False):
    """Start presenting the open briefing (the sample briefing when none is open and the sample
    data is loaded); returns the Presentation, or None when there is nothing to present."""
    from explorer.ui.presentation.presentation import Presentation

    panel = window.briefing_panel
    if not panel.briefing.slides:
        if sample_loaded(window) and BRIEFING_PATH.exists():
            panel.open(BRIEFING_PATH)
        if not panel.briefing.slides:
            window.statusBar().showMessage(
                "The briefing has no slides yet: add the current view with Ctrl+B.", 8000
            )
            return None
    old = window.presentation
    if old is not None:
        old.close()
    window.flush()
    presentation = Presentation(
        panel.briefing,
        window.session,
        start,
        rehearse=rehearse,
        public=getattr(window, "public_audience", False) or window.briefing_panel.briefing.public,
        parent=window,
    )
    presentation.ended.connect(lambda: window.set_presentation(None))
    window.set_presentation(presentation)
    if show:
        presentation.show()
    return presentation


def run_present(window, args, size, app) -> int:
    """`main.py --present [--slide N] [--screenshot FILE --size WxH]`: present, or render the
    slide as the audience sees it and exit."""
    import sys

    rehearsing = getattr(args, "rehearse", False)
    presentation = present(window, max(args.slide, 1) - 1, show=size is None, rehearse=rehearsing)
    if presentation is None:
        print("error: there is no briefing to present", file=sys.stderr)
        return 2
    if size is None:
        window.show()
        presentation.show()
        return app.exec()
    from explorer.ui.export_render import save_png

    content = presentation.deck.content()
    try:
        if rehearsing:  # the presenter's view, as the presenter sees it
            from explorer.core.atomic import atomic_write_bytes
            from explorer.ui.export_render import image_bytes

            presentation.presenter.resize(*size)
            presentation.audience.resize(1920, 1080)
            presentation.presenter.refresh()
            image = presentation.presenter.grab().toImage()
            atomic_write_bytes(args.screenshot, image_bytes(image))
        else:
            save_png(content, args.screenshot, size)
    except ExplorerError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
    finally:
        presentation.close()
    return 0
