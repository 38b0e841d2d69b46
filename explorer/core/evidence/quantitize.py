"""Themes counted per participant (quantitizing): for each participant of each group of an
evidence matrix, how many of their passages carry each theme (0: they did not raise it). The
matrix's focus-group counts are these indicators summed per group. Labelled not statistically
representative; never given an interval or a significance letter. A group of fewer than three
participants has its label withheld, so no row can be tied to a person by it.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.core import dimension_filters as dim_filters
from explorer.core.evidence.matrix import MIN_PARTICIPANTS, EvidenceMatrix
from explorer.core.session import Session

WITHHELD_GROUP = f"withheld (fewer than {MIN_PARTICIPANTS} participants)"


@dataclass(frozen=True)
class ParticipantRow:
    participant: str  # the pseudonym the transcript uses (the case's name, or the speaker label)
    group: str  # the group's label, or WITHHELD_GROUP
    passages: tuple[int, ...]  # per matrix row: their passages with the theme (0: not raised)


def _name(project, who: str) -> str:
    case = project.cases.get(who)
    return case.name if case is not None else who.rpartition("\0")[2]


def participant_themes(session: Session, matrix: EvidenceMatrix) -> list[ParticipantRow]:
    """A row per participant of each group (those who raised no theme too), in group order."""
    from explorer.core.qual.people import people
    from explorer.core.qual.queries import QuoteQuery, find_quotes

    project = session.project
    if project is None or not matrix.rows:
        return []
    n = len(matrix.rows)
    out: list[ParticipantRow] = []
    for j, group in enumerate(matrix.groups):
        state = matrix.rows[0].cells[j].state
        where = dim_filters.quote_where(state, session.dimensions)
        if any(not v for v in where.values()):
            continue  # no focus-group counterpart: nobody to list
        counts = {
            g: [0] * n for g in dim_filters.matching_cases(project, state, session.dimensions)
        }
        for i, row in enumerate(matrix.rows):
            if row.cells[j].qual is None:
                continue
            query = QuoteQuery(
                codes=row.theme.codes,
                where=tuple(sorted(where.items())),
                speakers_only=True,
                participants_only=True,
            )
            for quote in find_quotes(project, query):
                for who in people(project, (quote.segment,)):
                    counts.setdefault(who, [0] * n)[i] += 1
        label = WITHHELD_GROUP if 0 < len(counts) < MIN_PARTICIPANTS else group.label
        named = sorted((_name(project, who), tuple(c)) for who, c in counts.items())
        out += [ParticipantRow(name, label, c) for name, c in named]
    return out


def participants_to_json(matrix: EvidenceMatrix, rows: list[ParticipantRow]) -> dict:
    from explorer.core.evidence.matrix import NOT_REPRESENTATIVE

    themes = [r.theme.id for r in matrix.rows]
    return {
        "notice": NOT_REPRESENTATIVE,
        "unit": "passages each participant spoke with the theme (0: not raised)",
        "themes": themes,
        "rows": [
            {
                "participant": r.participant,
                "group": r.group,
                "passages": dict(zip(themes, r.passages)),
            }
            for r in rows
        ],
    }
