"""Focus groups with no survey: the chart area says so in words (instead of an empty plot) and
opens on the focus groups' codes × attribute matrix, beside the quotes and their documents.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from explorer.ui.plain_text import plain_label

MESSAGE = (
    "No survey is loaded, so there is nothing to chart: below are the focus groups' codes by "
    "attribute and co-occurrence, and on the right their quotes and documents. Open a survey "
    "with File ▸ Open to chart it beside them."
)


def show_alone(area: QWidget, alone: bool) -> None:
    """Say so at the top of `area` when only focus groups are loaded, and show their matrix."""
    label = area.findChild(QLabel, "focusGroupsAlone")
    if label is None:
        label = plain_label(MESSAGE)
        label.setObjectName("focusGroupsAlone")
        label.setWordWrap(True)
        label.setAccessibleName("No survey loaded")
        area.layout().insertWidget(0, label)
    label.setVisible(alone)
    multiples = getattr(area, "multiples", None)
    if alone and multiples is not None:  # with a survey, the chart area decides (view state)
        multiples.setVisible(False)
    matrix = getattr(area, "matrix", None)
    if alone and matrix is not None:
        area.tabs.setCurrentWidget(matrix)
