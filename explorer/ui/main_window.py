"""The Explorer window: filter panel and topics (left), charts (centre), quotes and briefing
(right), status bar; it composes its docks and menus itself. Shortcuts, undo/redo of filter and
view changes, the last view restored at start, drag and drop, and opening files with the old
data kept on failure.
"""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QWidget,
)

from explorer.core.data_notes import data_notes, notes_to_flag
from explorer.core.filter_state import FilterState
from explorer.core.session import ILLUSTRATIVE_NOTICE, Session
from explorer.core.view_state import ViewState
from explorer.ui import (
    briefing_menu,
    plain_text,
    stats_dialog,
    theme,
    window_files,
    window_menus,
    window_status,
    window_stream,
)
from explorer.ui import window_panes as panes
from explorer.ui.briefing_panel import BriefingPanel
from explorer.ui.chart_area import ChartArea
from explorer.ui.filter_controller import FilterController
from explorer.ui.filter_panel import FilterPanel
from explorer.ui.loading import Loader
from explorer.ui.quote_browser import QuoteBrowser
from explorer.ui.settings import Settings
from explorer.ui.topic_navigator import TopicNavigator
from explorer.ui.window_files import classify


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.session = Session(links=tuple(self.settings.links()))
        self.controller = FilterController(self)
        self.loader = Loader(self)
        self.before_preview: Session | None = None  # the data shown before a .sav's first columns
        self.loader.preview.connect(lambda first: window_stream.previewed(self, first))
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self.setAcceptDrops(True)
        self.setAccessibleName("Briefing Explorer")

        self.filters = FilterPanel(self.controller)
        self.topics = TopicNavigator(self.controller)
        self.charts = ChartArea(self.controller)
        self.quotes = QuoteBrowser(self.controller)
        self.setCentralWidget(self.charts)
        left = self._dock("Filters", self.filters, Qt.DockWidgetArea.LeftDockWidgetArea, "filters")
        topics = self._dock("Topics", self.topics, Qt.DockWidgetArea.LeftDockWidgetArea, "topics")
        self._quotes_dock = self._dock(
            "Quotes", self.quotes, Qt.DockWidgetArea.RightDockWidgetArea, "quotes"
        )
        self.briefing_panel = BriefingPanel(self)
        self.briefing_dock = self._dock(
            "Briefing", self.briefing_panel, Qt.DockWidgetArea.RightDockWidgetArea, "briefing"
        )
        # a tab beside the quotes, so the quotes keep their room
        self.tabifyDockWidget(self._quotes_dock, self.briefing_dock)
        self._quotes_dock.raise_()
        self.dock_widgets = (left, topics, self._quotes_dock, self.briefing_dock)
        self._docks = (left, self._quotes_dock)
        self._fitted = False
        self.presentation = None  # the briefing being presented, if any
        self.help_dialog = None
        self.focus_mode = panes.Focus(self, list(self.dock_widgets))
        self.controller.viewChanged.connect(self._follow_view)
        self.resizeDocks([left, topics], [640, 300], Qt.Orientation.Vertical)
        self.topics.questionChosen.connect(self.controller.question)
        self.charts.problem.connect(self.statusBar().showMessage)
        self.quotes.pinRequested.connect(self.briefing_panel.pin)
        self.charts.evidence.attach_briefing(self.briefing_panel)  # its notes live there
        self.charts.evidence.passagesShown.connect(self._quotes_dock.raise_)
        self.briefing_panel.presentRequested.connect(
            lambda index: briefing_menu.present(self, index)
        )

        window_status.build(self)
        self.controller.changed.connect(self._update_status)
        window_menus.build(self)
        from explorer.ui import data_menu  # Data ▸ Weight…, nets, bands, codebook

        data_menu.attach(self)
        self.resize(1600, 1000)
        self._default_layout = self.saveState()
        self._restored = self.settings.restore_window(self)
        self._first_session = True  # the first data loaded may get the last view back
        from explorer.ui.attribution_dialog import apply_saved

        apply_saved(self.settings)  # the user's quote attribution template, if they chose one

    def fit_docks(self) -> None:
        """Give the side panels a readable share of the width (unless a saved layout says)."""
        width = self.width()
        # Wide enough for every filter label and its counts (larger in high contrast), within
        # reason: the charts keep at least half the window.
        left = min(max(int(width * 0.2), self.filters.content_width()), int(width * 0.24))
        self.resizeDocks(list(self._docks), [left, int(width * 0.28)], Qt.Orientation.Horizontal)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted and not self._restored:
            self._fitted = True
            self.fit_docks()

    def _dock(self, title: str, widget: QWidget, area, name: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState needs names to restore the layout
        dock.setWidget(widget)
        dock.setAccessibleName(f"{title} panel")
        self.addDockWidget(area, dock)
        return dock

    # --- menus and keys (window_menus) ----------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        return window_menus.action(self, menu, text, slot, shortcut)

    # --- panes, layout and help -------------------------------------------------------------
    def pane_targets(self) -> list[tuple[QWidget, QWidget]]:
        """The panes F6 visits, in Tab order, each with the control that takes the focus."""
        return [
            (self.filters, self.filters.first_control()),
            (self.topics, self.topics),
            (self.charts, self.charts.question_box),
            (self.quotes, self.quotes.search),
            (self.briefing_panel, self.briefing_panel.slides),
        ]

    def fix_tab_order(self) -> int:
        """Tab goes filters → topics → question → chart → quotes → briefing (the filter boxes are
        made when data loads, which would otherwise put them last)."""
        return panes.chain_tab_order([pane for pane, _ in self.pane_targets()])

    def reset_layout(self) -> None:
        """Every panel back where it starts (View ▸ Panels ▸ Reset layout)."""
        if self.controller.view.focus:
            self.controller.focus(None)
            self.controller.flush()
        self.restoreState(self._default_layout)
        for dock in self.dock_widgets:
            dock.setFloating(False)
            dock.show()
        self.tabifyDockWidget(self._quotes_dock, self.briefing_dock)
        self._quotes_dock.raise_()
        self.fit_docks()

    def toggle_focus(self) -> None:
        """Fill the window with the view that has the focus (quotes, or the chart area's current
        tab); again: back to the normal layout."""
        if self.controller.view.focus:
            self.controller.focus(None)
        else:
            focus = QApplication.focusWidget()
            in_quotes = focus is not None and self._quotes_dock.isAncestorOf(focus)
            self.controller.focus("quotes" if in_quotes else self.controller.view.tab)
        self.controller.flush()

    def _follow_view(self, view: ViewState) -> None:
        self.focus_mode.apply(view.focus, {"quotes": self._quotes_dock})

    # Dialogs are imported when first opened, not before the window's first paint.
    def show_shortcuts(self) -> None:
        from explorer.ui import help_dialogs

        self.help_dialog = help_dialogs.shortcuts_dialog(self)
        self.help_dialog.open()

    def show_about(self) -> None:
        from explorer.ui import help_dialogs

        self.help_dialog = help_dialogs.about_dialog(self)
        self.help_dialog.open()

    def show_waves(self) -> None:
        from explorer.ui import waves_dialog

        waves_dialog.show(self)

    # --- undo and redo ----------------------------------------------------------------------
    def _in_briefing(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and self.briefing_dock.isAncestorOf(focus)

    def undo(self) -> None:
        """Ctrl+Z: the last briefing edit in the briefing panel, else the last filter or view
        change."""
        if self._in_briefing():
            self.briefing_panel.history.undo()
        else:
            self.controller.undo()

    def redo(self) -> None:
        if self._in_briefing():
            self.briefing_panel.history.redo()
        else:
            self.controller.redo()

    def set_presentation(self, presentation) -> None:
        self.presentation = presentation

    def _fill_recent(self) -> None:
        window_files.fill_recent(self)

    def copy(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and self.quotes.isAncestorOf(focus) and self.quotes.current_text():
            QGuiApplication.clipboard().setText(self.quotes.current_text())
            return
        QGuiApplication.clipboard().setText(self.charts.current_chart_text())

    def focus_search(self) -> None:
        self.quotes.search.setFocus()
        self.quotes.search.selectAll()

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def set_theme(self, name: str) -> None:
        theme.apply(QApplication.instance(), name)
        self.settings.set_theme(name)
        self.charts.apply_theme()
        self.controller.announce()

    # --- data -------------------------------------------------------------------------------
    def edit_threshold(self, value: int | None = None) -> None:
        """Ask for (or set) the disclosure threshold; every chart and export follows it."""
        from PySide6.QtWidgets import QInputDialog

        from explorer.ui.settings import MAX_THRESHOLD, MIN_THRESHOLD

        if value is None:
            value, ok = QInputDialog.getInt(
                self,
                "Disclosure threshold",
                "Hide figures resting on fewer than this many respondents (and any figure that\n"
                "would let a hidden one be worked out from the totals):",
                self.settings.suppress_below(),
                MIN_THRESHOLD,
                MAX_THRESHOLD,
            )
            if not ok:
                return
        self.settings.set_suppress_below(value)
        self.session.options = replace(self.session.options, suppress_below=value)
        self.controller.replace(self.controller.state)
        self.controller.flush()
        self.statusBar().showMessage(f"Figures resting on fewer than {value} are hidden.", 8000)

    def set_session(self, session: Session, *, restore: bool = True) -> None:
        """Show `session`; the filter starts again (the dimensions may differ), or, for the first
        data of this run and `restore`, from the view and filter last shown on the same data."""
        stats_dialog.carry_over(self.session, session)  # significance and design settings
        session.options = replace(session.options, suppress_below=self.settings.suppress_below())
        self.session = session
        for view in (self.filters, self.topics, self.charts, self.quotes):
            view.set_session(session)
        for path in (
            session.survey.source.path if session.survey else None,
            session.project.path if session.project else None,
        ):
            if path and os.path.exists(path):
                self.settings.add_recent(path)
        self._fill_recent()
        title = f"Briefing Explorer — {session.names}"
        if session.illustrative:
            title += " — ILLUSTRATIVE DATA"
        self.setWindowTitle(title)
        self.status_names.setText(session.names)
        self.status_names.setToolTip(session.names)
        # Short in the status bar (the full notice is on the quotes and in the title bar), so the
        # base beside it is never cut.
        self.status_notice.setText("⚠ Illustrative data" if session.illustrative else "")
        self.status_notice.setToolTip(ILLUSTRATIVE_NOTICE if session.illustrative else "")
        window_status.flag_notes(self, notes_to_flag(session.survey, session.project))
        state, view = FilterState(), ViewState()
        restored = None
        if self._first_session:
            self._first_session = False
            restored = self.settings.last_view(session) if restore else None
        if restored is not None:
            state, view = restored
        self.controller.replace(state, view)
        self.controller.flush()
        self.charts.show_restored(restored is not None)
        self.fix_tab_order()

    def open_view(self, question: str | None, by: str | None, filters=()) -> None:
        """Show a view named by variable names (`main.py --question Q --by VAR --filter …`);
        raises ExplorerError with one sentence when a name or code is not in the data."""
        from explorer.core.open_view import open_view

        state, view = open_view(self.session, question, by, filters)
        self.controller.go_to(state, view)
        self.controller.flush()

    def edit_attribution(self) -> None:
        from explorer.ui.attribution_dialog import edit_attribution

        if edit_attribution(self, self.settings, self.session.project):
            self.quotes.set_session(self.session)  # every attribution line again

    def show_data_notes(self) -> None:
        from explorer.ui.data_notes_dialog import DataNotesDialog

        self.notes_dialog = DataNotesDialog(
            data_notes(self.session.survey, self.session.project), self
        )
        self.notes_dialog.open()

    def _update_status(self, state: FilterState, _generation: int = 0) -> None:
        window_status.update(self, state)

    def open_files(self, survey: str | None = None, qual: str | None = None) -> None:
        """Load in the background; the current data stays until the new data has loaded."""
        if survey or qual:
            wanted = window_stream.wanted(self) if survey and not qual else None
            self.loader.start(survey, qual, None, self.session.links, wanted=wanted)

    def _loaded(self, new: Session) -> None:
        """Opening one half keeps the other half as it is loaded (not re-read from disk)."""
        from explorer.ui.data_menu import settle_weight

        new = settle_weight(self, new)  # the remembered weight, or ask when several look like one
        kept = window_stream.carried(self)  # what the user did while the rest was read
        old = self.session
        self.set_session(
            Session(
                new.survey if new.survey is not None else old.survey,
                new.project if new.project is not None else old.project,
                new.topics if new.topics is not None else old.topics,
                old.links,
            )
        )
        if kept is not None:
            window_stream.show_again(self, kept)

    def _failed(self, message: str) -> None:
        window_stream.failed(self)  # a read failing after its first columns: the old data back
        self.show_error(message)

    def open_dialog(self) -> None:
        window_files.open_dialog(self)

    def open_folder_dialog(self) -> None:
        window_files.open_folder_dialog(self)

    def edit_mapping(self) -> None:
        """Let the user say which survey variable and focus-group attribute are one dimension."""
        from explorer.ui.mapping_dialog import MappingDialog

        dialog = MappingDialog(self.session, self)
        if dialog.exec() == MappingDialog.DialogCode.Accepted:
            self.apply_links(dialog.links())

    def apply_links(self, links) -> None:
        self.settings.set_links(links)
        window_stream.relink(self, links)  # a .sav's questions still being read stay listed

    def show_error(self, message: str) -> None:
        plain_text.warning(self, "Could not open the file", message)

    def flush(self) -> None:
        self.controller.flush()

    def keyPressEvent(self, event) -> None:
        # Esc reaches here when no shortcut took it (e.g. the window is not the active one)
        if event.key() == Qt.Key.Key_Escape:
            self.controller.remove_cross()
            return
        super().keyPressEvent(event)

    # --- drag and drop ----------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        survey, qual = classify(paths)
        if survey or qual:
            self.open_files(survey, qual)
        else:
            self.show_error("Drop an SPSS, CSV, Excel or Parquet survey, or a .qdpx project.")

    def closeEvent(self, event) -> None:
        from explorer.ui.unsaved_guard import settle_unsaved

        if not settle_unsaved(self.briefing_panel):  # Save / Discard / Cancel
            event.ignore()
            return
        self.loader.shutdown()  # a load in progress stops; its thread never outlives the window
        self.settings.save_window(self)
        if self.session.survey is not None or self.session.project is not None:
            self.settings.save_last_view(self.session, self.controller.state, self.controller.view)
        super().closeEvent(event)
