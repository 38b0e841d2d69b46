"""The one place that says what a speaker label looks like and who is a facilitator.

A turn starts where a line begins with a speaker label and runs to the next label. The label forms
real transcripts use (each example is matched by a pattern below):

    Name: …            NAME: …            P07: …             Participant 7: …   Speaker 12: …
    [Name] …           Name (00:01:02): … [00:01:02] Name: … 00:03 Name: …      I: / R: / Q: / A: …

Facilitators (their words are kept and marked, never counted as a participant's) are the labels in
`FACILITATOR_LABELS`, also with a number ("Moderator 2"), plus `I` and `Q` (interviewer/question).

To extend either for a project's own conventions, without editing code, name a JSON file in the
environment variable `BRIEFING_EXPLORER_SPEAKER_LABELS`:

    {"patterns": ["^>>\\\\s*(?P<name>[A-Z][a-z]+)\\\\s*<<\\\\s*"], "facilitators": ["Chair", "Host"]}

Each extra pattern is a regular expression matched at the start of a line, with a group `name`
for the speaker; the match's end is where the turn's words begin. `add_pattern` and
`add_facilitator` do the same from code.
"""

from __future__ import annotations

import functools
import json
import os
import re

ENV_VAR = "BRIEFING_EXPLORER_SPEAKER_LABELS"

# who runs the session: casefolded, without a trailing number
FACILITATOR_LABELS: set[str] = {
    "moderator",
    "mod",
    "facilitator",
    "co-facilitator",
    "interviewer",
    "int",
    "researcher",
    "i",
    "q",
}
# single letters and numbered pseudonyms are labels even where a name would need a capital
_LETTERS = {"i", "r", "q", "a"}
# words that end in ":" at the start of a line in prose but are nobody's name
NOT_SPEAKERS: set[str] = {
    "note",
    "notes",
    "example",
    "however",
    "also",
    "so",
    "and",
    "but",
    "yes",
    "no",
    "ok",
    "okay",
    "well",
    "question",
    "answer",
    "time",
    "date",
    "location",
    "venue",
    "present",
    "attendees",
    "transcript",
    "session",
    "group",
    "topic",
    "theme",
    "warning",
    "p.s",
    "ps",
    "re",
    "subject",
    "http",
    "https",
}
# bracketed stage directions, not speakers
STAGE_DIRECTIONS: set[str] = {
    "laughter",
    "laughs",
    "laughing",
    "inaudible",
    "crosstalk",
    "cross talk",
    "pause",
    "silence",
    "unclear",
    "overlapping",
    "noise",
    "background noise",
    "indistinct",
    "coughs",
    "sighs",
    "music",
    "end",
    "break",
    "redacted",
}

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?"
_NAME = r"[^\W\d_][\w.'’ -]{0,40}?"
PATTERNS: list[re.Pattern[str]] = [
    # [00:01:02] Name:   00:03 Name:   Name (00:01:02):   Name [00:01:02]:   Name:
    re.compile(
        rf"^[ \t]*(?:\[?{_TIME}\]?[ \t]+)?(?P<name>{_NAME}|[PpRr]\d{{1,4}})"
        rf"[ \t]*(?:[(\[]{_TIME}[)\]][ \t]*)?:(?=[ \t]|$)[ \t]*"
    ),
    # [Name] words…   (a bracketed label, then the turn on the same line)
    re.compile(rf"^[ \t]*\[(?P<name>{_NAME})\](?=[ \t]|$)[ \t]*"),
]
_NUMBERED = re.compile(
    r"^(?:p|participant|respondent|r|speaker|spk|person|interviewee)[ \t.#-]*0*(\d+)$",
    re.IGNORECASE,
)
_TRAILING_NUMBER = re.compile(r"[ \t.#-]*\d+$")


def add_pattern(pattern: str) -> None:
    """Recognise another label form: a regex with a `name` group, matched at a line start."""
    compiled = re.compile(pattern)
    if "name" not in compiled.groupindex:
        raise ValueError(f"speaker pattern {pattern!r} has no (?P<name>…) group")
    PATTERNS.insert(0, compiled)


def add_facilitator(label: str) -> None:
    FACILITATOR_LABELS.add(" ".join(label.split()).casefold())
    is_facilitator.cache_clear()


def load_user_labels(path: str | None = None) -> None:
    """Read the JSON file named by `BRIEFING_EXPLORER_SPEAKER_LABELS` (or `path`), if any."""
    path = path or os.environ.get(ENV_VAR)
    if not path:
        return
    try:
        with open(path, encoding="utf-8") as handle:
            extra = json.load(handle)
        for pattern in extra.get("patterns", []):
            add_pattern(str(pattern))
        for label in extra.get("facilitators", []):
            add_facilitator(str(label))
    except (OSError, ValueError, AttributeError, re.error):
        return  # a broken settings file changes nothing; the built-in forms still work


@functools.lru_cache(maxsize=4096)
def speaker_key(label: str) -> str:
    """A key under which `P07`, `p7`, `Participant 7` and `participant 07` agree."""
    label = " ".join(label.split())
    match = _NUMBERED.match(label)
    if match:
        return f"p{int(match.group(1))}"
    return label.casefold().rstrip(".")


@functools.lru_cache(maxsize=4096)
def is_facilitator(label: str) -> bool:
    key = " ".join(label.split()).casefold().rstrip(".")
    return key in FACILITATOR_LABELS or _TRAILING_NUMBER.sub("", key) in FACILITATOR_LABELS


def plausible(label: str, known: set[str]) -> bool:
    """Whether the text before ':' (or inside [ ]) is a speaker, not a word of prose."""
    label = " ".join(label.split())
    key = label.casefold().rstrip(".")
    if not label or key in STAGE_DIRECTIONS:
        return False
    if key in _LETTERS:
        return label.isupper()
    if speaker_key(label) in known or is_facilitator(label) or _NUMBERED.match(label):
        return True
    if key in NOT_SPEAKERS:
        return False
    words = label.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def match_label(
    line: str, known: set[str], memo: dict[str, bool] | None = None
) -> tuple[str, int] | None:
    """(label, where the words begin) when `line` starts with a speaker label; `memo` keeps the
    verdict on each name seen (for one `known`)."""
    memo = {} if memo is None else memo
    for pattern in PATTERNS:
        found = pattern.match(line)
        if found is None:
            continue
        name = found.group("name")
        ok = memo.get(name)
        if ok is None:
            ok = memo[name] = plausible(name, known)
        if ok:
            return " ".join(name.split()), found.end()
    return None


load_user_labels()
