"""The briefing panel (a dock beside the charts): the slides of the open briefing, reordered by
drag, edited in place with undo/redo; add the current view (Ctrl+B), open, save (atomic, with an
autosave copy on a timer), a banner when the data differs from what the briefing was built on,
and presenting (F5 from the first slide, Shift+F5 from the current one).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.core.briefing import model as bm
from explorer.core.briefing.model import Briefing
from explorer.core.errors import ExplorerError
from explorer.core.qual.attribution import attribution
from explorer.ui import plain_text, reading_marks, unsaved_guard
from explorer.ui.briefing_files import FILE_FILTER, BriefingFiles, autosave_folder  # noqa: F401
from explorer.ui.briefing_undo import BriefingHistory
from explorer.ui.plain_text import plain_label, tooltip
from explorer.ui.slide_editor import SlideEditor

AUTOSAVE_MS = 30_000
AUTOSAVE_AFTER_EDIT_MS = 1_500  # a copy soon after each edit, so a crash loses seconds, not 30 s
_MERGE = {"title": 1, "takeaway": 2, "notes": 3}


class SlideList(QListWidget):
    """Slides in order; a drag within the list asks for a move (the briefing does the moving)."""

    moved = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Slides")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def dropEvent(self, event) -> None:
        start = self.currentRow()
        super().dropEvent(event)
        end = self.currentRow()
        if start >= 0 and end >= 0 and start != end:
            self.moved.emit(start, end)


class BriefingPanel(BriefingFiles, QWidget):
    """Holds the open briefing; `window` is the MainWindow whose view slides are made from."""

    presentRequested = Signal(int)  # the slide index to start from

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.briefing = Briefing()
        self.path: Path | None = None
        self.problems: list[str] = []
        self.history = BriefingHistory(lambda: self.briefing, self._show, self)
        self.history.cleanChanged.connect(self._clean_changed)
        # Hooks the tests replace: a question to the user, and a warning shown to them.
        self.ask = lambda title, text: plain_text.question(self, title, text)
        self.warn = lambda title, text: plain_text.warning(self, title, text)
        self.choose_unsaved = lambda name: unsaved_guard.ask_save_discard_cancel(self, name)
        self.choose_restore = lambda text: unsaved_guard.ask_restore(self, text)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.name = plain_label()
        self.name.setAccessibleName("Briefing name")
        self.name.setWordWrap(True)
        layout.addWidget(self.name)
        self.banner = plain_label()
        self.banner.setObjectName("identifiable")  # the theme's warning style
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Briefing data check")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.slides = SlideList()
        self.slides.currentRowChanged.connect(self._selected)
        self.slides.moved.connect(self.move)
        self.slides.itemDoubleClicked.connect(lambda _item: self.show_in_window())
        layout.addWidget(self.slides, 1)
        buttons = QHBoxLayout()
        for text, slot, tip in (
            ("Add view", self.add_current_view, "Add the current view as a slide (Ctrl+B)"),
            ("Remove", self.remove_current, "Remove the selected slide"),
            ("Show", self.show_in_window, "Show this slide's view in the window"),
            ("Present", lambda: self.presentRequested.emit(self.current_index()), "Shift+F5"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleName(f"{text} (briefing)")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.editor = SlideEditor()
        self.editor.edited.connect(self._edited)
        self.editor.unpinRequested.connect(self.unpin)
        layout.addWidget(self.editor)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.soon_timer = QTimer(self)
        self.soon_timer.setSingleShot(True)
        self.soon_timer.setInterval(AUTOSAVE_AFTER_EDIT_MS)
        self.soon_timer.timeout.connect(self.autosave)
        self.history.indexChanged.connect(self._edited_soon)
        self._show(self.briefing, None)

    # --- showing ----------------------------------------------------------------------------
    def _show(self, briefing: Briefing, focus: str | None) -> None:
        """Make `briefing` the one shown (every edit, undo and redo lands here)."""
        keep = focus or (self.current_slide().id if self.current_slide() else None)
        self.briefing = briefing
        self.slides.blockSignals(True)
        self.slides.clear()
        for number, slide in enumerate(briefing.slides, start=1):
            tags = [t for t, on in (("hidden", slide.hidden), ("internal", slide.internal)) if on]
            tags += [slide.marking] if slide.marking else []
            tag = f"  [{', '.join(tags)}]" if tags else ""
            item = QListWidgetItem(f"{number}. {slide.title or 'Untitled slide'}{tag}")
            item.setData(Qt.ItemDataRole.UserRole, slide.id)
            item.setToolTip(tooltip(slide.takeaway))
            self.slides.addItem(item)
        row = next((i for i, s in enumerate(briefing.slides) if s.id == keep), -1)
        if row < 0 and briefing.slides:
            row = min(max(self.slides.currentRow(), 0), len(briefing.slides) - 1)
        self.slides.setCurrentRow(row)
        self.slides.blockSignals(False)
        self.editor.show_slide(briefing.slides[row] if row >= 0 else None)
        self._check_figures(row)
        self._update_title()

    def _clean_changed(self, _clean: bool) -> None:
        # the stack announces a change while the panel is being torn down, too
        if shiboken6.isValid(self.history) and shiboken6.isValid(self.name):
            self._update_title()

    def _edited_soon(self, _index: int) -> None:
        if shiboken6.isValid(self.soon_timer):
            self.soon_timer.start()

    def _update_title(self) -> None:
        name = self.path.name if self.path else "Unsaved briefing"
        dirty = "" if self.history.isClean() else " (changed)"
        count = len(self.briefing.slides)
        self.name.setText(f"{self.briefing.title}\n{name}{dirty} — {count} slides")

    def _selected(self, row: int) -> None:
        self.editor.show_slide(
            self.briefing.slides[row] if 0 <= row < len(self.briefing.slides) else None
        )
        self._check_figures(row)

    def unmatched_figures(self, row: int) -> tuple[str, ...]:
        """The takeaway numbers of slide `row` that the slide, as drawn, does not show."""
        from explorer.core.slides.content import build_content
        from explorer.core.slides.numbers import unmatched_numbers
        from explorer.ui.presentation.slide_renderer import layout_slide

        if not 0 <= row < len(self.briefing.slides) or not self.briefing.slides[row].takeaway:
            return ()
        content = build_content(self.briefing, row, self.window_.session)
        left_out = set(layout_slide(content).left_out)
        drawn = tuple(t for t in content.tables if t.question not in left_out)
        labels = [content.title, *(q.text for q in content.quotes), *content.caption_lines]
        return unmatched_numbers(
            content.takeaway, drawn, labels, layout=content.layout, multi=content.multi
        )

    def _check_figures(self, row: int) -> None:
        try:
            self.editor.show_unmatched(self.unmatched_figures(row))
        except ExplorerError:  # a slide whose numbers cannot be computed says so itself
            self.editor.show_unmatched(())

    def current_index(self) -> int:
        return max(self.slides.currentRow(), 0)

    def current_slide(self) -> bm.Slide | None:
        row = self.slides.currentRow()
        return self.briefing.slides[row] if 0 <= row < len(self.briefing.slides) else None

    def show_problems(self, problems: list[str]) -> None:
        self.problems = list(problems)
        self.banner.setText("⚠ " + "\n⚠ ".join(problems) if problems else "")
        self.banner.setVisible(bool(problems))

    # --- edits ------------------------------------------------------------------------------
    def current_view(self) -> tuple[bm.View, str]:
        """The window's view as a slide view, and a title for it (the question's wording);
        read from the controller's FilterState and ViewState, not from the widgets."""
        from explorer.core import view_state as vs

        window = self.window_
        state, view_state = window.controller.state, window.controller.view
        session = window.session
        listed = session.listed_questions  # with those still being read, to be refused below
        questions = (listed(state.topic) or listed()) if session else []
        question = vs.shown_question(view_state, questions)
        breakdown = vs.shown_breakdown(view_state, question)
        layout = "chart+quotes" if session.project is not None else "chart"
        if question is None:
            layout = "quotes"
        view = bm.view_from_state(
            state,
            (question,) if question else (),
            breakdown,
            layout,
            show_empty=view_state.show_empty,
            multi_base=view_state.multi_base,
        )
        title = session.question_label(question) if question else "What people said"
        return view, title

    def add_current_view(self) -> None:
        window = self.window_
        window.flush()
        view, title = self.current_view()
        label = reading_marks.unread_in(window.session, view)
        if label is not None:  # no slide of figures not read yet (a large file's first hand-over)
            window.statusBar().showMessage(
                f"{label} is still being read: add it to the briefing when the file is read.", 8000
            )
            return
        self.add_slide(bm.make_slide(title, view=view))

    def add_slide(self, slide: bm.Slide) -> None:
        """Add `slide` after the selected one (recording the data on a new briefing's first)."""
        at = self.slides.currentRow() + 1 if self.briefing.slides else None
        after = bm.add_slide(self.briefing, slide, at)
        if not self.briefing.slides and self.briefing.survey is None:
            after = self._with_data_refs(after, self.path)
        self.history.apply("Add slide", after, slide.id)

    def pin(self, quote) -> None:
        """Pin a quote (from the quote browser) to the selected slide, adding the current view
        as a slide first when the briefing has none; the words and attribution are kept as
        pinned so a reopened briefing can check the quote is still in the data."""
        if self.current_slide() is None:
            self.add_current_view()
        slide = self.current_slide()
        pinned = bm.PinnedQuote(
            source=quote.segment.source,
            start=quote.segment.start,
            end=quote.segment.end,
            text=quote.text,
            attribution=attribution(quote),
        )
        self.history.apply("Pin quote", bm.pin_quote(self.briefing, slide.id, pinned), slide.id)

    def unpin(self, pinned) -> None:
        slide = self.current_slide()
        if slide is not None:
            after = bm.unpin_quote(self.briefing, slide.id, pinned.source, pinned.start, pinned.end)
            self.history.apply("Unpin quote", after, slide.id)

    def remove_current(self) -> None:
        slide = self.current_slide()
        if slide is not None:
            self.history.apply("Remove slide", bm.remove_slide(self.briefing, slide.id))

    def move(self, start: int, end: int) -> None:
        slide = self.briefing.slides[start]
        self.history.apply("Move slide", bm.move_slide(self.briefing, start, end), slide.id)

    def _edited(self, field: str, value: object) -> None:
        slide = self.current_slide()
        if slide is None:
            return
        after = bm.update_slide(self.briefing, slide.id, **{field: value})
        self.history.apply(f"Edit {field}", after, slide.id, _MERGE.get(field, -1))

    def toggle_slide_flag(self, flag: str) -> None:
        """Hidden (left out of presenting and exports) or internal (not for the public)."""
        slide = self.current_slide()
        if slide is not None:
            after = bm.update_slide(self.briefing, slide.id, **{flag: not getattr(slide, flag)})
            self.history.apply(f"Slide {flag}", after, slide.id)

    def set_public(self, on: bool) -> None:
        """The "public audience" switch, saved in the briefing (an undoable edit)."""
        if on != self.briefing.public:
            self.history.apply("Public audience", replace(self.briefing, public=on))

    def set_slide_marking(self, marking: str) -> None:
        slide = self.current_slide()
        if slide is not None:
            after = bm.update_slide(self.briefing, slide.id, marking=marking)
            self.history.apply("Slide marking", after, slide.id)

    def set_marking(self, marking: str) -> None:
        self.history.apply("Change marking", bm.set_marking(self.briefing, marking))

    def show_in_window(self) -> None:
        """Put the selected slide's view back in the window (question, breakdown, filter), as
        one change the window's Ctrl+Z undoes."""
        from dataclasses import replace

        slide = self.current_slide()
        if slide is None:
            return
        window = self.window_
        controller = window.controller
        question = slide.view.questions[0] if slide.view.questions else controller.view.question
        view = replace(
            controller.view,
            question=question,
            breakdown=slide.view.breakdown,
            show_empty=slide.view.show_empty,
            multi_base=slide.view.multi_base,
        )
        if slide.matrix is not None:  # a matrix slide opens the evidence matrix by its dimension
            view = replace(view, tab="evidence", focus=None)
            window.charts.evidence.choose_dimension(slide.matrix.by)
        controller.go_to(slide.view.filter_state, view)
        window.flush()
