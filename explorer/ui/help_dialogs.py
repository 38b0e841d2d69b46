"""Help ▸ Keyboard shortcuts (listed from the window's own actions, so the list is always true,
plus the keys views handle themselves) and Help ▸ About (version, licences, data notice).
"""

from __future__ import annotations

import html
from importlib import metadata

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

# Keys that views handle themselves (not menu actions).
VIEW_KEYS = (
    ("Tab / Shift+Tab", "Next / previous control: filters → question → chart → quotes → briefing"),
    ("F6 / Shift+F6", "Next / previous pane"),
    ("Up / Down (on a chart)", "Move between answers; the tooltip reads the figures"),
    ("Enter or Space (on a chart)", "Filter everything else by that answer; again: clear"),
    ("Ctrl+Enter / Shift+Enter (on a chart)", "Add the answer to the selection"),
    ("Esc", "Clear the answer selections"),
    ("Ctrl+Z (in the briefing panel)", "Undo the last briefing edit"),
)

LICENCES = (
    ("Briefing Explorer", "MIT"),
    ("Qt for Python (PySide6)", "LGPL-3.0"),
    ("pyqtgraph", "MIT"),
    ("NumPy", "BSD-3-Clause"),
    ("pandas", "BSD-3-Clause"),
    ("pyreadstat", "Apache-2.0 (ReadStat: MIT)"),
    ("pyarrow", "Apache-2.0"),
    ("openpyxl", "MIT"),
    ("defusedxml", "PSF-2.0"),
    ("DejaVu fonts", "Bitstream Vera / DejaVu licence (free)"),
)

DATA_NOTICE = (
    "The app never opens a network connection: nothing leaves this computer unless you export "
    "it. Files are opened read-only. The bundled London sample is illustrative: synthetic "
    "respondents and focus-group turns written to reflect published findings; no real person "
    "gave these answers or said these words."
)


def version() -> str:
    try:
        return metadata.version("briefing-explorer")
    except metadata.PackageNotFoundError:
        return "development copy"


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of `window` with a shortcut, then the view keys."""
    rows = []
    for action in window.actions():
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = [k for k in keys if k]
        if keys:
            rows.append((" or ".join(keys), action.text().replace("&", "").rstrip("…")))
    rows.sort(key=lambda r: r[1].casefold())
    return rows + list(VIEW_KEYS)


def _dialog(parent: QWidget, title: str, body: str, name: str) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    layout = QVBoxLayout(dialog)
    text = QTextBrowser()
    text.setAccessibleName(name)
    text.setHtml(body)
    text.setOpenLinks(False)
    layout.addWidget(text)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(560, 520)
    return dialog


def shortcuts_dialog(window: QWidget) -> QDialog:
    rows = "".join(
        f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>"
        for keys, what in shortcut_rows(window)
    )
    body = f"<table cellpadding='3'>{rows}</table>"
    return _dialog(window, "Keyboard shortcuts", body, "Keyboard shortcuts list")


def about_dialog(window: QWidget) -> QDialog:
    licences = "".join(
        f"<li>{html.escape(name)}: {html.escape(licence)}</li>" for name, licence in LICENCES
    )
    body = (
        f"<h3>Briefing Explorer {html.escape(version())}</h3>"
        "<p>A weighted survey and coded focus groups, side by side, for briefings.</p>"
        f"<p>{html.escape(DATA_NOTICE)}</p>"
        f"<p><b>Licences</b></p><ul>{licences}</ul>"
    )
    return _dialog(window, "About Briefing Explorer", body, "About Briefing Explorer")
