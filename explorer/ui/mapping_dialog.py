"""Editing how survey profile variables and focus-group attributes make one filter dimension,
value by value where the two halves word them differently ("Born in the UK" ↔ "Yes").
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from explorer.core import dimensions as dm
from explorer.core.session import Session
from explorer.ui.plain_text import plain_label

NONE = "— not in the focus groups —"
BY_WORDING = "(same wording)"


class MappingDialog(QDialog):
    """One row per survey profile variable: the attribute it matches, and its values' matches."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Match profile dimensions")
        self.setAccessibleName("Match profile dimensions")
        self._session = session
        project = session.project
        self._attributes = project.attribute_names if project is not None else []
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "Which focus-group attribute is the same profile as each survey variable. "
                "Values with the same wording match by themselves; set the others below."
            )
        )
        variables = [d for d in session.dimensions if d.survey_variable]
        self.variables = QTableWidget(len(variables), 2)
        self.variables.setAccessibleName("Survey variables and their focus-group attributes")
        self.variables.setHorizontalHeaderLabels(["Survey variable", "Focus-group attribute"])
        self.attribute_boxes: dict[str, QComboBox] = {}
        for row, dim in enumerate(variables):
            label = plain_label(f"{dim.label} ({dim.survey_variable})")
            self.variables.setCellWidget(row, 0, label)
            box = QComboBox()
            box.setAccessibleName(f"Focus-group attribute for {dim.label}")
            box.addItems([NONE, *self._attributes])
            box.setCurrentText(dim.qual_attribute or NONE)
            box.currentTextChanged.connect(lambda _t, r=row: self._show_values(r))
            self.variables.setCellWidget(row, 1, box)
            self.attribute_boxes[dim.survey_variable] = box
        self.variables.resizeColumnsToContents()
        self.variables.currentCellChanged.connect(lambda r, *_: self._show_values(r))
        layout.addWidget(self.variables, 2)
        self.values = QTableWidget(0, 2)
        self.values.setAccessibleName("Survey values and their focus-group values")
        self.values.setHorizontalHeaderLabels(["Survey value", "Focus-group value"])
        layout.addWidget(self.values, 1)
        # the value matches chosen so far, by variable and attribute: kept as text, since the
        # value table deletes its combo boxes whenever it shows another variable
        self._chosen: dict[str, dict[str, str]] = {}
        self._shown_boxes: dict[str, QComboBox] = {}
        self._variables = variables
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 560)
        if variables:
            self._show_values(0)

    def _qual_values(self, attribute: str) -> list[str]:
        project = self._session.project
        seen: list[str] = []
        for case in project.cases.values() if project is not None else ():
            value = case.attribute(attribute)
            if value and value not in seen:
                seen.append(value)
        return seen

    def _show_values(self, row: int) -> None:
        """Show (and create on first visit) the value combos of variable `row`."""
        if not (0 <= row < len(self._variables)):
            return
        dim = self._variables[row]
        attribute = self.attribute_boxes[dim.survey_variable].currentText()
        self.values.setRowCount(0)
        if attribute == NONE:
            return
        survey = self._session.survey
        var = survey.variables[dim.survey_variable]
        existing = next(
            (k for k in self._session.links if k.survey_variable == dim.survey_variable), None
        )
        renames = dict(existing.values) if existing and existing.qual_attribute == attribute else {}
        chosen = self._chosen.setdefault(f"{dim.survey_variable}\0{attribute}", {})
        codes = var.substantive_codes
        self.values.setRowCount(len(codes))
        self._shown_boxes = {}
        for r, code in enumerate(codes):
            label = var.label_for(code)
            self.values.setCellWidget(r, 0, plain_label(label))
            box = QComboBox()
            box.setAccessibleName(f"Focus-group value for {label}")
            box.addItems([BY_WORDING, *self._qual_values(attribute)])
            box.setCurrentText(chosen.setdefault(label, renames.get(label, BY_WORDING)))
            box.currentTextChanged.connect(lambda text, c=chosen, k=label: c.update({k: text}))
            self._shown_boxes[label] = box
            self.values.setCellWidget(r, 1, box)

    def value_box(self, variable: str, attribute: str, label: str) -> QComboBox:
        """The combo choosing the focus-group value for one survey value (shown first if need be)."""
        row = next(i for i, d in enumerate(self._variables) if d.survey_variable == variable)
        self.attribute_boxes[variable].setCurrentText(attribute)
        self._show_values(row)
        return self._shown_boxes[label]

    def links(self) -> tuple[dm.DimensionLink, ...]:
        """The mapping as chosen in the dialog."""
        out = []
        for dim in self._variables:
            attribute = self.attribute_boxes[dim.survey_variable].currentText()
            if attribute == NONE:
                out.append(dm.DimensionLink(dim.survey_variable, ""))
                continue
            chosen = self._chosen.get(f"{dim.survey_variable}\0{attribute}", {})
            values = tuple((label, text) for label, text in chosen.items() if text != BY_WORDING)
            if not chosen:  # never shown: keep what the mapping already said
                existing = next(
                    (k for k in self._session.links if k.survey_variable == dim.survey_variable),
                    None,
                )
                if existing and existing.qual_attribute == attribute:
                    values = existing.values
            out.append(dm.DimensionLink(dim.survey_variable, attribute, values))
        return tuple(out)
