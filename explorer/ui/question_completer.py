"""The question picker's search: typed words find every question holding all of them, in any
order and whatever their case or accents ("police drones", "facial"), as
`core.question_labels.matches_words` decides."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from explorer.core.question_labels import matches_words


class _WordFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.query = ""

    def set_query(self, query: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+: invalidateFilter is deprecated
            self.beginFilterChange()
            self.query = query
            self.endFilterChange()
        else:
            self.query = query
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        shown = str(index.data() or "")
        full = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")  # the label in full
        return matches_words(f"{shown} {full}", self.query)


class QuestionCompleter(QCompleter):
    """A completer over a combo box's items that filters by words, not by one typed phrase:
    what is typed sets the words filter, and the completer's own prefix matching is given
    nothing to match (so it neither narrows further nor completes the text inline)."""

    def __init__(self, box: QComboBox) -> None:
        super().__init__(box)
        self.words = _WordFilter(self)
        self.words.setSourceModel(box.model())
        self.setModel(self.words)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def splitPath(self, path: str) -> list[str]:
        self.words.set_query(path)
        return [""]
