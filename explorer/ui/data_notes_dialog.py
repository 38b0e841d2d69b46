"""View ▸ Data notes: every note the loaders recorded about the open files (a focus-group
project's reconciliation of found against loaded first), in a readable list."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QVBoxLayout, QWidget

from explorer.ui.plain_text import plain_label


class DataNotesDialog(QDialog):
    def __init__(self, notes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Data notes")
        self.setAccessibleName("Data notes")
        layout = QVBoxLayout(self)
        intro = plain_label(
            "What the open files held against what was loaded, and what loading noticed "
            "(weights set aside, items skipped or repaired, with why and how many coded "
            "passages went with them)."
            if notes
            else "Loading noticed nothing unusual about the open files."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Notes about the loaded data")
        self.list.setWordWrap(True)
        self.list.addItems(notes)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 360)
