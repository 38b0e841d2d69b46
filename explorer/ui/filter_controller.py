"""The one place the FilterState and the ViewState live: views ask it to change them, recompute
when it says so, and it keeps the undo/redo history of both.

A burst of changes (several ticks within one event-loop pass) is coalesced into one emission and
one undo step: `changed(state, generation)` when the filter changed (the generation number lets
work started for an older state be dropped), `viewChanged(view)` when the view changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.core import filter_state as fs
from explorer.core import view_state as vs
from explorer.core.filter_state import Code, FilterState
from explorer.core.view_state import ViewState

MAX_HISTORY = 200


class FilterController(QObject):
    """Holds the current FilterState and ViewState; emits once per burst; undo and redo."""

    changed = Signal(object, int)
    viewChanged = Signal(object)
    historyChanged = Signal()  # undo/redo became (un)available

    def __init__(self, parent: QObject | None = None, *, delay_ms: int = 0) -> None:
        super().__init__(parent)
        self._state = FilterState()
        self._view = ViewState()
        self._emitted = FilterState()
        self._emitted_view = ViewState()
        self._generation = 0
        self._undo: list[tuple[FilterState, ViewState]] = []
        self._redo: list[tuple[FilterState, ViewState]] = []
        self._record = True  # the next emission is a user's change (not undo/redo/new data)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._emit)

    @property
    def state(self) -> FilterState:
        return self._state

    @property
    def view(self) -> ViewState:
        return self._view

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

    def set_view(self, view: ViewState) -> None:
        if view == self._view:
            return
        self._view = view
        self._timer.start()

    def flush(self) -> None:
        """Emit a pending change now (used before a screenshot, and by tests)."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

    def _emit(self) -> None:
        filter_changed = self._state != self._emitted or not self._generation
        view_changed = self._view != self._emitted_view
        if not (filter_changed or view_changed):
            self._record = True
            return
        if self._record and self._generation:
            self._undo.append((self._emitted, self._emitted_view))
            del self._undo[:-MAX_HISTORY]
            self._redo.clear()
            self.historyChanged.emit()
        self._record = True
        self._emitted, self._emitted_view = self._state, self._view
        if view_changed:
            self.viewChanged.emit(self._view)
        if filter_changed:
            self._generation += 1
            self.changed.emit(self._state, self._generation)

    # --- undo and redo ----------------------------------------------------------------------
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        """Go back to the filter and view before the last change (a burst is one change)."""
        self.flush()
        if self._undo:
            self._redo.append((self._emitted, self._emitted_view))
            self._go(*self._undo.pop())

    def redo(self) -> None:
        self.flush()
        if self._redo:
            self._undo.append((self._emitted, self._emitted_view))
            self._go(*self._redo.pop())

    def _go(self, state: FilterState, view: ViewState) -> None:
        self._state, self._view = state, view
        self._record = False
        self._emit()
        self.historyChanged.emit()

    # --- the filter changes views ask for ---------------------------------------------------
    def toggle(self, dimension: str, value: str, on: bool) -> None:
        self.set_state(fs.toggled(self._state, dimension, value, on))

    def remove_dimension(self, dimension: str) -> None:
        self.set_state(fs.without(self._state, dimension))

    def cross(self, question: str, codes: Iterable[Code], *, add: bool = False) -> None:
        self.set_state(fs.with_cross(self._state, question, codes, add=add))

    def click_answer(self, question: str, codes: Iterable[Code], *, add: bool = False) -> None:
        """A click on an answer, as Tableau and Power BI take it: a plain click selects just
        that answer (clicking the only selected answer again clears it); Ctrl/Shift+click adds
        the answer to the question's selection or takes it out if it is already there."""
        self.set_state(fs.clicked(self._state, question, codes, add=add))

    def remove_cross(self, question: str | None = None) -> None:
        self.set_state(fs.without_cross(self._state, question))

    def search(self, text: str) -> None:
        self.set_state(fs.with_search(self._state, text))

    def select_codes(self, codes: Iterable[str]) -> None:
        self.set_state(fs.with_codes(self._state, codes))

    def topic(self, topic: str | None) -> None:
        """Go to `topic`; codes selected under another topic are cleared with the move."""
        self.set_state(fs.with_topic(self._state, topic))

    def reset(self) -> None:
        self.set_state(fs.cleared(self._state))

    # --- the view changes views ask for -----------------------------------------------------
    def question(self, question: str | None) -> None:
        if question:
            self.set_view(vs.with_question(self._view, question))

    def breakdown(self, variable: str | None) -> None:
        self.set_view(vs.with_breakdown(self._view, variable))

    def tab(self, tab: str) -> None:
        self.set_view(vs.with_tab(self._view, tab))

    def focus(self, focus: str | None) -> None:
        """Make `focus` fill the window; asking for the focused view again goes back."""
        self.set_view(vs.with_focus(self._view, focus))

    def matrix_mode(self, mode: str) -> None:
        self.set_view(vs.with_matrix_mode(self._view, mode))

    def show_empty(self, show: bool) -> None:
        """Show (or hide) labelled codes nobody in the base chose, in every table."""
        self.set_view(vs.with_show_empty(self._view, show))

    def multi_base(self, base: str) -> None:
        """The base of multiple-response questions: "answered" (any item) or "all"."""
        self.set_view(vs.with_multi_base(self._view, base))

    def go_to(self, state: FilterState, view: ViewState | None = None) -> None:
        """Show `state` (and `view`) as one undoable change: a slide's view, a reset."""
        self.set_state(state)
        if view is not None:
            self.set_view(view)

    def announce(self) -> None:
        """Announce the current state again (the theme changed): not a change to undo."""
        self.flush()
        self._emitted = FilterState(topic="\0")
        self._emitted_view = ViewState(question="\0")
        self._record = False
        self._timer.start()

    def replace(self, state: FilterState, view: ViewState | None = None) -> None:
        """Start again from `state` (new data loaded): always announces, even if unchanged, and
        forgets the undo history (its states may name dimensions the new data lacks)."""
        self._state = state
        if view is not None:
            self._view = view
        self._emitted = FilterState(topic="\0")  # differs from any real state
        self._emitted_view = ViewState(question="\0")
        self._record = False
        self._undo.clear()
        self._redo.clear()
        self.historyChanged.emit()
        self._timer.start()
