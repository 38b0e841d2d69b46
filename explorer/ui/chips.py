"""The chips above the filter panel: one removable chip per active filter (dimension, cross-filter
on an answer, quote search, selected codes), and Reset.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QPushButton, QVBoxLayout, QWidget

from explorer.core import filter_words
from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.ui.filter_controller import FilterController
from explorer.ui.plain_text import plain_label, tooltip

CHIP_CHARS = 44  # longer filters are elided on the chip; the tooltip has them whole


def chip_texts(state: FilterState, session: Session) -> list[tuple[str, Callable]]:
    """(text, remover) for every active filter, in the order the user added them."""
    out: list[tuple[str, Callable]] = []
    for key, allowed in state.dimensions:
        dim = session.dimension(key)
        if dim is None:
            continue
        known = [v.label for v in dim.values if v.key in allowed]
        unknown = sorted(k for k in allowed if dim.value(k) is None)  # from an older mapping
        labels = " or ".join(known + unknown)
        out.append((f"{dim.label}: {labels}", ("dimension", key)))
    for question, codes in state.cross:
        # the chosen answer first, so an elided chip still shows it; the question after
        answers = filter_words.cross_answers(session.survey, question, codes)
        out.append((f"{answers} — {session.question_label(question)}", ("cross", question)))
    if state.search.strip():
        out.append((f"Search: “{state.search.strip()}”", ("search", "")))
    if state.codes and session.project is not None:
        names = [session.project.code_label(c) for c in state.codes if c in session.project.codes]
        out.append(("Codes: " + ", ".join(sorted(names)), ("codes", "")))
    return out


class ChipBar(QWidget):
    """Shows the active filters as chips; clicking a chip's × removes that filter."""

    def __init__(self, controller: FilterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._session = Session()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.summary = plain_label("No filter: everyone")
        self.summary.setAccessibleName("Active filters")
        head.addWidget(self.summary, 1)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setAccessibleName("Reset all filters")
        self.reset_button.setToolTip("Clear every filter (Esc clears answer selections)")
        self.reset_button.clicked.connect(controller.reset)
        head.addWidget(self.reset_button)
        layout.addLayout(head)
        self._chips_layout = QVBoxLayout()
        self._chips_layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(self._chips_layout)
        self.chips: list[QPushButton] = []

    def set_session(self, session: Session) -> None:
        self._session = session

    def refresh(self, state: FilterState, _generation: int = 0) -> None:
        for chip in self.chips:
            self._chips_layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        items = chip_texts(state, self._session)
        for text, (kind, key) in items:
            shown = text if len(text) <= CHIP_CHARS else text[: CHIP_CHARS - 1] + "…"
            chip = QPushButton(f"{shown}  ✕")
            chip.setObjectName("chip")
            chip.setAccessibleName(f"Remove filter {text}")
            chip.setToolTip(tooltip(f"Remove: {text}"))
            chip.setStyleSheet("text-align: left;")
            chip.clicked.connect(lambda _=False, k=kind, q=key: self._remove(k, q))
            self._chips_layout.addWidget(chip, 0, Qt.AlignmentFlag.AlignLeft)
            self.chips.append(chip)
        self.summary.setText(
            "No filter: everyone" if not items else f"{len(items)} active filter(s)"
        )
        self.reset_button.setEnabled(bool(items))

    def _remove(self, kind: str, key: str) -> None:
        c = self._controller
        if kind == "dimension":
            c.remove_dimension(key)
        elif kind == "cross":
            c.remove_cross(key)
        elif kind == "search":
            c.search("")
        else:
            c.select_codes(())
