"""The briefing model: a titled, marked, ordered list of slides, each a saved view (questions,
breakdown, filter, layout) with a takeaway, speaker notes and pinned quotes; edits are pure.

Every edit returns a new `Briefing` and never changes the one given, so the window can keep a
plain list of past briefings for undo and redo.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from explorer.core.briefing.marking import DEFAULT_MARKING, normalise_marking
from explorer.core.errors import ExplorerError
from explorer.core.evidence.notes import EvidenceNotes
from explorer.core.evidence.themes import MatrixSpec
from explorer.core.filter_state import FilterState
from explorer.core.survey.table import TableOptions

SCHEMA_VERSION = 1
LAYOUTS = ("chart", "table", "quotes", "chart+quotes", "matrix")
SURVEY, QUAL = "survey", "qual"


@dataclass(frozen=True)
class DataRef:
    """Which data a briefing was built on, so a reopened briefing can tell if it has changed."""

    kind: str  # SURVEY or QUAL
    path: str  # relative to the briefing file where possible, with "/" separators
    sha256: str
    name: str  # the file's base name, for messages
    modified: str = ""  # ISO date of the file's modification time when recorded


@dataclass(frozen=True)
class PinnedQuote:
    """A focus-group span pinned to a slide, with the words and attribution as they were pinned."""

    source: str  # source guid
    start: int  # code-point offsets into the source text
    end: int
    text: str
    attribution: str  # "P07, 25–34, Woman, Group 2 (Croydon)"


@dataclass(frozen=True)
class View:
    """What a slide shows: the topic, its question(s), a breakdown, the filter and the layout."""

    topic: str | None = None
    questions: tuple[str, ...] = ()  # one, or several for small multiples
    breakdown: str | None = None
    filter: FilterState = field(default_factory=FilterState)
    layout: str = "chart"
    # How its tables were made in the window: labelled codes nobody chose shown, and the base of
    # a multiple-response question ("answered" any item, or "all" respondents).
    show_empty: bool = False
    multi_base: str = "answered"

    @property
    def filter_state(self) -> FilterState:
        """The filter as the window holds it, carrying this view's topic."""
        return replace(self.filter, topic=self.topic)


@dataclass(frozen=True)
class Slide:
    id: str
    title: str = ""
    takeaway: str = ""
    notes: str = ""
    view: View = field(default_factory=View)
    quotes: tuple[PinnedQuote, ...] = ()
    marking: str = ""  # this slide's own marking ("" = the briefing's); a pack carries the highest
    hidden: bool = False  # left out of presenting and exports unless chosen by number
    internal: bool = False  # left out for a public audience
    matrix: MatrixSpec | None = None  # the evidence matrix a "matrix" slide shows


@dataclass(frozen=True)
class Briefing:
    title: str = "Untitled briefing"
    marking: str = DEFAULT_MARKING
    survey: DataRef | None = None
    qual: DataRef | None = None
    slides: tuple[Slide, ...] = ()
    version: int = SCHEMA_VERSION
    # the analyst's summaries and row tags on evidence matrices
    evidence: EvidenceNotes = field(default_factory=EvidenceNotes)
    public: bool = False  # presented and exported for a public audience (no quotes, no internal)
    # The significance and design settings its figures were made with (briefing.statistics),
    # recorded when saved from the window; None: the defaults.
    statistics: TableOptions | None = None

    @property
    def data_refs(self) -> tuple[DataRef, ...]:
        return tuple(ref for ref in (self.survey, self.qual) if ref is not None)

    def slide(self, slide_id: str) -> Slide:
        return self.slides[self.index_of(slide_id)]

    def index_of(self, slide_id: str) -> int:
        for i, slide in enumerate(self.slides):
            if slide.id == slide_id:
                return i
        raise ExplorerError(f"This briefing has no slide with id {slide_id!r}.")


def new_slide_id() -> str:
    return str(uuid.uuid4())


def view_from_state(
    state: FilterState,
    questions: Iterable[str] = (),
    breakdown: str | None = None,
    layout: str = "chart",
    *,
    show_empty: bool = False,
    multi_base: str = "answered",
) -> View:
    """A slide view from the window's current filter state and what it is charting."""
    _check_layout(layout)
    return View(
        topic=state.topic,
        questions=tuple(questions),
        breakdown=breakdown,
        filter=replace(state, topic=None),
        layout=layout,
        show_empty=show_empty,
        multi_base=multi_base,
    )


def to_filter_state(view: View) -> FilterState:
    """The window's FilterState for a slide's view (its topic included)."""
    return view.filter_state


from_filter_state = view_from_state


def make_slide(
    title: str = "",
    *,
    takeaway: str = "",
    notes: str = "",
    view: View | None = None,
    quotes: Iterable[PinnedQuote] = (),
    slide_id: str | None = None,
) -> Slide:
    view = view or View()
    _check_layout(view.layout)
    return Slide(
        id=slide_id or new_slide_id(),
        title=title,
        takeaway=takeaway,
        notes=notes,
        view=view,
        quotes=tuple(quotes),
    )


