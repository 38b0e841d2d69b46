"""What one slide shows, computed once from (data, view, options): title, takeaway, the weighted
tables, the quotes, every caption and notice, the marking and the flags. No Qt.

The window's current-chart exports, the presentation, PDF, PNG, SVG, PowerPoint, CSV/XLSX and the
headless `export` command all render a `SlideContent`; none computes a number, caption or quote of
its own, and none reads a number saved in the briefing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import NamedTuple

from explorer.core import captions
from explorer.core.briefing.marking import banner
from explorer.core.briefing.model import Briefing, DataRef
from explorer.core.briefing.pack import slide_marking
from explorer.core.data_date import data_date
from explorer.core.errors import ExplorerError
from explorer.core.evidence.matrix import EvidenceMatrix
from explorer.core.evidence.notes import EvidenceNotes
from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.core.slides.fit import fit_content
from explorer.core.slides.numbers import unmatched_numbers
from explorer.core.survey.table import Table, TableOptions

MAX_QUOTES = 3  # quotes a slide shows when none are pinned to it


class ShownQuote(NamedTuple):
    text: str
    attribution: str


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
    quotes: tuple[ShownQuote, ...]
    survey_lines: tuple[str, ...]  # base and filter, low-base flags, the [c] note
    quotes_line: str  # which participants the quotes come from ("" when none are shown)
    sources_line: str
    marking: str
    illustrative: bool
    quotes_pinned: bool = False  # the author pinned these; else the first MAX_QUOTES matching
    notices: tuple[str, ...] = ()  # e.g. the data changed since the briefing was written
    unmatched: tuple[str, ...] = ()  # takeaway numbers no figure on the slide shows
    live: bool = False  # the presenter changed the filter: not the saved view
    problem: str = ""  # why the numbers could not be computed, in one sentence
    not_applied: str = ""  # focus-group-only filters, which do not filter the survey
    quotes_note: str = ""  # why quotes are left out under a live filter, in one sentence
    lines: tuple[str, ...] = ()  # the paragraphs of a "text" slide (cover, method and sources)
    matrix: EvidenceMatrix | None = None  # a "matrix" slide's evidence matrix
    evidence: EvidenceNotes | None = None  # the briefing's summaries and row tags for it
    matrix_row: str | None = None  # the one row the slide shows, or None for the whole matrix
    # What fits (explorer.core.slides.fit): `tables` and `quotes` are what the slide shows on a
    # slide of `aspect`; every row and quote computed is kept for the table exports.
    aspect: str = "16:9"
    full_tables: tuple[Table, ...] = ()
    all_quotes: tuple[ShownQuote, ...] = ()
    space_note: str = ""  # what is not shown for space, on the slide itself
    chart_only: bool = False  # a chart-and-quotes slide whose chart needs the whole width

    @property
    def shows_numbers(self) -> bool:
        return self.layout in ("chart", "table", "chart+quotes")

    @property
    def shows_quotes(self) -> bool:
        return self.layout in ("quotes", "chart+quotes") and not self.chart_only

    @property
    def base_line(self) -> str:
        return self.survey_lines[0] if self.survey_lines else self.quotes_line

    @property
    def no_quotes_text(self) -> str:
        return "No focus-group quotes match this filter."

    @property
    def caption_lines(self) -> list[str]:
        """The lines under the slide body, in order (notices first, the data line last)."""
        lines = [captions.LIVE_NOTICE] if self.live else []
        lines += list(self.notices)
        if self.notices and self.unmatched:  # on changed data, a takeaway's words may be stale
            lines.append(captions.unmatched_line(self.unmatched))
        if self.shows_numbers or self.layout == "matrix":
            lines += list(self.survey_lines)
            if self.not_applied:
                lines.append(f"Focus groups only, not applied to the survey: {self.not_applied}")
        if self.shows_quotes and self.quotes_line:
            lines.append(self.quotes_line)
        if self.space_note:
            lines.append(self.space_note)
        lines.append(self.sources_line)
        if self.illustrative:
            lines.append(captions.SHORT_NOTICE)
        return lines

    @property
    def emphasised_lines(self) -> set[str]:
        """Caption lines drawn bold: the live view, data notices and the illustrative notice."""
        out = set(self.notices)
        if self.notices and self.unmatched:
            out.add(captions.unmatched_line(self.unmatched))
        if self.live:
            out.add(captions.LIVE_NOTICE)
        if self.illustrative:
            out.add(captions.SHORT_NOTICE)
        return out


# --- the data line and the changed-data notice ----------------------------------------------
_DATES: dict[tuple[str, str, DataRef | None], str] = {}


def _dated(path: str, sha256: str, recorded: DataRef | None) -> str:
    key = (path, sha256, recorded)
    if key not in _DATES:
        _DATES[key] = data_date(path, sha256, recorded)
    return _DATES[key]


def sources_line(session: Session, briefing: Briefing | None = None) -> str:
    """ "Data: london_survey.sav (data dated …)": the date the data records, not a copy's."""
    pairs = []
    if session.survey is not None:
        info = session.survey.source
        recorded = briefing.survey if briefing is not None else None
        pairs.append((os.path.basename(info.path), _dated(info.path, info.sha256, recorded)))
    if session.project is not None:
        project = session.project
        recorded = briefing.qual if briefing is not None else None
        name = os.path.basename(project.path) if project.path else project.name
        pairs.append((name, _dated(project.path, project.sha256, recorded)))
    return captions.data_line(pairs)


