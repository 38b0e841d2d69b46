"""The two focus-group matrices of the main area, under the current filter: codes × a participant
attribute (participants coded, of those in each column) and code co-occurrence (segments where two
codes meet, among the filtered participants' segments); each cell knows its passages. `keep`
(explorer.core.passage_dimensions.passage_filter) narrows the passages further: by source,
coder or coding date.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

from explorer.core.qual.code_counts import _depths, _labels, co_occurrence, tree_order
from explorer.core.qual.lookup import _attr
from explorer.core.qual.model import FACILITATOR, Project, Segment, segment_role

Keep = Callable[[Segment], bool] | None


@dataclass(frozen=True)
class Matrix:
    """Rows of codes, columns of values (or codes); `counts[i][j]`, and each column's base (the
    number the count is a share of; 0 when there is none)."""

    rows: tuple[tuple[str, str, int], ...]  # (code guid, name, depth)
    columns: tuple[str, ...]  # column labels
    keys: tuple[str | None, ...]  # attribute value (None: all) or code guid, per column
    counts: tuple[tuple[int, ...], ...]
    bases: tuple[tuple[int, ...], ...]  # per cell: what the percentage is of
    unit: str  # "participants" or "segments"

    def percent(self, i: int, j: int) -> float | None:
        base = self.bases[i][j]
        return 100.0 * self.counts[i][j] / base if base else None


def _spoken(project: Project, participants: Collection[str], keep: Keep = None) -> list[Segment]:
    """What the filtered participants said (in passages `keep` accepts): never a facilitator's
    words, even in a source linked to a participant's case (a one-to-one interview)."""
    return [
        s
        for s in project.segments
        if s.case in participants and segment_role(s) != FACILITATOR and (keep is None or keep(s))
    ]


def attribute_matrix(
    project: Project,
    by: str,
    participants: Collection[str],
    codes: Collection[str] | None = None,
    keep: Keep = None,
) -> Matrix:
    """Participants coded with each code (or a code below it) among the filtered `participants`,
    overall and per value of attribute `by`; the base of a column is its participants."""
    people = [project.cases[g] for g in participants if g in project.cases]
    values: list[str] = []
    for case in people:
        v = _attr(case.attribute_map, by)
        if v is not None and v not in values:
            values.append(v)
    column_people = [set(participants)] + [
        {c.guid for c in people if _attr(c.attribute_map, by) == v} for v in values
    ]
    segments = _spoken(project, participants, keep)
    labels, depths = _labels(project), _depths(project)
    rows, counts, bases = [], [], []
    for guid in tree_order(project):
        if codes is not None and guid not in codes:
            continue
        members = project.descendants(guid)
        coded = {s.case for s in segments if members.intersection(s.codes)}
        if not coded:
            continue
        rows.append((guid, labels[guid], depths[guid]))
        counts.append(tuple(len(coded & col) for col in column_people))
        bases.append(tuple(len(col) for col in column_people))
    return Matrix(
        tuple(rows),
        ("All", *values),
        (None, *values),
        tuple(counts),
        tuple(bases),
        "participants",
    )


def filtered_co_occurrence(
    project: Project,
    participants: Collection[str],
    codes: Collection[str] | None = None,
    keep: Keep = None,
) -> Matrix:
    """Where two codes meet (queries.co_occurrence) among the filtered participants' segments;
    a cell's percentage is of the row code's segments."""
    kept = replace(project, segments=_spoken(project, participants, keep))
    order = [c for c in tree_order(project) if codes is None or c in codes]
    result = co_occurrence(kept, order)
    shown = [i for i, _g in enumerate(result.codes) if result.counts[i][i] > 0]
    guids = [result.codes[i] for i in shown]
    counts = tuple(tuple(result.counts[i][j] for j in shown) for i in shown)
    bases = tuple(tuple(result.counts[i][i] for _j in shown) for i in shown)
    labels, depths = _labels(project), _depths(project)
    return Matrix(
        tuple((g, labels[g], depths[g]) for g in guids),
        tuple(labels[g] for g in guids),
        tuple(guids),
        counts,
        bases,
        "segments",
    )


def attribute_cell_segments(
    project: Project,
    code: str,
    by: str,
    value: str | None,
    participants: Collection[str],
    keep: Keep = None,
) -> list[Segment]:
    """The passages behind a codes × attribute cell: segments coded `code` (or below) spoken by
    a filtered participant whose `by` is `value` (any value when None)."""
    members = project.descendants(code)
    out = []
    for s in _spoken(project, participants, keep):
        if not members.intersection(s.codes):
            continue
        case = project.cases.get(s.case)
        if value is not None and (case is None or _attr(case.attribute_map, by) != value):
            continue
        out.append(s)
    return out


def co_occurrence_segments(
    project: Project, a: str, b: str, participants: Collection[str], keep: Keep = None
) -> list[Segment]:
    """The passages behind a co-occurrence cell: segments coded `a` that also carry `b` or
    overlap a segment of the same source carrying `b` (as the count is made)."""
    segments = _spoken(project, participants, keep)
    with_b = [s for s in segments if b in s.codes]
    out: list[Segment] = []
    for s in segments:
        if a not in s.codes:
            continue
        if b in s.codes or any(
            o.source == s.source and o.start < s.end and s.start < o.end for o in with_b
        ):
            out.append(s)
    return out


def ordered(segments: Sequence[Segment]) -> list[Segment]:
    return sorted(segments, key=lambda s: (s.source, s.start))
