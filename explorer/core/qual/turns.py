"""Splitting a transcript into speaker turns and tying coded passages to their speaker and case.

A turn starts at a speaker label at the start of a line (the forms are in `speaker_labels.py`) and
runs until the next label, across hard-wrapped lines and blank lines. Text above the first label
has no speaker. A transcript with no labels at all is one paragraph per turn, spoken by the case
linked to the source (a one-to-one interview) or by nobody known.

A passage's speaker is the nearest label at or above its first non-blank character. Facilitators
(moderator, interviewer…) keep their words, marked FACILITATOR, and never get a case. A passage
that runs across turns lists each speaker in `exchange`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from explorer.core.qual.model import (
    FACILITATOR,
    PARTICIPANT,
    UNKNOWN,
    Case,
    Project,
    Segment,
    Turn,
)
from explorer.core.qual.speaker_labels import is_facilitator, match_label, speaker_key

__all__ = ["case_index", "link_speakers", "speaker_key", "split_turns", "turn_at"]

_TITLES = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+", re.IGNORECASE)
# labels that stand for "the person interviewed" in a one-to-one interview
_INTERVIEWEE = {"r", "a", "respondent", "interviewee", "participant", "resp", "p"}


def _keys(name: str) -> list[str]:
    key = speaker_key(name)
    bare = speaker_key(_TITLES.sub("", name.strip()))
    return [key] if bare == key else [key, bare]


def case_index(cases: Mapping[str, Case]) -> dict[str, Case]:
    """Cases by every key their name may be written under in a transcript."""
    index: dict[str, Case] = {}
    for case in cases.values():
        for key in _keys(case.name):
            index.setdefault(key, case)
    return index


def _find_case(label: str, cases: Mapping[str, Case]) -> Case | None:
    for key in _keys(label):
        if key in cases:
            return cases[key]
    return None


@dataclass(frozen=True)
class _Label:
    line_start: int  # where the label's line begins
    body_start: int  # where the words after the label begin
    label: str


def _scan(text: str, known: set[str]) -> list[_Label]:
    labels: list[_Label] = []
    pos = 0
    memo: dict[str, bool] = {}
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        found = match_label(line, known, memo) if line.strip() else None
        if found is not None:
            labels.append(_Label(line_start, line_start + found[1], found[0]))
    return labels


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def split_turns(
    source_guid: str,
    text: str,
    cases: Mapping[str, Case] | None = None,
    linked: Case | None = None,
) -> tuple[Turn, ...]:
    """The turns of `text`; `cases` maps keys to cases (see `case_index`); `linked` is the one
    case a source is tied to (an interview), who speaks the turns not labelled as someone else."""
    cases = cases or {}
    labels = _scan(text, set(cases))
    turns: list[Turn] = []

    def add(line: int, start: int, end: int, label: str, case: Case | None, role: str) -> None:
        start, end = _trimmed(text, start, end)
        if end <= start and not label:
            return
        speaker = case.name if case else label  # a case is named as the project names it
        guid = case.guid if case else None
        turns.append(
            Turn(source_guid, len(turns), start, end, speaker, guid, text[start:end], role, line)
        )

    if not labels:  # no labels: one paragraph per turn, said by the linked case or unknown
        pos = 0
        for line in text.split("\n"):
            line_start, pos = pos, pos + len(line) + 1
            if line.strip():
                role = PARTICIPANT if linked else UNKNOWN
                add(line_start, line_start, line_start + len(line), "", linked, role)
        return tuple(turns)
    speakers = {speaker_key(lab.label) for lab in labels if not is_facilitator(lab.label)}
    if labels[0].line_start > 0 and text[: labels[0].line_start].strip():
        add(0, 0, labels[0].line_start, "", None, UNKNOWN)
    for i, lab in enumerate(labels):
        end = labels[i + 1].line_start if i + 1 < len(labels) else len(text)
        if is_facilitator(lab.label):
            add(lab.line_start, lab.body_start, end, lab.label, None, FACILITATOR)
            continue
        case = _find_case(lab.label, cases)
        if (
            case is None
            and linked is not None
            and (len(speakers) == 1 or speaker_key(lab.label) in _INTERVIEWEE)
        ):
            case = linked  # the interviewee, however the transcript labels them
        add(lab.line_start, lab.body_start, end, lab.label, case, PARTICIPANT)
    return tuple(turns)


def _line_starts(text: str, turns: Sequence[Turn]) -> list[int]:
    """Where each turn's line (its label included) begins: the turn holds everything from there."""
    return [
        t.line_start if t.line_start is not None else text.rfind("\n", 0, t.start) + 1
        for t in turns
    ]