def changed_data(briefing: Briefing, session: Session) -> tuple[str, ...]:
    """Names of the loaded files whose SHA-256 differs from the one the briefing recorded."""
    names = []
    survey, project = session.survey, session.project
    if briefing.survey and survey and survey.source.sha256 != briefing.survey.sha256:
        names.append(os.path.basename(survey.source.path))
    if briefing.qual and project and project.sha256 != briefing.qual.sha256:
        names.append(os.path.basename(project.path) or project.name)
    return tuple(names)


def data_notices(briefing: Briefing, session: Session) -> tuple[str, ...]:
    notice = captions.changed_data_notice(changed_data(briefing, session))
    return (notice,) if notice else ()


# --- one slide --------------------------------------------------------------------------------
def _tables(slide_view, session: Session, state: FilterState, options) -> tuple[Table, ...]:
    if session.survey is None or slide_view.layout == "quotes":
        return ()
    options = options if options is not None else session.options
    if (options.show_empty, options.multi_base) != (slide_view.show_empty, slide_view.multi_base):
        # the slide's own choices, as the window showed it when the slide was made
        options = replace(
            options, show_empty=slide_view.show_empty, multi_base=slide_view.multi_base
        )
    return tuple(
        session.table(q, state, by=slide_view.breakdown, options=options)
        for q in slide_view.questions
        if q in session.survey.variables
    )


def _quotes(slide, session: Session, state: FilterState, live: bool = False):
    """The slide's quotes (pinned, else the first matching), the line saying whose they are, and
    under a live filter why some or all are left out (explorer.core.briefing.live_quotes)."""
    from explorer.core.briefing import live_quotes

    if slide.view.layout not in ("quotes", "chart+quotes"):
        return (), "", ""
    who = session.describe(state, "qual")
    kept = session.participants(state) if live else set()
    if slide.quotes:
        if live:
            pairs, note = live_quotes.live_pinned(
                slide.quotes, session.project, kept, session.passage_filter(state)
            )
            shown = tuple(ShownQuote(*p) for p in pairs)
            line = captions.quotes_line(who, len(shown), len(shown), pinned=True) if shown else ""
            return shown, line, note
        shown = tuple(ShownQuote(q.text, q.attribution) for q in slide.quotes)
        return shown, captions.quotes_line(who, len(shown), len(shown), pinned=True), ""
    if session.project is None:
        return (), "Quotes: no focus groups are loaded", ""
    from explorer.core.qual.attribution import attribution

    found = session.quotes(state)
    if live:
        pairs, note = live_quotes.live_found(found, kept, MAX_QUOTES)
        shown = tuple(ShownQuote(*p) for p in pairs)
        line = captions.quotes_line(who, len(shown), len(found), pinned=False) if shown else ""
        return shown, line, note
    shown = tuple(ShownQuote(q.text, attribution(q)) for q in found[:MAX_QUOTES])
    return shown, captions.quotes_line(who, len(shown), len(found), pinned=False), ""


