"""The briefing panel's files: new, open (offering a newer autosave copy, then checking the
briefing against the loaded data), save and save as (atomic, recording the data it was built on),
and the autosave copy. A mixin of BriefingPanel (explorer.ui.briefing_panel), whose slides,
history and dialogs it uses.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from explorer.core.briefing.autosave import discard_autosave, find_autosave, write_autosave
from explorer.core.briefing.datacheck import check_data, check_quotes
from explorer.core.briefing.model import Briefing
from explorer.core.briefing.store import SUFFIX, data_ref_for, load_briefing, save_briefing
from explorer.core.errors import ExplorerError
from explorer.ui import stats_dialog, unsaved_guard

FILE_FILTER = f"Briefings (*{SUFFIX});;All files (*)"


def autosave_folder() -> Path:
    from explorer.core.export.export_log import app_data_dir

    return app_data_dir() / "autosave"


class BriefingFiles:
    def _with_data_refs(self, briefing: Briefing, path: Path | None) -> Briefing:
        """The briefing pointing at the data now loaded (by path and SHA-256)."""
        from dataclasses import replace

        session = self.window_.session
        survey = session.survey.source.path if session.survey is not None else None
        qual = session.project.path if session.project is not None else None
        try:
            return replace(
                briefing,
                survey=data_ref_for("survey", survey, path) if survey else None,
                qual=data_ref_for("qual", qual, path) if qual else None,
            )
        except ExplorerError:
            return briefing

    def new(self) -> None:
        if not self._may_discard():
            return
        self.path = None
        self.history.clear()
        self.show_problems([])
        self._show(Briefing(), None)

    def _may_discard(self) -> bool:
        """Save / Discard / Cancel when there is unsaved work (explorer.ui.unsaved_guard)."""
        return unsaved_guard.settle_unsaved(self)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open briefing", "", FILE_FILTER)
        if path:
            self.open(path)

    def open(self, path: str | os.PathLike[str]) -> bool:
        """Open a briefing, offer a newer autosave copy, and check it against the loaded data."""
        if not self._may_discard():
            return False
        path = Path(os.fspath(path))
        try:
            briefing = load_briefing(path)
        except ExplorerError as error:
            self.warn("Could not open the briefing", error.message)
            return False
        restored = None
        newer = find_autosave(autosave_folder(), path)
        if newer is not None and self.ask(
            "Restore unsaved work?",
            f"There is an autosaved copy of {path.name} newer than the saved file (the app may "
            "have closed without saving). Restore it?",
        ):
            try:
                restored = load_briefing(newer)
            except ExplorerError as error:
                self.warn("Could not restore the autosave copy", error.message)
        self.path = path
        self.history.clear()
        self._show(briefing, None)
        stats_dialog.use_briefing(self.window_, briefing)  # its significance settings
        if restored is not None:  # one undo step back to the saved file; unsaved until saved
            self.history.apply("Restore autosave", restored)
        self.check()
        return True

    def check(self) -> list[str]:
        """check_data / check_quotes against the loaded data, shown in the banner and a dialog."""
        from explorer.core.briefing.store import resolve_ref_path

        session = self.window_.session
        survey = session.survey.source.path if session.survey is not None else None
        qual = session.project.path if session.project is not None else None
        problems = check_data(self.briefing, survey, qual)
        if self.briefing.survey and survey and self.path is not None:
            expected = resolve_ref_path(self.briefing.survey, self.path)
            if not problems and Path(survey).name != expected.name:
                problems.append(f"This briefing was built on {expected}, not {survey}.")
        if session.project is not None:
            problems += check_quotes(self.briefing, session.project)
        self.show_problems(problems)
        if problems:
            self.warn(
                "This briefing was built on other data",
                "The numbers on its slides come from the data loaded now:\n\n"
                + "\n".join(problems),
            )
        return problems

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._save_to(self.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save briefing", "briefing" + SUFFIX, FILE_FILTER
        )
        if not path:
            return False
        if not path.endswith(".json"):
            path += SUFFIX
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        # the significance and design settings its figures are made with, for exports
        briefing = stats_dialog.recorded_in(self.briefing, self.window_.session)
        if self.path is None or path != self.path or briefing.survey is None:
            briefing = self._with_data_refs(briefing, path)
        try:
            save_briefing(briefing, path)
            discard_autosave(autosave_folder(), self.path)
        except ExplorerError as error:
            self.warn("Could not save the briefing", error.message)
            return False
        self.path = path
        self.briefing = briefing
        self.history.setClean()
        self._update_title()
        return True

    def autosave(self) -> Path | None:
        """Write the autosave copy if there are unsaved changes (a timer calls this)."""
        if self.history.isClean() or not self.briefing.slides:
            return None
        try:
            return write_autosave(self.briefing, autosave_folder(), self.path)
        except ExplorerError as error:
            self.window_.statusBar().showMessage(error.message, 10_000)
            return None
