"""Splitting a transcript into speaker turns and tying coded segments to their speaker and case.

A turn is one paragraph (one line of the text) starting with a label: `P07: …`, `P07 : …`,
`Participant 7: …` or `Moderator: …` (also Facilitator/Interviewer), optionally after a timestamp. A paragraph without a label
is a turn with speaker "". A segment's speaker is the turn that holds its start.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from explorer.core.qual.model import MODERATOR, Case, Project, Segment, Source, Turn

_MODERATOR_LABELS = {"moderator", "mod", "facilitator", "interviewer", "researcher"}
# an optional timestamp ("[00:12:03]", "00:12") may precede the label, as transcribers write it
_LABEL = re.compile(
    r"^[ \t]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\]?[ \t]+)?([A-Za-z][\w.'’ -]{0,40}?)[ \t]*:[ \t]*"
)
_NUMBERED = re.compile(r"^(?:p|participant|respondent|r|speaker)[ \t.#-]*0*(\d+)$", re.IGNORECASE)


def speaker_key(label: str) -> str:
    """A key under which `P07`, `p7`, `Participant 7` and `participant 07` agree."""
    label = " ".join(label.split())
    match = _NUMBERED.match(label)
    if match:
        return f"p{int(match.group(1))}"
    return label.casefold()


def case_index(cases: Mapping[str, Case]) -> dict[str, Case]:
    index: dict[str, Case] = {}
    for case in cases.values():
        index.setdefault(speaker_key(case.name), case)
    return index


def _label_speaker(label: str, cases: Mapping[str, Case]) -> tuple[str, str | None] | None:
    """(speaker, case guid) for a plausible label, None when the text before ':' is no label."""
    key = speaker_key(label)
    if key in _MODERATOR_LABELS:
        return MODERATOR, None
    case = cases.get(key)
    if case is not None:
        return case.name, case.guid
    if _NUMBERED.match(" ".join(label.split())):
        return label.strip(), None
    # a short capitalised name ("Anna:") is a speaker; a sentence with a colon is not
    words = label.split()
    if 1 <= len(words) <= 3 and all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return label.strip(), None
    return None


def split_turns(
    source_guid: str, text: str, cases: Mapping[str, Case] | None = None
) -> tuple[Turn, ...]:
    """The turns of `text`; `cases` maps `speaker_key(name)` to the case, see `case_index`."""
    cases = cases or {}
    turns: list[Turn] = []
    pos = 0
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        speaker, case_guid, body_start = "", None, line_start
        match = _LABEL.match(line)
        if match:
            found = _label_speaker(match.group(1), cases)
            if found is not None:
                speaker, case_guid = found
                body_start = line_start + match.end()
        body_end = line_start + len(line.rstrip())
        body_end = max(body_end, body_start)
        turns.append(
            Turn(
                source=source_guid,
                index=len(turns),
                start=body_start,
                end=body_end,
                speaker=speaker,
                case=case_guid,
                text=text[body_start:body_end],
            )
        )
    return tuple(turns)


def turn_at(turns: tuple[Turn, ...], line_starts: list[int], position: int) -> Turn | None:
    """The turn whose paragraph holds `position` (or the next turn, from a blank line)."""
    if not turns:
        return None
    i = bisect.bisect_right(line_starts, position) - 1
    if i < 0:
        return turns[0]
    turn = turns[i]
    if position <= turn.end or i + 1 == len(turns):
        return turn
    return turns[i + 1]


def _paragraph_starts(text: str, turns: tuple[Turn, ...]) -> list[int]:
    return [text.rfind("\n", 0, t.start) + 1 for t in turns]


def _majority_group(source: Source, turns: tuple[Turn, ...], cases: Mapping[str, Case]) -> str:
    votes: Counter[str] = Counter()
    for turn in turns:
        case = cases.get(turn.case) if turn.case else None
        if case is not None:
            for key, value in case.attributes:
                if key.casefold() == "group" and value:
                    votes[value] += 1
    return votes.most_common(1)[0][0] if votes else ""


def link_speakers(project: Project, selection_cases: Mapping[str, str] | None = None) -> None:
    """Fill in every source's turns and every segment's speaker, case and turn, in place.

    A segment's case is, in order: the case whose SelectionRef names it (`selection_cases`, as
    some tools record), the case named like the speaker of the turn holding its start, or the
    only case tied to the source by SourceRef (one-person interviews).
    """
    selection_cases = selection_cases or {}
    index = case_index(project.cases)
    source_cases: dict[str, list[str]] = {}
    for case in project.cases.values():
        for guid in case.source_guids:
            source_cases.setdefault(guid, []).append(case.guid)
    starts: dict[str, list[int]] = {}
    for guid, source in list(project.sources.items()):
        turns = split_turns(guid, source.text, index)
        group = source.group or _majority_group(source, turns, project.cases)
        project.sources[guid] = replace(source, turns=turns, group=group)
        starts[guid] = _paragraph_starts(source.text, turns)
    linked: list[Segment] = []
    for seg in project.segments:
        source = project.sources.get(seg.source)
        turn = turn_at(source.turns, starts[seg.source], seg.start) if source else None
        speaker = turn.speaker if turn else ""
        case = selection_cases.get(seg.guid.casefold())
        if case in project.cases:  # the tool said who: its word outranks the paragraph label
            speaker = project.cases[case].name
        elif case is None and turn is not None:
            case = turn.case
        if case is None and speaker != MODERATOR and len(source_cases.get(seg.source, [])) == 1:
            case = source_cases[seg.source][0]
        if case is not None and not speaker:
            speaker = project.cases[case].name if case in project.cases else ""
        linked.append(replace(seg, speaker=speaker, case=case, turn=turn.index if turn else None))
    project.segments = linked
