"""A matrix slide's spec and the briefing's evidence notes in the briefing file: written only when
set, so a briefing without them reads and writes as before; read back with every field checked.
"""

from __future__ import annotations

from typing import Any

from explorer.core.evidence.notes import EvidenceNotes, notes_from_json, notes_to_json
from explorer.core.evidence.themes import CODE, TOPIC, MatrixSpec


def spec_to_json(spec: MatrixSpec) -> dict[str, Any]:
    return {
        "by": spec.by,
        "themes": [{"kind": k, "id": i} for k, i in spec.themes],
        "row": spec.row,
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
    return MatrixSpec(obj["by"], tuple(refs), row)


def evidence_to_json(notes: EvidenceNotes) -> dict[str, Any]:
    return {} if notes.empty else {"evidence": notes_to_json(notes)}


def evidence_from_json(obj: dict[str, Any]) -> EvidenceNotes:
    return notes_from_json(obj["evidence"]) if "evidence" in obj else EvidenceNotes()
