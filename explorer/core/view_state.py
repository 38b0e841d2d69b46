"""The one immutable view state: what the window shows of the filtered data (the charted question,
its breakdown, chart or table, the focused view, display options: whether labelled codes nobody
chose are shown, and the base of a multiple-response question), kept apart from its widgets.

The FilterState says *who* (respondents, quotes, the topic and selected codes); the ViewState says
*how it is shown*. Both are frozen values held by one controller; the functions here return a new
ViewState and never mutate one. `view_to_json`/`view_from_json` carry it between runs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from explorer.core.survey.table import TableOptions

# The main area's tabs: the chart, its table, codes × attribute, code co-occurrence, and the
# evidence matrix (survey numbers beside focus-group voices).
TABS = ("chart", "table", "matrix", "cooccurrence", "evidence")
# Views that can be focused to fill the window (None: the normal layout).
FOCUSABLE = ("chart", "table", "quotes", "matrix", "cooccurrence", "evidence")
MATRIX_MODES = ("percent", "count")
# The base of a multiple-response question: those who answered any item, or every respondent.
MULTI_BASES = ("answered", "all")


@dataclass(frozen=True)
class ViewState:
    """How the filtered data is shown; None/defaults mean "the first question, no breakdown"."""

    question: str | None = None
    breakdown: str | None = None
    tab: str = "chart"  # which of the main area's tabs is shown
    focus: str | None = None  # a view filling the window, or None
    matrix_mode: str = "percent"  # code × attribute and co-occurrence: percentages or counts
    show_empty: bool = False  # labelled codes nobody in the base chose are shown (n = 0 rows)
    multi_base: str = "answered"  # see MULTI_BASES

    def __post_init__(self) -> None:
        if self.tab not in TABS:
            raise ValueError(f"tab must be one of {TABS}, not {self.tab!r}")
        if self.focus is not None and self.focus not in FOCUSABLE:
            raise ValueError(f"focus must be one of {FOCUSABLE}, not {self.focus!r}")
        if self.matrix_mode not in MATRIX_MODES:
            raise ValueError(f"matrix_mode must be one of {MATRIX_MODES}")
        if self.multi_base not in MULTI_BASES:
            raise ValueError(f"multi_base must be one of {MULTI_BASES}, not {self.multi_base!r}")


def with_question(view: ViewState, question: str | None) -> ViewState:
    """Chart `question`; a breakdown by the question itself is dropped (it would be the diagonal)."""
    breakdown = None if view.breakdown == question else view.breakdown
    return replace(view, question=question, breakdown=breakdown)


def with_breakdown(view: ViewState, breakdown: str | None) -> ViewState:
    return replace(view, breakdown=breakdown or None)


def with_tab(view: ViewState, tab: str) -> ViewState:
    return replace(view, tab=tab)


def with_focus(view: ViewState, focus: str | None) -> ViewState:
    """Focus `focus`; focusing the view already focused goes back to the normal layout."""
    return replace(view, focus=None if focus == view.focus else focus)


def with_matrix_mode(view: ViewState, mode: str) -> ViewState:
    return replace(view, matrix_mode=mode)


def with_show_empty(view: ViewState, show: bool) -> ViewState:
    return replace(view, show_empty=bool(show))


def with_multi_base(view: ViewState, base: str) -> ViewState:
    return replace(view, multi_base=base)


def table_options(view: ViewState, options: TableOptions) -> TableOptions:
    """The options every table of the window is computed with: the session's significance and
    design settings, with this view's empty-category and multiple-response-base choices."""
    if options.show_empty == view.show_empty and options.multi_base == view.multi_base:
        return options
    return replace(options, show_empty=view.show_empty, multi_base=view.multi_base)


def view_to_json(view: ViewState) -> dict[str, Any]:
    return {
        "question": view.question,
        "breakdown": view.breakdown,
        "tab": view.tab,
        "focus": view.focus,
        "matrix_mode": view.matrix_mode,
        "show_empty": view.show_empty,
        "multi_base": view.multi_base,
    }


def view_from_json(obj: Any) -> ViewState:
    """A ViewState from saved JSON; anything missing, mistyped or unknown falls back to the
    default (a saved view is a convenience, never a reason to refuse to start)."""
    if not isinstance(obj, dict):
        return ViewState()

    def text(key: str) -> str | None:
        value = obj.get(key)
        return value if isinstance(value, str) and value else None

    tab = text("tab")
    focus = text("focus")
    mode = text("matrix_mode")
    base = text("multi_base")
    return ViewState(
        question=text("question"),
        breakdown=text("breakdown"),
        tab=tab if tab in TABS else "chart",
        focus=focus if focus in FOCUSABLE else None,
        matrix_mode=mode if mode in MATRIX_MODES else "percent",
        show_empty=obj.get("show_empty") is True,
        multi_base=base if base in MULTI_BASES else "answered",
    )


def shown_question(view: ViewState, questions: list[str]) -> str | None:
    """The question the window charts: the view's, when the topic has it; else the topic's first."""
    if view.question in questions:
        return view.question
    return questions[0] if questions else None


def topic_questions(session, topic: str | None) -> list[str]:
    """The questions the window offers for `topic` (the question picker's list): the topic's own,
    with those of a large .sav still being read, or every question when the topic has none."""
    if session.survey is None:
        return []
    return session.listed_questions(topic) or session.listed_questions()


def shown_breakdown(view: ViewState, question: str | None) -> str | None:
    """The breakdown drawn: none when it is the charted question itself."""
    return None if view.breakdown == question else view.breakdown


def fitted_view(session, state, topic: Any, saved_view: Any):
    """(FilterState, ViewState) from a saved filter, topic and view, keeping only what the loaded
    `session` has: unknown dimensions, cross-filtered questions, codes, topics and questions are
    dropped (they may come from other data or an older mapping)."""
    dims = {d.key for d in session.dimensions}
    variables = set(session.survey.variables) if session.survey is not None else set()
    codes = set(session.project.codes) if session.project is not None else set()
    state = replace(
        state,
        dimensions=tuple((k, v) for k, v in state.dimensions if k in dims),
        cross=tuple((q, c) for q, c in state.cross if q in variables),
        codes=frozenset(c for c in state.codes if c in codes),
        topic=topic if isinstance(topic, str) and topic in session.topic_names() else None,
    )
    view = view_from_json(saved_view)
    view = replace(
        view,
        question=view.question if view.question in variables else None,
        breakdown=view.breakdown if view.breakdown in variables else None,
    )
    return state, view