def _check_layout(layout: str) -> None:
    if layout not in LAYOUTS:
        raise ExplorerError(f"{layout!r} is not a slide layout; use one of {', '.join(LAYOUTS)}.")


# --- edits: each returns a new Briefing ------------------------------------------------------
def add_slide(briefing: Briefing, slide: Slide | None = None, at: int | None = None) -> Briefing:
    """Insert `slide` (a blank one when None) before position `at` (the end when None)."""
    slide = slide or make_slide()
    if any(s.id == slide.id for s in briefing.slides):
        raise ExplorerError(f"This briefing already has a slide with id {slide.id!r}.")
    slides = list(briefing.slides)
    position = len(slides) if at is None else max(0, min(at, len(slides)))
    slides.insert(position, slide)
    return replace(briefing, slides=tuple(slides))


def remove_slide(briefing: Briefing, slide_id: str) -> Briefing:
    index = briefing.index_of(slide_id)
    return replace(briefing, slides=briefing.slides[:index] + briefing.slides[index + 1 :])


def move_slide(briefing: Briefing, from_index: int, to_index: int) -> Briefing:
    """Move the slide at `from_index` so that it ends up at `to_index` (clamped to the ends)."""
    n = len(briefing.slides)
    if not 0 <= from_index < n:
        raise ExplorerError(f"There is no slide {from_index + 1} to move; the briefing has {n}.")
    slides = list(briefing.slides)
    slide = slides.pop(from_index)
    slides.insert(max(0, min(to_index, n - 1)), slide)
    return replace(briefing, slides=tuple(slides))


_SLIDE_FIELDS = {
    "title",
    "takeaway",
    "notes",
    "view",
    "quotes",
    "marking",
    "hidden",
    "internal",
    "matrix",
}
_VIEW_FIELDS = {"topic", "questions", "breakdown", "filter", "layout", "show_empty", "multi_base"}


def update_slide(briefing: Briefing, slide_id: str, **changes: object) -> Briefing:
    """A new briefing whose slide `slide_id` has `changes` (slide or view fields) applied.

    View fields (topic, questions, breakdown, filter, layout) may be given directly.
    """
    unknown = set(changes) - _SLIDE_FIELDS - _VIEW_FIELDS
    if unknown:
        raise ExplorerError(f"A slide has no field named {sorted(unknown)[0]!r}.")
    index = briefing.index_of(slide_id)
    slide = briefing.slides[index]
    view_changes = {k: v for k, v in changes.items() if k in _VIEW_FIELDS}
    slide_changes = {k: v for k, v in changes.items() if k in _SLIDE_FIELDS}
    if "questions" in view_changes:
        view_changes["questions"] = tuple(view_changes["questions"])  # type: ignore[arg-type]
    if "quotes" in slide_changes:
        slide_changes["quotes"] = tuple(slide_changes["quotes"])  # type: ignore[arg-type]
    view = slide_changes.pop("view", slide.view)
    view = replace(view, **view_changes)  # type: ignore[arg-type]
    _check_layout(view.layout)
    if slide_changes.get("marking"):
        slide_changes["marking"] = normalise_marking(slide_changes["marking"])  # type: ignore
    new = replace(slide, view=view, **slide_changes)  # type: ignore[arg-type]
    return replace(briefing, slides=(*briefing.slides[:index], new, *briefing.slides[index + 1 :]))


def pin_quote(briefing: Briefing, slide_id: str, quote: PinnedQuote) -> Briefing:
    """Pin `quote` to a slide (once: pinning the same span again changes nothing)."""
    slide = briefing.slide(slide_id)
    key = (quote.source, quote.start, quote.end)
    if any((q.source, q.start, q.end) == key for q in slide.quotes):
        return briefing
    return update_slide(briefing, slide_id, quotes=(*slide.quotes, quote))


def unpin_quote(briefing: Briefing, slide_id: str, source: str, start: int, end: int) -> Briefing:
    slide = briefing.slide(slide_id)
    kept = tuple(q for q in slide.quotes if (q.source, q.start, q.end) != (source, start, end))
    return update_slide(briefing, slide_id, quotes=kept)


def set_marking(briefing: Briefing, marking: str) -> Briefing:
    """The briefing with `marking`; a blank one is refused (it must never become OFFICIAL by
    default without anyone choosing it)."""
    if not (marking or "").strip():
        raise ExplorerError(
            "A protective marking cannot be blank; choose OFFICIAL or OFFICIAL-SENSITIVE."
        )
    return replace(briefing, marking=normalise_marking(marking))


def set_title(briefing: Briefing, title: str) -> Briefing:
    return replace(briefing, title=title)


def set_evidence(briefing: Briefing, notes: EvidenceNotes) -> Briefing:
    """The briefing with the analyst's evidence-matrix summaries and tags replaced by `notes`."""
    return replace(briefing, evidence=notes)
