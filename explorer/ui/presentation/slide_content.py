"""What one slide shows, computed from the loaded data: title, takeaway, the weighted tables for
its view (or a live override of its filter), quotes, the base/filter caption and provenance.

The renderer draws only from a `SlideContent`, so the audience view, the PDF and the PNG exports
show the same numbers, and none is ever read from the saved briefing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from explorer.core.briefing.marking import banner
from explorer.core.briefing.model import Briefing, Slide
from explorer.core.errors import ExplorerError
from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.core.survey.formatting import format_count
from explorer.core.survey.table import Table

SHORT_NOTICE = "Illustrative sample data: no real person gave these answers or said these words."
MAX_QUOTES = 3


@dataclass(frozen=True)
class SlideContent:
    number: int
    total: int
    title: str
    takeaway: str
    notes: str
    layout: str
    tables: tuple[Table, ...]
    multi: frozenset[str]  # questions that are multiple-response (their bars do not add to 100)
    quotes: tuple[tuple[str, str], ...]  # (text, attribution)
    base_line: str
    sources_line: str
    marking: str
    illustrative: bool
    live: bool = False  # the presenter changed the filter: not the saved view
    problem: str = ""  # why the numbers could not be computed, in one sentence


def base_line(tables: tuple[Table, ...], description: str) -> str:
    """ "Base: <filter>; unweighted n = …, effective n = …" plus low-base flags, in words."""
    if not tables:
        return f"Filter: {description}"
    total = tables[0].columns[0]
    line = (
        f"Base: {description}; unweighted n = {format_count(total.unweighted_base)}, "
        f"effective n = {format_count(total.effective_base)}"
    )
    low = [c.label for t in tables[:1] for c in t.columns if c.low_base]
    if low:
        line += f". Low base, treat with caution: {', '.join(low)}"
    if any(c.suppressed for t in tables for r in t.rows for c in r.cells):
        line += ". [c] = hidden, too few respondents"
    return line


def sources_line(session: Session) -> str:
    from explorer.core.export.provenance import project_ref, survey_ref

    refs = []
    if session.survey is not None:
        refs.append(survey_ref(session.survey))
    if session.project is not None:
        refs.append(project_ref(session.project))
    parts = [
        os.path.basename(r.name) + (f" (file dated {r.modified})" if r.modified else "")
        for r in refs
    ]
    return "Data: " + "; ".join(parts) if parts else "Data: none loaded"


def slide_state(slide: Slide, override: FilterState | None = None) -> FilterState:
    return override if override is not None else slide.view.filter_state


def slide_tables(slide: Slide, session: Session, state: FilterState) -> tuple[Table, ...]:
    """The slide's tables through the window's own session (so its dimension mapping applies)."""
    if session.survey is None or slide.view.layout == "quotes":
        return ()
    return tuple(
        session.table(q, state, by=slide.view.breakdown)
        for q in slide.view.questions
        if q in session.survey.variables
    )


def build_content(
    briefing: Briefing,
    index: int,
    session: Session,
    override: FilterState | None = None,
) -> SlideContent:
    """The content of slide `index` (0-based) on `session`, under `override` when given."""
    slide = briefing.slides[index]
    state = slide_state(slide, override)
    problem = ""
    try:
        tables = slide_tables(slide, session, state)
        missing = [
            q
            for q in slide.view.questions
            if session.survey is not None and q not in session.survey.variables
        ]
        if missing and slide.view.layout != "quotes":
            problem = f"The survey has no question {missing[0]!r}, which this slide charts."
    except ExplorerError as error:
        tables, problem = (), error.message
    multi = frozenset(t.question for t in tables if session.is_multi(t.question))
    quotes = tuple((q.text, q.attribution) for q in slide.quotes)
    if not quotes and slide.view.layout in ("quotes", "chart+quotes"):
        from explorer.core.qual.attribution import attribution

        quotes = tuple((q.text, attribution(q)) for q in session.quotes(state)[:MAX_QUOTES])
    description = session.describe(state)
    return SlideContent(
        number=index + 1,
        total=len(briefing.slides),
        title=slide.title or "Untitled slide",
        takeaway=slide.takeaway,
        notes=slide.notes,
        layout=slide.view.layout,
        tables=tables,
        multi=multi,
        quotes=quotes,
        base_line=base_line(tables, description),
        sources_line=sources_line(session),
        marking=banner(briefing.marking),
        illustrative=session.illustrative,
        live=override is not None and override != slide.view.filter_state,
        problem=problem,
    )


def with_title(content: SlideContent, title: str) -> SlideContent:
    return replace(content, title=title)
