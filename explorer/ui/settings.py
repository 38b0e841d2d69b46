"""What the window remembers between runs: layout, theme and recent files, in an INI file
(QSettings IniFormat). Tests pass their own path so a user's settings are never touched.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

MAX_RECENT = 8
MIN_THRESHOLD, MAX_THRESHOLD = 2, 100  # a threshold of 1 would hide nothing
ENV_PATH = "BRIEFING_EXPLORER_SETTINGS"


# Bump when docks are added, removed or renamed: older saved layouts are then not restored.
LAYOUT_VERSION = 2


class Settings:
    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        path = path or os.environ.get(ENV_PATH)
        if path:
            self.qsettings = QSettings(os.fspath(path), QSettings.Format.IniFormat)
        else:
            self.qsettings = QSettings(
                QSettings.Format.IniFormat,
                QSettings.Scope.UserScope,
                "BriefingExplorer",
                "BriefingExplorer",
            )

    @property
    def path(self) -> str:
        return self.qsettings.fileName()

    def theme(self, default: str = "light") -> str:
        return str(self.qsettings.value("view/theme", default))

    def set_theme(self, name: str) -> None:
        self.qsettings.setValue("view/theme", name)
        self.qsettings.sync()

    def suppress_below(self, default: int = 10) -> int:
        """The disclosure threshold: cells resting on fewer respondents are hidden."""
        try:
            value = int(self.qsettings.value("disclosure/suppress_below", default))
        except (TypeError, ValueError):
            return default
        return value if MIN_THRESHOLD <= value <= MAX_THRESHOLD else default

    def set_suppress_below(self, value: int) -> None:
        self.qsettings.setValue("disclosure/suppress_below", int(value))
        self.qsettings.sync()

    def author(self) -> str:
        """The name exports give as their author (File properties); else the login name."""
        import getpass

        value = str(self.qsettings.value("export/author", "") or "")
        if value:
            return value
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return ""

    def set_author(self, name: str) -> None:
        self.qsettings.setValue("export/author", name)
        self.qsettings.sync()

    def recent_files(self) -> list[str]:
        value = self.qsettings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def add_recent(self, path: str | os.PathLike[str]) -> None:
        path = os.path.abspath(os.fspath(path))
        recent = [path, *(p for p in self.recent_files() if p != path)][:MAX_RECENT]
        self.qsettings.setValue("files/recent", recent)
        self.qsettings.sync()

    # The weight chosen for a survey file ("" = unweighted), keyed by its full path.
    def weight_for(self, path: str | os.PathLike[str]) -> str | None:
        """The remembered weight of `path`: a variable name, "" for unweighted, None if unset."""
        value = self.qsettings.value(self._weight_key(path))
        return None if value is None else str(value)

    def set_weight_for(self, path: str | os.PathLike[str], name: str | None) -> None:
        self.qsettings.setValue(self._weight_key(path), name or "")
        self.qsettings.sync()

    @staticmethod
    def _weight_key(path: str | os.PathLike[str]) -> str:
        import hashlib

        full = os.path.abspath(os.fspath(path))
        return "weights/" + hashlib.sha256(full.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def links(self):
        """The user's dimension mapping, or the default when none is saved or it is damaged."""
        from explorer.core.dimensions import DEFAULT_LINKS, links_from_json
        from explorer.core.errors import ExplorerError

        text = self.qsettings.value("dimensions/links")
        if not text:
            return DEFAULT_LINKS
        try:
            return links_from_json(str(text))
        except ExplorerError:
            return DEFAULT_LINKS

    def set_links(self, links) -> None:
        from explorer.core.dimensions import links_to_json

        self.qsettings.setValue("dimensions/links", links_to_json(links))
        self.qsettings.sync()

    def save_last_view(self, session, state, view) -> None:
        """Remember the filter and view shown on `session`'s data, to restore at the next start."""
        import json

        from explorer.core.briefing.store import filter_to_json
        from explorer.core.view_state import view_to_json

        saved = {
            "data": session.names,
            "topic": state.topic,
            "filter": filter_to_json(state),
            "view": view_to_json(view),
        }
        self.qsettings.setValue("view/last", json.dumps(saved))
        self.qsettings.sync()

    def last_view(self, session):
        """(FilterState, ViewState) last shown on the same data, fitted to what `session` has
        (unknown dimensions, questions and topics dropped); None when there is nothing to
        restore, it was for other data, or it is unreadable."""
        import json

        from explorer.core.briefing.store import filter_from_json
        from explorer.core.view_state import fitted_view

        text = self.qsettings.value("view/last")
        if not text:
            return None
        try:
            saved = json.loads(str(text))
            if not isinstance(saved, dict) or saved.get("data") != session.names:
                return None
            state = filter_from_json(saved.get("filter", {}))
        except Exception:  # a damaged saved view is forgotten, never a reason not to start
            return None
        return fitted_view(session, state, saved.get("topic"), saved.get("view"))

    def save_window(self, window: QMainWindow) -> None:
        self.qsettings.setValue("window/geometry", window.saveGeometry())
        self.qsettings.setValue("window/state", window.saveState(LAYOUT_VERSION))
        self.qsettings.sync()

    def restore_window(self, window: QMainWindow) -> bool:
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        restored = False
        if geometry is not None:
            restored = bool(window.restoreGeometry(geometry))
        if state is not None:
            # A layout saved before the docks changed is refused, so new docks get their place.
            restored = bool(window.restoreState(state, LAYOUT_VERSION)) or restored
        return restored
