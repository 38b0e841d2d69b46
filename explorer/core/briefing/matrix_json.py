"""A matrix slide's spec and the briefing's evidence notes in the briefing file: written only when
set, so a briefing without them reads and writes as before; read back with every field checked.
"""

from __future__ import annotations

from typing import Any

from explorer.core.errors import ExplorerError
from explorer.core.evidence.notes import EvidenceNotes, notes_from_json, notes_to_json
from explorer.core.evidence.themes import CODE, TOPIC, MatrixSpec


def spec_to_json(spec: MatrixSpec) -> dict[str, Any]:
    return {
        "by": spec.by,
        "themes": [{"kind": k, "id": i} for k, i in spec.themes],
        "row": spec.row,
        **({} if spec.quotes else {"quotes": False}),
    }


def spec_from_json(obj: Any, where: str) -> MatrixSpec:
    """The spec, or ValueError naming what is wrong in words."""
    if not isinstance(obj, dict) or not isinstance(obj.get("by"), str):
        raise ValueError(f"{where}'s matrix has no dimension ('by')")
    themes = obj.get("themes")
    if not isinstance(themes, list):
        raise ValueError(f"{where}'s matrix has no list of themes")
    refs = []
    for item in themes:
        kind = item.get("kind") if isinstance(item, dict) else None
        key = item.get("id") if isinstance(item, dict) else None
        if kind not in (TOPIC, CODE) or not isinstance(key, str):
            raise ValueError(f"{where}'s matrix has a theme that is neither a topic nor a code")
        refs.append((kind, key))
    row = obj.get("row")
    if row is not None and not isinstance(row, str):
        raise ValueError(f"{where}'s matrix row is not text")
    quotes = obj.get("quotes", True)
    if not isinstance(quotes, bool):
        raise ValueError(f"{where}'s matrix 'quotes' is not true or false")
    return MatrixSpec(obj["by"], tuple(refs), row, quotes)


def slide_spec(obj: dict[str, Any], where: str, bad: type[Exception]) -> MatrixSpec | None:
    """A slide's matrix spec, or None (a matrix slide without one says so where it is drawn);
    a damaged one raises `bad` with the problem in words."""
    if obj.get("matrix") is None:
        return None
    try:
        return spec_from_json(obj["matrix"], where)
    except ValueError as error:
        raise bad(str(error)) from error


def evidence_to_json(notes: EvidenceNotes) -> dict[str, Any]:
    return {} if notes.empty else {"evidence": notes_to_json(notes)}


def evidence_from_json(obj: dict[str, Any], bad: type[Exception]) -> EvidenceNotes:
    """The briefing's evidence notes (none when absent); damaged ones raise `bad` in words."""
    if "evidence" not in obj:
        return EvidenceNotes()
    try:
        return notes_from_json(obj["evidence"])
    except (ValueError, ExplorerError) as error:
        raise bad(getattr(error, "message", str(error)).rstrip(".")) from error
