"""The coded focus-group model: codes as a tree, participants (cases) with attributes, sources
(transcripts) split into turns, and coded segments tied to their speaker.

Loaders (REFI-QDA `.qdpx`/`.qde`, segment spreadsheets) return a `Project`; `queries.py` asks it
"what did people like this say about that". Positions are Unicode code points, as in REFI-QDA.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MODERATOR = "Moderator"


@dataclass(frozen=True)
class Code:
    guid: str
    name: str
    parent: str | None = None  # guid of the parent code; None at the top of the tree
    color: str = ""  # "#RRGGBB" as REFI-QDA writes it, "" when the tool gave none
    description: str = ""
    codable: bool = True


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
    speaker: str  # pseudonym ("P07"), MODERATOR, or "" when the paragraph has no speaker label
    case: str | None  # guid of the speaker's case, when the speaker is a participant
    text: str


@dataclass(frozen=True)
class Source:
    guid: str
    name: str
    text: str  # the full plain text (code points), line endings normalised to "\n"
    group: str = ""  # the group/session this transcript records
    description: str = ""
    turns: tuple[Turn, ...] = ()


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
    speaker: str = ""  # pseudonym or MODERATOR
    turn: int | None = None  # index of the turn holding the span's start
    creator: str = ""  # user guid, where the tool recorded one


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

    def code_by_name(self, name: str) -> Code | None:
        folded = name.casefold()
        for code in self.codes.values():
            if code.name.casefold() == folded:
                return code
        return None

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
