"""The one place the FilterState lives: views ask it to change and recompute when it says so.

A burst of changes (several ticks within one event-loop pass) is coalesced into one `changed`
signal; each emission carries a generation number so work started for an older state is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.core import filter_state as fs
from explorer.core.filter_state import Code, FilterState


class FilterController(QObject):
    """Holds the current FilterState; emits `changed(state, generation)` once per burst."""

    changed = Signal(object, int)

    def __init__(self, parent: QObject | None = None, *, delay_ms: int = 0) -> None:
        super().__init__(parent)
        self._state = FilterState()
        self._emitted = FilterState()
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._emit)

    @property
    def state(self) -> FilterState:
        return self._state

    @property
    def generation(self) -> int:
        return self._generation

    def is_current(self, generation: int) -> bool:
        """False for results computed for a state the user has since moved on from."""
        return generation == self._generation and not self._timer.isActive()

    def set_state(self, state: FilterState) -> None:
        if state == self._state:
            return
        self._state = state
        self._timer.start()

    def flush(self) -> None:
        """Emit a pending change now (used before a screenshot, and by tests)."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

    def _emit(self) -> None:
        if self._state == self._emitted and self._generation:
            return
        self._emitted = self._state
        self._generation += 1
        self.changed.emit(self._state, self._generation)

    # --- the changes views ask for ----------------------------------------------------------
    def toggle(self, dimension: str, value: str, on: bool) -> None:
        self.set_state(fs.toggled(self._state, dimension, value, on))

    def remove_dimension(self, dimension: str) -> None:
        self.set_state(fs.without(self._state, dimension))

    def cross(self, question: str, codes: Iterable[Code], *, add: bool = False) -> None:
        self.set_state(fs.with_cross(self._state, question, codes, add=add))

    def remove_cross(self, question: str | None = None) -> None:
        self.set_state(fs.without_cross(self._state, question))

    def search(self, text: str) -> None:
        self.set_state(fs.with_search(self._state, text))

    def select_codes(self, codes: Iterable[str]) -> None:
        self.set_state(fs.with_codes(self._state, codes))

    def topic(self, topic: str | None) -> None:
        self.set_state(fs.with_topic(self._state, topic))

    def reset(self) -> None:
        self.set_state(fs.cleared(self._state))

    def replace(self, state: FilterState) -> None:
        """Start again from `state` (new data loaded): always announces, even if unchanged."""
        self._state = state
        self._emitted = FilterState(topic="\0")  # differs from any real state
        self._timer.start()
