"""Data ▸ Define a net… and Data ▸ Band a number…: two small dialogs that collect what
`explorer.core.survey.derive` needs (a question, its codes and a label; a number and its band
edges). They only collect choices; the Data menu applies them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.core.survey.model import Kind, Survey, format_code


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class NetDialog(QDialog):
    """Choose a single-choice question, tick the codes the net combines and name it."""

    def __init__(self, survey: Survey, parent: QWidget | None = None, question: str | None = None):
        super().__init__(parent)
        self.survey = survey
        self.setWindowTitle("Define a net")
        self.setAccessibleName("Define a net")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.question = QComboBox()
        self.question.setAccessibleName("Question")
        for var in survey.variables.values():
            if var.kind in (Kind.NOMINAL, Kind.SCALE) and var.charted and var.value_labels:
                self.question.addItem(f"{var.name}: {var.label}", var.name)
        if question is not None and self.question.findData(question) >= 0:
            self.question.setCurrentIndex(self.question.findData(question))
        self.label = QLineEdit()
        self.label.setAccessibleName("Net label")
        self.label.setPlaceholderText("e.g. Any contact (shown as \u201cAny contact (net)\u201d)")
        form.addRow("Question", self.question)
        form.addRow("Label", self.label)
        layout.addLayout(form)
        layout.addWidget(QLabel("Codes the net combines:"))
        self.codes = QListWidget()
        self.codes.setAccessibleName("Codes in the net")
        layout.addWidget(self.codes)
        layout.addWidget(_buttons(self))
        self.question.currentIndexChanged.connect(self._fill)
        self._fill()
        self.resize(560, 420)

    def _fill(self) -> None:
        self.codes.clear()
        name = self.question.currentData()
        if name is None:
            return
        for code, text in self.survey.variables[name].value_labels:
            item = QListWidgetItem(f"{format_code(code)}  {text}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.codes.addItem(item)

    def tick(self, codes) -> None:
        wanted = {float(c) for c in codes}
        for row in range(self.codes.count()):
            item = self.codes.item(row)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def result_net(self) -> tuple[str, str, list[float]]:
        """(question, label, ticked codes)."""
        ticked = [
            self.codes.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.codes.count())
            if self.codes.item(r).checkState() == Qt.CheckState.Checked
        ]
        return self.question.currentData(), self.label.text(), ticked


class BandDialog(QDialog):
    """Choose a numeric variable and the lower edges of its bands."""

    def __init__(self, survey: Survey, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Band a number")
        self.setAccessibleName("Band a number")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.variable = QComboBox()
        self.variable.setAccessibleName("Numeric variable")
        for var in survey.variables.values():
            if var.kind is Kind.NUMERIC and survey.columns[var.name].dtype.kind in "iuf":
                self.variable.addItem(f"{var.name}: {var.label}", var.name)
        self.edges = QLineEdit()
        self.edges.setAccessibleName("Band edges")
        self.edges.setPlaceholderText("lower edges, e.g. 18, 25, 35, 50, 65")
        form.addRow("Variable", self.variable)
        form.addRow("Bands start at", self.edges)
        layout.addLayout(form)
        hint = QLabel(
            "18, 25, 35, 50, 65 makes Under 18, 18–24, 25–34, 35–49, 50–64 and 65+. The banded "
            "variable is added as a new question; the file is not changed."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(_buttons(self))
        self.resize(520, 220)

    def result_band(self) -> tuple[str, str]:
        return self.variable.currentData(), self.edges.text()
