"""What the analyst writes on an evidence matrix, kept in the briefing file: a summary per cell
and, per row, a tag saying how the voices stand to the numbers (confirms, expands, diverges)
with the reason. Keyed by the dimension, the theme and the group, so a note stays with its cell
whatever the filter. Edits are pure: each returns new notes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from explorer.core.errors import ExplorerError

TAGS = ("confirms", "expands", "diverges")
TAG_MEANINGS = {
    "confirms": "the voices say what the numbers say",
    "expands": "the voices explain or add to the numbers",
    "diverges": "the voices and the numbers disagree",
}

CellKey = tuple[str, str, str]  # (dimension, theme id, group key)
RowKey = tuple[str, str]  # (dimension, theme id)


@dataclass(frozen=True)
class RowTag:
    tag: str  # one of TAGS
    reason: str = ""

    def __post_init__(self) -> None:
        if self.tag not in TAGS:
            raise ExplorerError(f"{self.tag!r} is not a row tag; use {', '.join(TAGS)}.")


@dataclass(frozen=True)
class EvidenceNotes:
    summaries: tuple[tuple[CellKey, str], ...] = ()
    tags: tuple[tuple[RowKey, RowTag], ...] = ()

    def summary(self, by: str, theme: str, group: str) -> str:
        return dict(self.summaries).get((by, theme, group), "")

    def tag(self, by: str, theme: str) -> RowTag | None:
        return dict(self.tags).get((by, theme))

    @property
    def empty(self) -> bool:
        return not (self.summaries or self.tags)


def with_summary(notes: EvidenceNotes, by: str, theme: str, group: str, text: str) -> EvidenceNotes:
    """The notes with the cell's summary set (a blank one removes it)."""
    key = (by, theme, group)
    kept = tuple((k, v) for k, v in notes.summaries if k != key)
    text = text.strip()
    return replace(notes, summaries=kept + (((key, text),) if text else ()))


def with_tag(
    notes: EvidenceNotes, by: str, theme: str, tag: str | None, reason: str = ""
) -> EvidenceNotes:
    """The notes with the row's tag set, or removed when `tag` is None or empty."""
    key = (by, theme)
    kept = tuple((k, v) for k, v in notes.tags if k != key)
    if not tag:
        return replace(notes, tags=kept)
    return replace(notes, tags=(*kept, (key, RowTag(tag, reason.strip()))))


def notes_to_json(notes: EvidenceNotes) -> dict[str, Any]:
    return {
        "summaries": [
            {"by": k[0], "theme": k[1], "group": k[2], "text": v} for k, v in notes.summaries
        ],
        "tags": [
            {"by": k[0], "theme": k[1], "tag": t.tag, "reason": t.reason} for k, t in notes.tags
        ],
    }


def _text(item: Any, key: str, where: str) -> str:
    value = item.get(key) if isinstance(item, dict) else None
    if not isinstance(value, str):
        raise ValueError(f"{where} has no text {key!r}")
    return value


def notes_from_json(obj: Any) -> EvidenceNotes:
    """Notes from the briefing's "evidence" object; ValueError naming the problem in words."""
    if not isinstance(obj, dict):
        raise ValueError("its evidence notes are not a JSON object")
    summaries, tags = obj.get("summaries", []), obj.get("tags", [])
    if not isinstance(summaries, list) or not isinstance(tags, list):
        raise ValueError("its evidence notes' summaries and tags are not lists")
    notes = EvidenceNotes()
    for i, item in enumerate(summaries, 1):
        where = f"evidence summary {i}"
        by, theme, group = (_text(item, k, where) for k in ("by", "theme", "group"))
        notes = with_summary(notes, by, theme, group, _text(item, "text", where))
    for i, item in enumerate(tags, 1):
        where = f"evidence tag {i}"
        tag = _text(item, "tag", where)
        if tag not in TAGS:
            raise ValueError(f"{where} is {tag!r}, not one of {', '.join(TAGS)}")
        by, theme = _text(item, "by", where), _text(item, "theme", where)
        notes = with_tag(notes, by, theme, tag, _text(item, "reason", where))
    return notes
