"""The names a Triple-S schema's variables get: a name declared twice is refused, and a
multiple-response item (`<name>_<code>`) that would take the name of a declared variable, or of
another item, is renamed with a note, so no column replaces another silently.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from explorer.core.errors import ExplorerError
from explorer.core.survey.model import format_code


def checked_declared(path: Path, names: list[str]) -> set[str]:
    """The declared names, or a refusal naming the first name the schema declares twice."""
    counts = Counter(names)
    twice = [name for name in names if counts[name] > 1]
    if twice:
        raise ExplorerError.for_file(
            path,
            f"the Triple-S schema declares two variables named {twice[0]}, so one would replace "
            "the other",
        )
    return set(names)


def item_names(name: str, codes: list[float], taken: set[str], notes: list[str]) -> list[str]:
    """One free name per category of the multiple-response variable `name`; `taken` (declared
    names and items named so far) grows with them, and each renamed item adds a note."""
    names = []
    for code in codes:
        wanted = f"{name}_{format_code(code)}"
        chosen = wanted
        suffix = 1
        while chosen in taken:
            chosen = f"{wanted}_mr" if suffix == 1 else f"{wanted}_mr{suffix}"
            suffix += 1
        if chosen != wanted:
            notes.append(
                f"{name}: its item for category {format_code(code)} is named {chosen}, because "
                f"the schema already has a variable named {wanted}."
            )
        taken.add(chosen)
        names.append(chosen)
    return names
