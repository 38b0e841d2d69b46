"""View ▸ Significance and sample design…: the analyst's settings for every table — correction
within each row, confidence level, two levels of letters, pairwise letters or each column against
the rest of the sample, and the strata and cluster (PSU) variables of a complex sample; a saved
briefing records them and reopening it restores them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from explorer.core.survey.model import Kind, Survey
from explorer.core.survey.significance import CONFIDENCES
from explorer.core.survey.table import TableOptions

CORRECTION_NAMES = {
    "bh": "Benjamini–Hochberg (false discovery rate)",
    "holm": "Holm",
    "bonferroni": "Bonferroni",
    "none": "None",
}
COMPARE_NAMES = {"pairwise": "Pairwise letters between columns", "rest": "Each column vs the rest"}


class StatsDialog(QDialog):
    def __init__(
        self, options: TableOptions, survey: Survey | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Significance and sample design")
        self._options = options
        form = QFormLayout(self)
        self.correction = self._combo(CORRECTION_NAMES, options.correction, "Correction")
        form.addRow("Correction within each row:", self.correction)
        self.confidence = QComboBox()
        self.confidence.setAccessibleName("Confidence level")
        for level in CONFIDENCES:
            self.confidence.addItem(f"{level * 100:.0f}%", level)
        self.confidence.setCurrentIndex(
            min(range(len(CONFIDENCES)), key=lambda i: abs(CONFIDENCES[i] - options.confidence))
        )
        form.addRow("Confidence level:", self.confidence)
        self.two_levels = QCheckBox("Lower-case letters for the next level down")
        self.two_levels.setChecked(options.two_levels)
        form.addRow("", self.two_levels)
        self.compare = self._combo(COMPARE_NAMES, options.compare, "Compare")
        form.addRow("Test:", self.compare)
        note = QLabel(
            f"Columns with an effective base under {options.min_test_base} are not tested. "
            "Multiple-response columns, which overlap, are tested with their covariance."
        )
        note.setWordWrap(True)
        form.addRow(note)
        candidates = _design_candidates(survey)
        self.strata = self._variable_combo(candidates, options.strata, "Strata variable")
        self.cluster = self._variable_combo(candidates, options.cluster, "Cluster variable")
        form.addRow("Strata:", self.strata)
        form.addRow("Clusters (PSUs):", self.cluster)
        design_note = QLabel(
            "With strata or clusters, intervals and tests use Taylor linearisation. Every table "
            "reports its design effect from weighting."
        )
        design_note.setWordWrap(True)
        form.addRow(design_note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _combo(self, names: dict[str, str], current: str, accessible: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(accessible)
        for key, text in names.items():
            box.addItem(text, key)
        box.setCurrentIndex(max(box.findData(current), 0))
        return box

    def _variable_combo(self, names: list[tuple[str, str]], current, accessible) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(accessible)
        box.addItem("None", None)
        for name, label in names:
            box.addItem(f"{name} — {label}" if label else name, name)
        box.setCurrentIndex(max(box.findData(current), 0) if current else 0)
        return box

    def options(self) -> TableOptions:
        """The settings chosen, on top of the options the dialog was opened with."""
        return replace(
            self._options,
            correction=self.correction.currentData(),
            confidence=self.confidence.currentData(),
            two_levels=self.two_levels.isChecked(),
            compare=self.compare.currentData(),
            strata=self.strata.currentData(),
            cluster=self.cluster.currentData(),
        )


def _design_candidates(survey: Survey | None) -> list[tuple[str, str]]:
    """Variables that could identify strata or PSUs: coded or numeric, one value per respondent."""
    if survey is None:
        return []
    kinds = (Kind.NOMINAL, Kind.SCALE, Kind.NUMERIC)
    return [(v.name, v.label) for v in survey.variables.values() if v.kind in kinds]


def carry_over(old, new) -> None:
    """Newly opened data (or the same data reweighted) keeps the analyst's settings, unless the
    new Session came with its own: the design variables it lacks are dropped."""
    from explorer.core.briefing.statistics import applied, recorded

    if new is not old and recorded(new.options) == TableOptions():
        new.options = applied(new.options, recorded(old.options), new.survey)


def recorded_in(briefing, session):
    """`briefing` recording the session's significance and design settings (saved with it)."""
    from explorer.core.briefing.statistics import recorded

    return replace(briefing, statistics=recorded(session.options))


def use_briefing(window, briefing) -> None:
    """Tables follow the significance and design settings `briefing` was saved with."""
    from explorer.core.briefing.statistics import applied

    session = window.session
    if briefing.statistics is None or session.survey is None:
        return
    session.options = applied(session.options, briefing.statistics, session.survey)
    window.charts.refresh(window.controller.state)


def edit(window) -> None:
    """Open the dialog for `window` (a MainWindow); on OK every table is recomputed with it."""
    session = window.session
    dialog = StatsDialog(session.options, session.survey, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    session.options = dialog.options()
    window.charts.refresh(window.controller.state)
