"""Finding things in a coded project by what a user types: a code by name or path, a case
attribute by name in any case, and attribute values in their natural order.
"""

from __future__ import annotations

from explorer.core.errors import ExplorerError
from explorer.core.qual.model import Project


def resolve_code(project: Project, name_or_guid: str) -> str:
    """The guid of a code given by guid, path ("Parent ▸ Child") or unambiguous name."""
    if name_or_guid in project.codes:
        return name_or_guid
    found = project.codes_named(name_or_guid.strip())
    where = project.path or project.name
    if not found:
        raise ExplorerError.for_file(where, f"has no code named {name_or_guid!r}")
    if len(found) > 1:
        paths = "; ".join(project.code_path(c.guid, " > ") for c in found)
        raise ExplorerError.for_file(
            where, f"has {len(found)} codes named {name_or_guid!r}; give one by its path: {paths}"
        )
    return found[0].guid


def _attr(attrs: dict[str, str], name: str) -> str | None:
    if name in attrs:
        return attrs[name]
    folded = name.casefold()
    return next((v for k, v in attrs.items() if k.casefold() == folded), None)


def sort_values(values: list[str]) -> list[str]:
    """Attribute values as numbers when they all are (2, 10, 31), else as they came."""
    try:
        return sorted(values, key=lambda v: float(v.replace(",", "")))
    except ValueError:
        return values
