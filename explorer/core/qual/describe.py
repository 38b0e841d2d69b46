"""`python -m explorer describe FILE.qdpx`: what a focus-group project holds, as plain data and as
text — the reconciliation (found against loaded, what was left out and why), each source with its
text file, position convention, speakers and coded passages, the code tree's size, cases, users,
document sets, notes.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from explorer.core.qual.inventory import inventory_of
from explorer.core.qual.model import FACILITATOR, PARTICIPANT, Project, segment_role


def describe_project(project: Project) -> dict[str, Any]:
    inv = inventory_of(project)
    per_source: Counter[str] = Counter(s.source for s in project.segments)
    sources = []
    for source in project.sources.values():
        roles = Counter(segment_role(s) for s in project.segments if s.source == source.guid)
        speakers = sorted({t.speaker for t in source.turns if t.speaker})
        sources.append(
            {
                "name": source.name,
                "guid": source.guid,
                "file": source.file_name,
                "characters": len(source.text),
                "positions": source.convention,
                "turns": len(source.turns),
                "speakers": speakers,
                "facilitators": sorted({t.speaker for t in source.turns if t.role == FACILITATOR}),
                "coded_passages": per_source[source.guid],
                "participant_passages": roles[PARTICIPANT],
                "facilitator_passages": roles[FACILITATOR],
                "unknown_passages": per_source[source.guid]
                - roles[PARTICIPANT]
                - roles[FACILITATOR],
                "attributes": dict(source.attributes),
                "notes": list(source.notes),
            }
        )
    return {
        "file": os.path.basename(project.path) or project.name,
        "project": project.name,
        "origin": project.origin,
        "summary": inv.summary(),
        "found": dict(inv.found),
        "loaded": dict(inv.loaded),
        "not_loaded": [
            {"what": o.what, "items": o.items, "coded_passages": o.passages}
            for o in inv.omitted.values()
        ],
        "reconciliation": inv.lines(),
        "categories": sum(1 for c in project.codes.values() if not c.codable),
        "sources": sources,
        "cases": [c.name for c in project.cases.values()],
        "attributes": project.attribute_names,
        "users": [u.name for u in project.users.values()],
        "sets": {name: len(members) for name, members in project.sets.items()},
        "notes": list(project.notes),
        "skipped": list(project.skipped),
        "illustrative": project.illustrative,
    }


def render_text(info: dict[str, Any]) -> str:
    lines = [
        f"{info['file']}: {info['project']}" + (f" ({info['origin']})" if info["origin"] else "")
    ]
    if info["illustrative"]:
        lines.append("Illustrative: written for the product, not real participants' words")
    lines.append(info["summary"])
    lines += [f"  {line}" for line in info["reconciliation"]]
    lines.append("")
    lines.append("Sources:")
    for s in info["sources"]:
        speakers = ", ".join(s["speakers"][:8]) + (" …" if len(s["speakers"]) > 8 else "")
        lines.append(
            f"  {s['name']}  [{s['file'] or 'inline text'}]  {s['characters']} characters, "
            f"{s['turns']} turns, {s['coded_passages']} coded passages "
            f"({s['participant_passages']} participant, {s['facilitator_passages']} facilitator, "
            f"{s['unknown_passages']} unknown speaker)"
        )
        if speakers:
            lines.append(f"    speakers: {speakers}")
        if s["positions"] and not s["positions"].startswith("one reading only"):
            lines.append(f"    positions: {s['positions']}")
    if info["attributes"]:
        lines.append(f"Participant attributes: {', '.join(info['attributes'])}")
    if info["sets"]:
        sets = ", ".join(f"{k} ({v})" for k, v in info["sets"].items())
        lines.append(f"Document sets: {sets}")
    if info["users"]:
        lines.append(f"Coders: {', '.join(info['users'])}")
    for note in info["notes"]:
        lines.append(f"Project note: {' '.join(note.split())[:300]}")
    for note in info["skipped"]:
        lines.append(f"Note: {note}")
    return "\n".join(lines) + "\n"
