"""Opening files in the main window: which dropped or chosen
path is the survey and which the focus groups, the Open dialogs, and the recent files.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from explorer.ui.plain_text import tooltip

SURVEY_SUFFIXES = {".sav", ".zsav", ".csv", ".xlsx", ".xls", ".parquet", ".sss", ".xml"}
QUAL_SUFFIXES = {".qdpx", ".qde"}


def classify(paths: list[str]) -> tuple[str | None, str | None]:
    """(survey, focus groups) among dropped or recent paths, by extension (a folder is a
    tracker: one Parquet file per wave)."""
    survey = next(
        (p for p in paths if Path(p).suffix.lower() in SURVEY_SUFFIXES or Path(p).is_dir()), None
    )
    qual = next((p for p in paths if Path(p).suffix.lower() in QUAL_SUFFIXES), None)
    return survey, qual


def open_dialog(window) -> None:
    """File ▸ Open…: a survey and/or a focus-group project."""
    paths, _ = QFileDialog.getOpenFileNames(
        window,
        "Open survey and/or focus groups",
        "",
        "Data (*.sav *.zsav *.csv *.xlsx *.parquet *.sss *.qdpx *.qde);;All files (*)",
    )
    if paths:
        window.open_files(*classify(paths))


def open_folder_dialog(window) -> None:
    """A pooled tracker: a folder of Parquet files, one per wave (read as views need it)."""
    folder = QFileDialog.getExistingDirectory(window, "Open a tracker folder (Parquet waves)")
    if folder:
        window.open_files(folder)


def fill_recent(window) -> None:
    """File ▸ Open recent, from the settings."""
    window.recent_menu.clear()
    for path in window.settings.recent_files():
        action = window.recent_menu.addAction(os.path.basename(path))
        action.setToolTip(tooltip(path))
        action.triggered.connect(lambda _=False, p=path: window.open_files(*classify([p])))
    window.recent_menu.setEnabled(bool(window.settings.recent_files()))