def turn_at(turns: Sequence[Turn], line_starts: list[int], position: int) -> Turn | None:
    """The turn of the nearest label at or above `position`."""
    if not turns:
        return None
    i = bisect.bisect_right(line_starts, position) - 1
    return turns[max(i, 0)]


def _majority_group(turns: Sequence[Turn], cases: Mapping[str, Case]) -> str:
    votes: Counter[str] = Counter()
    for turn in turns:
        case = cases.get(turn.case) if turn.case else None
        if case is not None:
            for key, value in case.attributes:
                if key.casefold() == "group" and value:
                    votes[value] += 1
    return votes.most_common(1)[0][0] if votes else ""


def _with(seg: Segment, **changes) -> Segment:
    """`dataclasses.replace` without its per-call introspection (100,000 passages load)."""
    new = object.__new__(Segment)
    new.__dict__.update(seg.__dict__)
    new.__dict__.update(changes)
    return new


def _first_word(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def link_speakers(
    project: Project,
    selection_cases: Mapping[str, str] | None = None,
    case_spans: Mapping[str, list[tuple[int, int, str]]] | None = None,
) -> None:
    """Fill in every source's turns and every segment's speaker, role, case and turn, in place.

    A participant passage's case is, in order: the case whose SelectionRef names the passage
    (`selection_cases`), the case whose own selection (an NVivo case node, `case_spans`: source →
    (start, end, case)) holds its start, the case named like its speaker, or the one case tied to
    the source (an interview). A facilitator's passage never gets a case.
    """
    selection_cases = selection_cases or {}
    case_spans = case_spans or {}
    index = case_index(project.cases)
    source_cases: dict[str, list[str]] = {}
    for case in project.cases.values():
        for guid in case.source_guids:
            source_cases.setdefault(guid, []).append(case.guid)
    starts: dict[str, list[int]] = {}
    for guid, source in list(project.sources.items()):
        only = source_cases.get(guid, [])
        linked = project.cases[only[0]] if len(only) == 1 else None
        turns = split_turns(guid, source.text, index, linked)
        group = source.group or _majority_group(turns, project.cases)
        project.sources[guid] = replace(source, turns=turns, group=group)
        starts[guid] = _line_starts(source.text, turns)
    linked_segments: list[Segment] = []
    for seg in project.segments:
        source = project.sources.get(seg.source)
        if source is None:
            linked_segments.append(seg)
            continue
        at = _first_word(source.text, seg.start, seg.end)
        turn = turn_at(source.turns, starts[seg.source], at)
        speaker, role, case = "", UNKNOWN, None
        if turn is not None:
            speaker, case = turn.speaker, turn.case
            role = turn.role or (PARTICIPANT if speaker else UNKNOWN)
        if role != FACILITATOR:
            told = selection_cases.get(seg.guid.casefold())
            if told is None:
                spans = case_spans.get(seg.source, ())
                holding = [(b - a, c) for a, b, c in spans if a <= at < b]
                told = min(holding)[1] if holding else None  # the narrowest case-node span
            if told in project.cases:  # the tool said who: its word outranks the label
                case, role, speaker = told, PARTICIPANT, project.cases[told].name
        exchange: tuple[tuple[str, str], ...] = ()
        if turn is not None:
            lines = starts[seg.source]
            last = bisect.bisect_left(lines, seg.end) - 1
            crossed = source.turns[turn.index : max(last, turn.index) + 1]
            if len(crossed) > 1:
                exchange = tuple((t.speaker, t.role or UNKNOWN) for t in crossed)
        linked_segments.append(
            _with(
                seg,
                speaker=speaker,
                role=role,
                case=case if role == PARTICIPANT else None,
                turn=turn.index if turn else None,
                exchange=exchange,
            )
        )
    project.segments = linked_segments
