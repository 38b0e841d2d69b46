"""The documents of a focus-group project, readable as they are: a list of sources (with their
document sets and notes) and the selected source's text, turn by turn, each speaker marked and
facilitators set apart. It is how a project exported before coding can still be read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QSplitter, QVBoxLayout, QWidget

from explorer.core.qual.inventory import inventory_of
from explorer.core.qual.model import FACILITATOR, Project
from explorer.core.shown_text import visible
from explorer.ui.plain_text import PlainBrowser, escaped, plain_label

SOURCE = Qt.ItemDataRole.UserRole


class DocumentView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName("What the project holds")
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.sources = QListWidget()
        self.sources.setAccessibleName("Documents")
        self.sources.currentRowChanged.connect(self._show)
        split.addWidget(self.sources)
        self.text = PlainBrowser()
        self.text.setAccessibleName("Document text")
        split.addWidget(self.text)
        split.setSizes([120, 480])
        layout.addWidget(split, 1)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        self.sources.clear()
        self.text.clear()
        if project is None:
            self.summary.setText("No focus groups loaded")
            return
        said = [project.description, *project.notes]
        notes = "\n".join(" ".join(n.split())[:400] for n in said if n.strip())
        self.summary.setText(inventory_of(project).summary() + (f"\n{notes}" if notes else ""))
        for source in project.sources.values():
            sets = dict(source.attributes).get("Document set", "")
            label = source.name + (f"  ({sets})" if sets else "")
            self.sources.addItem(visible(label))
            self.sources.item(self.sources.count() - 1).setData(SOURCE, source.guid)
        if self.sources.count():
            self.sources.setCurrentRow(0)

    def _show(self, row: int) -> None:
        project = self._project
        if project is None or not (0 <= row < self.sources.count()):
            self.text.clear()
            return
        source = project.sources[self.sources.item(row).data(SOURCE)]
        parts = []
        if source.description:
            parts.append(f"<p><i>{escaped(source.description)}</i></p>")
        for note in source.notes:
            parts.append(f"<p><i>Note: {escaped(note)}</i></p>")
        if not source.text.strip():
            parts.append(
                "<p>This document's plain text is empty in the export: its words may be only in "
                "the rich-text file (.docx), which is not read. Export it again with its text.</p>"
            )
        elif source.turns:
            for turn in source.turns:
                said = escaped(turn.text)
                who = escaped(turn.speaker or "—")
                if turn.role == FACILITATOR:
                    who += " (facilitator)"
                parts.append(f"<p><b>{who}:</b> {said}</p>")
        else:
            parts.append(f"<p>{escaped(source.text)}</p>")
        self.text.setHtml("".join(parts))
