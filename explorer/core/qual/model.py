"""The coded focus-group model: codes as a tree, participants (cases) with attributes, sources
(transcripts) split into turns, and coded segments tied to their speaker.

Loaders (REFI-QDA `.qdpx`/`.qde`, segment spreadsheets) return a `Project`; `queries.py` asks it
"what did people like this say about that". Positions are Unicode code points, as in REFI-QDA.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MODERATOR = "Moderator"
# who a passage belongs to: a participant, a facilitator (moderator, interviewer…), or nobody known
PARTICIPANT, FACILITATOR, UNKNOWN = "participant", "facilitator", "unknown"


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    parent: str | None = None  # guid of the parent code; None at the top of the tree
    color: str = ""  # "#RRGGBB" as REFI-QDA writes it, "" when the tool gave none
    description: str = ""
    codable: bool = True  # False: a category, a node of the tree that nothing is coded with


@dataclass(frozen=True)
class Case:
    """A participant: a pseudonym (never a name) and attributes such as Age or Group."""

    guid: str
    name: str  # pseudonym as it appears in the transcript: "P07"
    attributes: tuple[tuple[str, str], ...] = ()  # ("Age", "25–34"), ("Group", "Group 2"), …
    source_guids: tuple[str, ...] = ()  # sources the case is tied to (SourceRef)
    description: str = ""

    def attribute(self, name: str, default: str = "") -> str:
        for key, value in self.attributes:
            if key == name:
                return value
        return default

    @property
    def attribute_map(self) -> dict[str, str]:
        return dict(self.attributes)


@dataclass(frozen=True)
class Turn:
    """One speaker's paragraph in a transcript; text excludes the "P07: " label."""

    source: str  # source guid
    index: int  # 0-based position of the turn within its source
    start: int  # code-point offset of the turn's text in the source
    end: int
    speaker: str  # the label as written ("P07", "Interviewer"), or "" when no label is above it
    case: str | None  # guid of the speaker's case, when the speaker is a participant
    text: str
    role: str = ""  # PARTICIPANT, FACILITATOR or UNKNOWN ("" for turns built before roles)
    line_start: int | None = None  # where the turn's first line (its label) begins


@dataclass(frozen=True)
class Source:
    guid: str
    name: str
    text: str  # the full plain text (code points), line endings normalised to "\n"
    group: str = ""  # the group/session this transcript records
    description: str = ""
    turns: tuple[Turn, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()  # the source's own variables, document sets
    file_name: str = ""  # the text file inside the project (plainTextPath), "" when inline
    convention: str = ""  # how the file's positions count, in words (see offsets.py)
    notes: tuple[str, ...] = ()  # notes and annotations on the source (NoteRef), as text


@dataclass(frozen=True)
class Segment:
    """A coded span of a source: `text` is exactly source.text[start:end]."""

    guid: str
    source: str  # source guid
    start: int
    end: int
    text: str
    codes: tuple[str, ...]  # code guids
    case: str | None = None  # guid of the speaker's case where the span lies in a participant turn
    speaker: str = ""  # the label of the nearest speaker label at or above the start
    turn: int | None = None  # index of the turn holding the span's start
    creator: str = ""  # user guid, where the tool recorded one
    role: str = ""  # PARTICIPANT, FACILITATOR or UNKNOWN; see `segment_role`
    exchange: tuple[tuple[str, str], ...] = ()  # (speaker, role) of every turn the span crosses
    memo: str = ""  # what the analyst wrote on the passage (Description, NoteRef)
    created: str = ""  # when the coding was made, as the file says (ISO 8601)
    file_start: int | None = None  # start and end as the file counts them (for traceability)
    file_end: int | None = None

    @property
    def blank(self) -> bool:
        """Only whitespace: counted as the tool counts it, never shown as a quote."""
        return not self.text.strip()


def segment_role(seg: Segment) -> str:
    """The role of a passage's speaker; older projects built without roles are inferred."""
    if seg.role:
        return seg.role
    if seg.speaker == MODERATOR:
        return FACILITATOR
    return PARTICIPANT if (seg.speaker or seg.case) else UNKNOWN


@dataclass(frozen=True)
class User:
    guid: str
    name: str


@dataclass
class Project:
    """A coded qualitative project, however it was exported."""

    name: str
    path: str = ""
    format: str = ""  # "qdpx", "qde", "csv", "xlsx"
    codes: dict[str, Code] = field(default_factory=dict)  # guid → Code, in document order
    cases: dict[str, Case] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    description: str = ""  # the project's description/note
    notes: list[str] = field(default_factory=list)  # project notes, as text
    illustrative: bool = False  # the project says its data is illustrative (written, not real)
    skipped: list[str] = field(
        default_factory=list
    )  # what was skipped or repaired on load, in words
    sha256: str = ""
    origin: str = ""  # the exporting software, where the file says
    sets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # document set → source guids
    inventory: Any = None  # explorer.core.qual.inventory.Inventory: found against loaded

    def code_path(self, guid: str, sep: str = " ▸ ") -> str:
        """ "Parent ▸ Child": the code's names from the top of the tree."""
        names, seen, current = [], set(), guid
        while current in self.codes and current not in seen:
            seen.add(current)
            names.append(self.codes[current].name)
            current = self.codes[current].parent
        return sep.join(reversed(names))

    def code_label(self, guid: str) -> str:
        """The code's name, or its path where another code has the same name."""
        code = self.codes.get(guid)
        if code is None:
            return guid
        folded = code.name.casefold()
        twins = sum(1 for c in self.codes.values() if c.name.casefold() == folded)
        return code.name if twins == 1 else self.code_path(guid)

    def codes_named(self, name_or_path: str) -> list[Code]:
        """Codes whose name or path ("A ▸ B", "A > B" or "A/B") is `name_or_path`, any case."""
        wanted = _path_key(name_or_path)
        by_path = [c for c in self.codes.values() if _path_key(self.code_path(c.guid)) == wanted]
        if by_path:
            return by_path
        folded = name_or_path.strip().casefold()
        return [c for c in self.codes.values() if c.name.casefold() == folded]

    def code_by_name(self, name: str) -> Code | None:
        """The code with this name or path (the first, when a bare name is ambiguous)."""
        found = self.codes_named(name)
        return found[0] if found else None

    def children(self, guid: str | None) -> list[Code]:
        return [c for c in self.codes.values() if c.parent == guid]

    def descendants(self, guid: str) -> set[str]:
        """`guid` and every code below it: a parent code includes its children."""
        out = {guid}
        stack = [guid]
        while stack:
            current = stack.pop()
            for child in self.children(current):
                if child.guid not in out:
                    out.add(child.guid)
                    stack.append(child.guid)
        return out

    def case_by_name(self, name: str) -> Case | None:
        for case in self.cases.values():
            if case.name == name:
                return case
        return None

    @property
    def attribute_names(self) -> list[str]:
        names: list[str] = []
        for case in self.cases.values():
            for key, _ in case.attributes:
                if key not in names:
                    names.append(key)
        return names


_PATH_SEP = re.compile(r"\s*(?:▸|>|/)\s*")


def _path_key(text: str) -> tuple[str, ...]:
    return tuple(p.casefold() for p in _PATH_SEP.split(text.strip()) if p)
