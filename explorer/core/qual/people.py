"""Who is behind a set of passages: distinct known participants (a case, or a speaker label
within its group), never facilitators or unknown speakers, and the identifiability check that
warns when quotes narrow to fewer than three people or come from unknown speakers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from explorer.core.qual.model import PARTICIPANT, UNKNOWN, Project, Segment, segment_role


def group_of(project: Project, segment: Segment) -> str:
    source = project.sources.get(segment.source)
    if source is None:
        return ""
    return source.group or source.name


def person(project: Project, seg: Segment) -> str | None:
    """Who a participant passage belongs to: the case, else the label within its group."""
    if segment_role(seg) != PARTICIPANT:
        return None
    if seg.case:
        return seg.case
    return f"{group_of(project, seg)}\0{seg.speaker}" if seg.speaker else None


def people(project: Project, segs: Iterable[Segment]) -> set[str]:
    """Distinct known participants; an exchange counts every participant who speaks in it."""
    out: set[str] = set()
    for seg in segs:
        if (who := person(project, seg)) is not None:
            out.add(who)
        for speaker, role in seg.exchange[1:]:
            if role == PARTICIPANT and speaker:
                case = project.case_by_name(speaker)
                out.add(case.guid if case else f"{group_of(project, seg)}\0{speaker}")
    return out


@dataclass(frozen=True)
class Identifiability:
    participants: int  # distinct known participants
    min_participants: int
    unknown: int = 0  # passages shown whose speaker is unknown

    @property
    def narrow(self) -> bool:
        """True when the quotes come from at least one but fewer than `min_participants` people."""
        return 0 < self.participants < self.min_participants

    @property
    def warn(self) -> bool:
        """Narrow, or some passages shown have no known speaker (they may be anyone's)."""
        return self.narrow or self.unknown > 0

    @property
    def message(self) -> str:
        parts = []
        if self.narrow:
            who = (
                "one participant" if self.participants == 1 else f"{self.participants} participants"
            )
            parts.append(
                f"These quotes come from only {who}; with their attributes they may identify "
                f"someone. Widen the selection to at least {self.min_participants} people before "
                "sharing."
            )
        if self.unknown:
            parts.append(
                f"{self.unknown} of these passages have no known speaker: check who said them "
                "before quoting."
            )
        return " ".join(parts)


def identifiability(
    project: Project, quotes: Iterable[Any], min_participants: int = 3
) -> Identifiability:
    """Distinct known participants behind `quotes` (fewer than `min_participants` is narrow),
    and how many passages come from unknown speakers."""
    quotes = list(quotes)
    found = people(project, (q.segment for q in quotes))
    unknown = sum(1 for q in quotes if segment_role(q.segment) == UNKNOWN)
    return Identifiability(len(found), min_participants, unknown)
