"""A matrix slide's content: the evidence matrix (or one row of it) the slide names, computed
under the slide's filter by the same core as the window and `explorer matrix`, with its captions,
the analyst's notes from the briefing, the marking and the notices. No Qt.
"""

from __future__ import annotations

from explorer.core.briefing.marking import banner
from explorer.core.briefing.model import Briefing
from explorer.core.briefing.pack import slide_marking
from explorer.core.errors import ExplorerError
from explorer.core.evidence.captions import matrix_lines
from explorer.core.evidence.matrix import build_matrix, without_exemplars
from explorer.core.evidence.themes import themes_from_refs
from explorer.core.filter_state import FilterState
from explorer.core.session import Session

NO_MATRIX = "This slide has no evidence matrix: add one from the window's Evidence matrix tab."


def matrix_content(
    briefing: Briefing,
    index: int,
    session: Session,
    state: FilterState,
    notices: tuple[str, ...],
    live: bool,
    aspect: str = "16:9",
):
    from explorer.core.slides.content import SlideContent, sources_line

    slide = briefing.slides[index]
    spec = slide.matrix
    matrix, problem, lines = None, "", ()
    if spec is None:
        problem = NO_MATRIX
    else:
        try:
            refs = [r for r in spec.themes if spec.row is None or r[1] == spec.row]
            themes = themes_from_refs(session, refs)
            matrix = build_matrix(session, state, spec.by, themes)
            if not spec.quotes:  # a public audience's pack: no quotes, exemplars neither
                matrix = without_exemplars(matrix)
            lines = tuple(matrix_lines(matrix))
        except ExplorerError as error:
            problem = error.message
    qual_only = session.describe(state, "qual only")
    return SlideContent(
        number=index + 1,
        total=len(briefing.slides),
        title=slide.title or "Evidence matrix",
        takeaway=slide.takeaway,
        notes=slide.notes,
        layout="matrix",
        tables=(),
        multi=frozenset(),
        quotes=(),
        survey_lines=lines,
        quotes_line="",
        sources_line=sources_line(session, briefing),
        marking=banner(slide_marking(briefing, slide)),
        illustrative=session.illustrative,
        notices=notices,
        live=live,
        problem=problem,
        not_applied="" if qual_only == "All respondents" else qual_only,
        matrix=matrix,
        evidence=briefing.evidence,
        matrix_row=spec.row if spec is not None else None,
        aspect=aspect,
    )
