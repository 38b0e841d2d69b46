"""Data ▸ Weight…: the dialog that chooses which variable weights the survey (or none).

Shows the weight-like variables first, then every other numeric variable, then "No weight"; says
what the choice does to respondents with a zero, negative or missing weight. Only shows choices;
applying one is `explorer.core.survey.weighting.with_weight` (see `explorer.ui.data_menu`).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.core.survey.model import Kind, Survey
from explorer.core.survey.weighting import raw_weights, usable

NO_WEIGHT = "No weight (unweighted: every respondent counts once)"


def choices(survey: Survey) -> list[tuple[str | None, str]]:
    """(variable or None, text) for each choice: candidates, other numeric variables, none."""
    out: list[tuple[str | None, str]] = []
    numeric = [
        v.name
        for v in survey.variables.values()
        if v.kind in (Kind.NUMERIC, Kind.WEIGHT) and survey.columns[v.name].dtype.kind in "iuf"
    ]
    ordered = list(survey.weight_candidates) + [
        n for n in numeric if n not in survey.weight_candidates
    ]
    if survey.weight is not None and survey.weight not in ordered:
        ordered.insert(0, survey.weight)
    for name in ordered:
        out.append((name, _describe(survey, name)))
    out.append((None, NO_WEIGHT))
    return out


def _describe(survey: Survey, name: str) -> str:
    var = survey.variables[name]
    label = f" — {var.label}" if var.label and var.label != name else ""
    values = raw_weights(survey, name)
    good = usable(values)
    if not good.any():
        return f"{name}{label} (no usable value: cannot weight)"
    left_out = int(values.size - np.count_nonzero(good))
    extra = (
        f"; {left_out:,} zero, negative, missing or absurd would be left out" if left_out else ""
    )
    return f"{name}{label} (mean {float(values[good].mean()):.3g}{extra})"


class WeightDialog(QDialog):
    """Pick the weight; `chosen()` is the variable name or None for unweighted."""

    def __init__(self, survey: Survey, parent: QWidget | None = None, *, asking: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Weight")
        self.setAccessibleName("Choose the weight")
        layout = QVBoxLayout(self)
        intro = (
            f"{survey.name} has several variables that look like weights. Which one weights "
            "the figures?"
            if asking
            else f"Which variable weights the figures of {survey.name}?"
        )
        text = QLabel(
            f"{intro} Respondents whose weight is zero, negative or missing are left out of every "
            "base, count and flag while it is applied (as SPSS does). The choice is remembered "
            "for this file."
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(text)
        self.list = QListWidget()
        self.list.setAccessibleName("Weight variables")
        for name, description in choices(survey):
            item = QListWidgetItem(description)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
            if name == survey.weight:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None:
            self.list.setCurrentRow(self.list.count() - 1)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 340)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def choose(self, name: str | None) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(row)
                return
        raise KeyError(name)
