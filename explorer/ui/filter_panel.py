"""The filter panel: chips and Reset, then one section per profile dimension with a checkbox per
value showing its count under the other active filters, and whether the survey, the focus
groups or both are filtered by it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from explorer.core import dimension_filters as dim_filters
from explorer.core import dimensions as dm
from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.ui.chips import ChipBar
from explorer.ui.filter_controller import FilterController
from explorer.ui.plain_text import plain_label
from explorer.ui.recompute import THREAD_THRESHOLD, Recompute

SCOPE_TEXT = {
    dm.BOTH: "Survey and focus groups",
    dm.SURVEY_ONLY: "Survey only (not in focus groups)",
    dm.QUAL_ONLY: "Focus groups only (not in survey)",
}


def count_text(label: str, respondents: int | None, people: int | None) -> str:
    parts = []
    if respondents is not None:
        parts.append(f"n={respondents:,}")
    if people is not None:
        parts.append(f"{people} in groups")
    return f"{label}  ({' · '.join(parts)})" if parts else label


class FilterPanel(QWidget):
    def __init__(self, controller: FilterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._session = Session()
        self._boxes: dict[tuple[str, str], QCheckBox] = {}
        self._sections: list[QGroupBox] = []
        self._recompute = Recompute(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.chips = ChipBar(controller, self)
        layout.addWidget(self.chips)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setAccessibleName("Profile filters")
        self._inner = QWidget()
        self._inner_layout = QVBoxLayout(self._inner)
        self._inner_layout.setContentsMargins(0, 0, 0, 0)
        self._scroll.setWidget(self._inner)
        layout.addWidget(self._scroll, 1)
        controller.changed.connect(self.refresh)

    def content_width(self) -> int:
        """The width at which no checkbox label (with its counts) is cut off."""
        scrollbar = self._scroll.verticalScrollBar().sizeHint().width()
        margins = self.layout().contentsMargins()
        return self._inner.sizeHint().width() + scrollbar + margins.left() + margins.right() + 8

    # --- building ---------------------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        self._session = session
        self.chips.set_session(session)
        for section in self._sections:
            section.deleteLater()
        self._sections = []
        self._boxes = {}
        while self._inner_layout.count():
            self._inner_layout.takeAt(0)
        for dim in session.dimensions:
            section = QGroupBox(dim.label, self._inner)
            section.setAccessibleName(f"Filter by {dim.label}")
            inner = QVBoxLayout(section)
            inner.setSpacing(1)
            scope = plain_label(SCOPE_TEXT[dim.scope])
            scope.setWordWrap(True)
            scope.setToolTip(
                {
                    dm.BOTH: "Ticking a value filters the survey and the focus groups.",
                    dm.SURVEY_ONLY: "The focus groups did not record this: quotes are not filtered.",
                    dm.QUAL_ONLY: "The survey did not ask this: charts are not filtered.",
                }[dim.scope]
            )
            inner.addWidget(scope)
            for value in dim.values:
                box = QCheckBox(value.label, section)
                box.setAccessibleName(f"{dim.label}: {value.label}")
                box.toggled.connect(
                    lambda on, d=dim.key, v=value.key: self._controller.toggle(d, v, on)
                )
                inner.addWidget(box)
                self._boxes[(dim.key, value.key)] = box
            self._inner_layout.addWidget(section)
            self._sections.append(section)
        self._inner_layout.addStretch(1)
        self.refresh(self._controller.state)

    def first_control(self) -> QWidget:
        """Where F6 puts the focus: the first filter's first value (Reset when none)."""
        return next(iter(self._boxes.values()), self.chips.reset_button)

    def checkbox(self, dimension: str, value: str) -> QCheckBox:
        """The checkbox for a value (tests and keyboard navigation find it here)."""
        return self._boxes[(dimension, value)]

    # --- following the state ----------------------------------------------------------------
    def refresh(self, state: FilterState, _generation: int = 0) -> None:
        """Ticks follow `state` at once; the counts are recomputed (off the GUI thread if large)."""
        session = self._session
        for dim in session.dimensions:
            allowed = state.allowed(dim.key)
            for value in dim.values:
                box = self._boxes.get((dim.key, value.key))
                if box is not None:
                    box.blockSignals(True)
                    box.setChecked(value.key in allowed)
                    box.blockSignals(False)
        self.chips.refresh(state)
        large = (session.survey is not None and session.survey.n >= THREAD_THRESHOLD) or (
            # coder and document-set counts read every passage
            session.project is not None and len(session.project.segments) >= 20_000
        )
        self._recompute.submit(
            lambda: counts(session, state), self._show_counts, lambda _m: None, threaded=large
        )

    def _show_counts(self, result: dict[tuple[str, str], str]) -> None:
        for key, text in result.items():
            box = self._boxes.get(key)
            if box is not None:
                box.setText(text)


def counts(session: Session, state: FilterState) -> dict[tuple[str, str], str]:
    """(dimension, value) → checkbox text with respondents and participants under `state`."""
    out = {}
    for dim in session.dimensions:
        respondents = (
            dim_filters.value_counts(session.survey, state, session.dimensions, dim)
            if session.survey is not None
            else {}
        )
        people = (
            dim_filters.participant_counts(session.project, state, session.dimensions, dim)
            if session.project is not None
            else {}
        )
        for value in dim.values:
            out[(dim.key, value.key)] = count_text(
                value.label, respondents.get(value.key), people.get(value.key)
            )
    return out
