"""The evidence matrix as plain data: the `explorer matrix --format json` contract (rows, each
with its survey `question` and `cells`; each cell its `filter` for `explorer table --filter`,
its `where` for `explorer quotes --where`, `survey`, `qual` and the exemplar's reference), and
the same matrix as text lines for the terminal.
"""

from __future__ import annotations

from typing import Any

from explorer.core.evidence.matrix import (
    MIN_PARTICIPANTS,
    NOT_REPRESENTATIVE,
    Cell,
    EvidenceMatrix,
)
from explorer.core.evidence.notes import EvidenceNotes
from explorer.core.survey.formatting import format_percent


def _code(value):
    if value is None or isinstance(value, str):
        return value
    return int(value) if float(value).is_integer() else float(value)


def cell_to_json(m: EvidenceMatrix, theme: str, cell: Cell, notes: EvidenceNotes) -> dict:
    s, q, e = cell.survey, cell.qual, cell.exemplar
    return {
        "group": cell.group.key,
        "label": cell.group.label,
        "filter": list(cell.filter),
        "where": list(cell.where),
        "survey": None
        if s is None
        else {
            "answer": s.answer,
            "percent": s.percent,
            "ci_low": s.ci_low,
            "ci_high": s.ci_high,
            "unweighted_base": s.unweighted_base,
            "effective_base": s.effective_base,
            "flags": list(s.flags),
            "suppressed": s.suppressed,
        },
        "qual": None
        if q is None
        else {
            "participants": q.participants,
            "of": q.of,
            "passages": q.passages,
            "flagged": q.narrow,
        },
        "exemplar": None
        if e is None
        else {"text": e.text, "attribution": e.attribution, "reference": e.reference},
        "summary": notes.summary(m.by, theme, cell.group.key),
    }


def matrix_to_json(m: EvidenceMatrix, notes: EvidenceNotes | None = None) -> dict[str, Any]:
    notes = notes or EvidenceNotes()
    rows = []
    for row in m.rows:
        theme = row.theme
        tag = notes.tag(m.by, theme.id)
        rows.append(
            {
                "theme": theme.label,
                "id": theme.id,
                "kind": theme.kind,
                "codes": list(theme.code_names),
                "question": theme.question,
                "question_label": row.question_label,
                "tag": None if tag is None else {"tag": tag.tag, "reason": tag.reason},
                "cells": [cell_to_json(m, theme.id, c, notes) for c in row.cells],
            }
        )
    return {
        "by": m.by,
        "by_label": m.by_label,
        "weight": m.weight,
        "weighted": m.weight is not None,
        "filter": m.survey_filter,
        "qual_filter": m.qual_filter,
        "illustrative": m.illustrative,
        "qual_notice": NOT_REPRESENTATIVE,
        "qual_unit": "participants who raised the theme, of the group's participants; passages",
        "min_participants": MIN_PARTICIPANTS,
        "groups": [
            {
                "key": g.key,
                "label": g.label,
                "survey_code": _code(g.survey_code),
                "qual_values": list(g.qual_values),
            }
            for g in m.groups
        ],
        "rows": rows,
    }


def survey_text(cell: Cell) -> str:
    """ "57% (47–66) n=100 ⚠" — the survey half of a cell in words."""
    s = cell.survey
    if s is None:
        return "–"
    if s.suppressed or s.percent is None:
        return f"{format_percent(s.percent, suppressed=s.suppressed)} n={s.unweighted_base}"
    interval = ""
    if s.ci_low is not None and s.ci_high is not None:
        interval = f" ({format_percent(s.ci_low)}–{format_percent(s.ci_high)})"
    flag = " ⚠" if s.flags else ""
    return f"{format_percent(s.percent)}%{interval} n={s.unweighted_base}{flag}"


def qual_text(cell: Cell) -> str:
    """ "6 of 9 participants, 19 passages ⚑" — the focus-group half of a cell in words."""
    q = cell.qual
    if q is None:
        return "–"
    flag = " ⚑" if q.narrow else ""
    return f"{q.participants} of {q.of} participants, {q.passages} passages{flag}"


def matrix_lines(m: EvidenceMatrix) -> list[str]:
    """The matrix for a terminal: a block per row, a line per group."""
    out = [f"Evidence matrix by {m.by_label}; survey base: {m.survey_filter}", ""]
    for row in m.rows:
        question = f" — {row.question_label} ({row.theme.question})" if row.theme.question else ""
        out.append(f"{row.theme.label}{question}")
        for cell in row.cells:
            answer = f"{cell.survey.answer} " if cell.survey else ""
            out.append(f"  {cell.group.label}: {answer}{survey_text(cell)} | {qual_text(cell)}")
        out.append("")
    out.append(NOT_REPRESENTATIVE)
    return out