def build_content(
    briefing: Briefing,
    index: int,
    session: Session,
    override: FilterState | None = None,
    *,
    options: TableOptions | None = None,
    notices: tuple[str, ...] | None = None,
    aspect: str = "16:9",
) -> SlideContent:
    """The content of slide `index` (0-based) on `session`, under `override` when given, with
    what fits a slide of `aspect` ("16:9" or "4:3"; explorer.core.slides.fit).

    `notices` are carried on the slide (by default: whether the data differs from the data the
    briefing recorded)."""
    slide = briefing.slides[index]
    state = override if override is not None else slide.view.filter_state
    live = override is not None and override != slide.view.filter_state
    if slide.view.layout == "matrix":
        from explorer.core.slides.matrix_content import matrix_content

        if notices is None:
            notices = data_notices(briefing, session)
        return matrix_content(briefing, index, session, state, notices, live, aspect)
    problem = ""
    try:
        tables = _tables(slide.view, session, state, options)
        missing = [
            q
            for q in slide.view.questions
            if session.survey is not None and q not in session.survey.variables
        ]
        if missing and slide.view.layout != "quotes":
            problem = f"The survey has no question {missing[0]!r}, which this slide charts."
    except ExplorerError as error:
        tables, problem = (), error.message
    quotes, quotes_line, quotes_note = _quotes(slide, session, state, live)
    survey_filter = session.describe(state, "survey")
    # A table slide shows the first table's letters, so its caption says how they were tested.
    letters = slide.view.layout == "table"
    survey_lines = tuple(captions.slide_lines(tables, survey_filter, letters=letters))
    if not survey_lines and slide.view.layout != "quotes" and session.survey is not None:
        survey_lines = (f"Filter: {survey_filter}",)
    qual_only = session.describe(state, "qual only")
    labels = [slide.title, survey_filter, session.describe(state, "qual")]
    labels += [q.text for q in quotes]
    multi = frozenset(t.question for t in tables if session.is_multi(t.question))
    unmatched = unmatched_numbers(
        slide.takeaway, tables, labels, layout=slide.view.layout, multi=multi
    )
    content = SlideContent(
        number=index + 1,
        total=len(briefing.slides),
        title=slide.title or "Untitled slide",
        takeaway=slide.takeaway,
        notes=slide.notes,
        layout=slide.view.layout,
        tables=tables,
        multi=multi,
        quotes=quotes,
        quotes_pinned=bool(slide.quotes),
        survey_lines=survey_lines,
        quotes_line=quotes_line,
        sources_line=sources_line(session, briefing),
        marking=banner(slide_marking(briefing, slide)),
        illustrative=session.illustrative,
        notices=data_notices(briefing, session) if notices is None else notices,
        unmatched=unmatched,
        live=live,
        problem=problem,
        quotes_note=quotes_note,
        not_applied="" if qual_only == "All respondents" else qual_only,
        full_tables=tables,
        all_quotes=quotes,
    )
    return fit_content(content, aspect)


def build_deck(
    briefing: Briefing,
    session: Session,
    *,
    options: TableOptions | None = None,
    aspect: str = "16:9",
) -> list[SlideContent]:
    """Every slide of `briefing` on `session`, each carrying the changed-data notice if any."""
    notices = data_notices(briefing, session)
    return [
        build_content(briefing, i, session, options=options, notices=notices, aspect=aspect)
        for i in range(len(briefing.slides))
    ]
