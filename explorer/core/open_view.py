"""A view named on the command line (`main.py --question Q --by VAR --filter VAR=codes`) turned
into the FilterState and ViewState the window shows, or a one-sentence error naming the problem.
"""

from __future__ import annotations

from collections.abc import Iterable

from explorer.core import filter_state as fs
from explorer.core.errors import ExplorerError
from explorer.core.filter_state import FilterState
from explorer.core.survey.filters import parse_filters
from explorer.core.view_state import ViewState


def _name(survey, name: str) -> str:
    """A variable's stored name, in any letter case (SPSS names are case-blind)."""
    if name in survey.variables:
        return name
    matches = [v for v in survey.variables if v.lower() == name.lower()]
    if len(matches) == 1:
        return matches[0]
    survey.variable(name)  # raises "<file> has no variable named 'x'."
    return name


def open_view(
    session, question: str | None, by: str | None, filters: Iterable[str] = ()
) -> tuple[FilterState, ViewState]:
    """The state for a scripted view. A filter on a profile variable ticks its dimension's
    values (so the quotes follow too); a filter on any other question selects its answers."""
    survey = session.survey
    filters = list(filters)
    if survey is None:
        if question or by or filters:
            raise ExplorerError("--question, --by and --filter need a survey to be loaded.")
        return FilterState(), ViewState()
    view = ViewState()
    if question:
        question = _name(survey, question)
        if question not in session.questions():
            raise ExplorerError(f"{question} is not a question the window charts.")
        view = ViewState(question=question)
    if by:
        by = _name(survey, by)
        if by not in session.breakdown_choices():
            raise ExplorerError(
                f"{by} cannot break a chart down (it is not a categorical question)."
            )
        view = ViewState(question=view.question, breakdown=by)
    texts = []
    for text in filters:
        name, sep, rest = text.partition("=")
        texts.append(f"{_name(survey, name.strip())}={rest}" if sep and name.strip() else text)
    state = FilterState()
    for name, codes in parse_filters(texts, survey).items():
        dim = next((d for d in session.dimensions if d.survey_variable == name), None)
        if dim is None:
            state = fs.with_cross(state, name, codes)
            continue
        keys = [v.key for v in dim.values if v.survey_code in codes]
        state = fs.with_values(state, dim.key, keys)
    return state, view
