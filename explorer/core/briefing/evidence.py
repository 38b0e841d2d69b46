"""A slide's evidence recomputed from the data: the weighted table(s) for its questions under its
filter and breakdown, and the focus-group quotes its filter and selected codes pick out.

Exports and presentation mode read numbers only from here, so a slide always shows what the data
in front of it says, never a number saved in the briefing.
"""

from __future__ import annotations

from explorer.core.briefing.model import Slide
from explorer.core.dimensions import build_dimensions, describe, quote_where, survey_mask
from explorer.core.qual.model import Project
from explorer.core.qual.queries import Quote, QuoteQuery, find_quotes
from explorer.core.survey.model import Survey
from explorer.core.survey.table import Table, TableOptions
from explorer.core.survey.tabulate import compute_table


def slide_filter_description(slide: Slide, survey: Survey | None, project: Project | None) -> str:
    dims = build_dimensions(survey, project)
    return describe(slide.view.filter_state, dims, survey)


def slide_tables(
    slide: Slide,
    survey: Survey,
    project: Project | None = None,
    *,
    options: TableOptions | None = None,
) -> list[Table]:
    """One table per question of the slide (several for small multiples), filtered and broken down
    as the slide says. Questions the survey lacks raise ExplorerError naming them."""
    state = slide.view.filter_state
    dims = build_dimensions(survey, project)
    mask = survey_mask(survey, state, dims)
    description = describe(state, dims, survey)
    kwargs = {"options": options} if options is not None else {}
    return [
        compute_table(
            survey,
            question,
            by=slide.view.breakdown,
            mask=mask,
            filter_description=description,
            **kwargs,
        )
        for question in slide.view.questions
    ]


def slide_quotes(slide: Slide, project: Project, survey: Survey | None = None) -> list[Quote]:
    """The quotes matching the slide's profile filter, quote search and selected codes."""
    state = slide.view.filter_state
    dims = build_dimensions(survey, project)
    where = tuple(sorted(quote_where(state, dims).items()))
    codes = tuple(sorted(c for c in state.codes if c in project.codes))
    if state.codes and not codes:  # every selected code has gone: show nothing, not everything
        return []
    query = QuoteQuery(
        codes=codes,
        where=where,
        search=state.search,
    )
    return find_quotes(project, query)
