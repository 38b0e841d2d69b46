"""The survey variables a briefing's slides use, so an export reads those columns (with what
they depend on: `survey.column_subset`) rather than the whole file."""

from __future__ import annotations

from explorer.core.briefing.model import Briefing


def briefing_columns(briefing: Briefing) -> list[str] | None:
    """Every survey variable named by a slide (questions, breakdown, survey filters, clicked
    answers; an evidence matrix's dimension and its rows' questions), or None (read everything)
    when a slide shows a topic or a matrix without naming its questions."""
    names: list[str] = []
    for slide in briefing.slides:
        view = slide.view
        if not view.questions:
            return None
        names += view.questions
        if slide.matrix is not None:
            names.append(slide.matrix.by)
        if view.breakdown:
            names.append(view.breakdown)
        names += [key for key, _values in view.filter.dimensions if not key.startswith("qual:")]
        names += [key for key, _codes in view.filter.cross]
    return list(dict.fromkeys(names)) or None
