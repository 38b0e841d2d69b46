"""The survey variables a briefing's slides use, so an export reads those columns (with what
they depend on: `survey.column_subset`) rather than the whole file; and the session an export
is made from, read that way."""

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


def load_for_export(briefing: Briefing, survey_path, qual_path, extra: list[str] = ()):
    """The Session an export of `briefing` is made from, with only the survey variables its
    slides use (and `extra`, e.g. the recorded design's variables) read, or every variable when
    a slide does not name its questions.

    With focus groups, the focus groups are read first: which survey variable a profile
    dimension is (the one a focus-group attribute filters the quotes by) is decided over the
    whole survey, so every variable that could take a focus-group attribute is read too
    (`evidence.matrix_columns`), and the session's dimensions are those of a full read."""
    from explorer.core.session import Session, find_topics_beside, load_session

    columns = briefing_columns(briefing)
    if columns is not None:
        columns = list(dict.fromkeys([*columns, *extra]))
    if columns is None or not qual_path or not survey_path:
        return load_session(survey_path, qual_path, columns=columns)
    from explorer.core.evidence.matrix_columns import MatrixColumns
    from explorer.core.survey.load import load_survey

    base = load_session(None, qual_path, find_topics_beside(survey_path, qual_path))
    attributes = tuple(base.project.attribute_names) if base.project is not None else ()
    request = MatrixColumns(
        attributes=attributes,
        links=tuple(link.survey_variable for link in base.links),
        patterns=(),
        names=tuple(columns),
    )
    survey = load_survey(survey_path, columns=[request])
    return Session(survey, base.project, base.topics, base.links)
