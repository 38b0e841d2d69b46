"""The state of a running presentation, shared by the audience and presenter views: which slide,
a blacked or whitened screen, and live filter changes per slide that never touch the briefing.

Keys are handled here too, so both views answer the clicker and keyboard the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from explorer.core import filter_state as fs
from explorer.core.briefing.model import Briefing
from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.core.slides.content import SlideContent, build_content

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Space}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace}
BLACK, WHITE = "black", "white"


class Deck(QObject):
    """`changed()` after any move, blanking or live filter; `finished()` when Esc is pressed."""

    changed = Signal()
    finished = Signal()
    pointer_moved = Signal()  # the laser pointer moved, appeared or went

    def __init__(self, briefing: Briefing, session: Session, start: int = 0, parent=None) -> None:
        super().__init__(parent)
        self.briefing = briefing
        self.session = session
        self.index = max(0, min(start, len(briefing.slides) - 1))
        self.blank = ""  # "", BLACK or WHITE
        self.typed = ""  # digits typed before Enter
        self.overrides: dict[str, FilterState] = {}
        self._cache: dict[tuple[int, FilterState | None, str], SlideContent] = {}
        self.canvas_width = 1920.0  # the audience's layout (16:9 or 4:3), set by its view
        self.laser = False  # the presenter's pointer is shown to the audience
        self.pointer: tuple[float, float] | None = None  # where, as fractions of the slide

    def set_pointer(self, where: tuple[float, float] | None) -> None:
        if where != self.pointer:
            self.pointer = where
            self.pointer_moved.emit()

    def toggle_laser(self) -> None:
        self.laser = not self.laser
        self.set_pointer(None)
        self.changed.emit()

    # --- reading ----------------------------------------------------------------------------
    @property
    def count(self) -> int:
        return len(self.briefing.slides)

    def content(self, index: int | None = None) -> SlideContent | None:
        index = self.index if index is None else index
        if not 0 <= index < self.count:
            return None
        override = self.overrides.get(self.briefing.slides[index].id)
        aspect = "4:3" if self.canvas_width < 1920.0 else "16:9"  # what fits the room's screen
        key = (index, override, aspect)
        if key not in self._cache:
            self._cache[key] = build_content(
                self.briefing, index, self.session, override, aspect=aspect
            )
        return self._cache[key]

    def state(self) -> FilterState:
        """The filter the current slide is shown under (its saved one unless changed live)."""
        slide = self.briefing.slides[self.index]
        return self.overrides.get(slide.id, slide.view.filter_state)

    # --- moving -----------------------------------------------------------------------------
    def go(self, index: int) -> None:
        index = max(0, min(index, self.count - 1))
        self.typed = ""
        if index != self.index or self.blank:
            self.index, self.blank = index, ""
            self.changed.emit()

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def toggle_blank(self, colour: str) -> None:
        self.blank = "" if self.blank == colour else colour
        self.changed.emit()

    # --- live filter ------------------------------------------------------------------------
    def set_live_filter(self, state: FilterState) -> None:
        """Show the current slide under `state`; the briefing itself is not changed."""
        slide = self.briefing.slides[self.index]
        if state == slide.view.filter_state:
            self.overrides.pop(slide.id, None)
        else:
            self.overrides[slide.id] = state
        self.changed.emit()

    def toggle_value(self, dimension: str, value: str, on: bool) -> None:
        self.set_live_filter(fs.toggled(self.state(), dimension, value, on))

    def reset_view(self) -> None:
        """Back to the slide's saved view (key R)."""
        if self.overrides.pop(self.briefing.slides[self.index].id, None) is not None:
            self.changed.emit()

    # --- keys -------------------------------------------------------------------------------
    def handle_key(self, key: int, text: str = "") -> bool:
        """Clicker and keyboard; True if the key meant something here."""
        try:
            key = Qt.Key(key)
        except ValueError:
            return False
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self.typed += chr(int(key))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.typed:
                self.go(int(self.typed) - 1)
            else:
                self.next()
            return True
        self.typed = ""
        if key in NEXT_KEYS:
            self.next()
        elif key in PREVIOUS_KEYS:
            self.previous()
        elif key == Qt.Key.Key_Home:
            self.go(0)
        elif key == Qt.Key.Key_End:
            self.go(self.count - 1)
        elif key in (Qt.Key.Key_B, Qt.Key.Key_Period):
            self.toggle_blank(BLACK)
        elif key in (Qt.Key.Key_W, Qt.Key.Key_Comma):  # "," is PowerPoint's white screen
            self.toggle_blank(WHITE)
        elif key == Qt.Key.Key_R:
            self.reset_view()
        elif key == Qt.Key.Key_Escape:
            self.finished.emit()
        else:
            return False
        return True
