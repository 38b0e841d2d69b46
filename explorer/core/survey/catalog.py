"""A .sav's catalogue of variables from its metadata alone (names, labels, how many value labels,
dichotomy items, multiple-response sets), handed over with the first columns of a streamed read
(`sav_stream`) so the window can list every question of the file while the rest is read.

Written by the reader's child as plain JSON (never a pickle) and read back as strictly as the
Survey's own files (`survey_wire`): anything malformed is one ExplorerError naming the file.
Which unread variables are questions is decided from the metadata by the loaders' own rules
(`kinds`): numbers with value labels, not ids, weights or text; a multiple-response set — the
file's own, or dichotomy items sharing a `prefix_` — stands for its items, where its first is.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from explorer.core.errors import ExplorerError

NAME = "catalog.json"


@dataclass(frozen=True)
class Entry:
    """One variable of the file, as its metadata describes it."""

    name: str
    label: str
    labels: int  # how many value labels
    text: bool  # a string variable
    counted: float | None = None  # the "selected" code, when the labels make it a dichotomy


@dataclass(frozen=True)
class MultiSet:
    name: str  # as the Survey names it ("$name")
    label: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    """Every variable of a file in file order, and its multiple-response sets."""

    entries: tuple[Entry, ...]
    sets: tuple[MultiSet, ...] = ()

    def names(self) -> list[str]:
        return [e.name for e in self.entries]

    def questions(self, read: dict) -> dict[str, str]:
        """The file's questions (name → label, file order) that `read` (the Survey's variables
        so far) does not hold: what the window lists as still being read."""
        held = set(read) | {m for v in read.values() for m in v.members}
        from_sets = {s.members[0]: s for s in self.sets if s.name not in held}
        in_sets = {m for s in self.sets for m in s.members}
        guessed, in_guessed = _prefix_sets(self.entries, held | in_sets)
        out: dict[str, str] = {}
        for entry in self.entries:
            if entry.name in from_sets:
                found = from_sets[entry.name]
                out[found.name] = found.label or found.name
            elif entry.name in guessed:
                out.update([guessed[entry.name]])
            if entry.name in held or entry.name in in_sets or entry.name in in_guessed:
                continue
            if _question_like(entry):
                out[entry.name] = entry.label or entry.name
        return out

    def members(self, name: str) -> tuple[str, ...]:
        """The items of the set `name` (the file's own, or guessed from a `prefix_`)."""
        found = next((s.members for s in self.sets if s.name == name), None)
        if found is not None:
            return found
        if not name.endswith("_"):
            return ()
        return tuple(e.name for e in self.entries if e.name.startswith(name) and e.counted)

    def order(self, names: list[str], read: dict) -> list[str]:
        """`names` (read and unread questions) in file order: a set where its first item is."""
        where = {e.name: i for i, e in enumerate(self.entries)}

        def position(name: str) -> int:
            if name in where:
                return where[name]
            var = read.get(name)
            members = var.members if var is not None else self.members(name)
            return min((where[m] for m in members if m in where), default=len(where))

        return sorted(names, key=position)


def _question_like(entry: Entry) -> bool:
    from explorer.core.survey.kinds import _ID_NAME, _WEIGHT_NAME

    return (
        not entry.text
        and entry.labels > 0
        and not _ID_NAME.match(entry.name)
        and not _WEIGHT_NAME.search(entry.name)
    )


def _prefix_sets(entries, taken: set[str]) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """Sets of dichotomy items sharing a `prefix_`, by the loaders' rule (`prefix_groups`):
    {first item: (set name, label)}, and every item they hold."""
    from explorer.core.survey.kinds import common_label
    from explorer.core.survey.prefix_groups import prefix_groups

    items = [(e.name, e.counted) for e in entries if e.name not in taken and e.counted is not None]
    labels = {e.name: e.label or e.name for e in entries}
    first: dict[str, tuple[str, str]] = {}
    members: set[str] = set()
    for prefix, names, _code in prefix_groups(items, labels):
        first[names[0]] = (prefix, common_label([labels[n] for n in names], prefix))
        members |= set(names)
    return first, members


def from_meta(meta) -> Catalog:
    """The catalogue of pyreadstat's metadata (`metadataonly=True`), in the child."""
    from explorer.core.survey.kinds import counted_code
    from explorer.core.survey.model import Kind, Variable

    labels = getattr(meta, "column_names_to_labels", None) or {}
    value_labels = getattr(meta, "variable_value_labels", None) or {}
    types = getattr(meta, "readstat_variable_types", None) or {}
    entries = []
    for name in meta.column_names:
        codes = value_labels.get(name) or {}
        text = types.get(name) == "string"
        counted = None
        if codes and not text:
            pairs = tuple((float(c), str(t)) for c, t in codes.items() if _number(c))
            var = Variable(name, str(labels.get(name) or name), Kind.NOMINAL, value_labels=pairs)
            counted = counted_code(var, lambda: _no_values())
        entries.append(Entry(name, str(labels.get(name) or ""), len(codes), text, counted))
    sets = []
    for raw, spec in (getattr(meta, "mr_sets", None) or {}).items():
        members = tuple(m for m in spec.get("variable_list", ()) if m in labels or m in types)
        if len(members) >= 2 and spec.get("is_dichotomy"):
            name = raw if raw.startswith("$") else f"${raw}"
            sets.append(MultiSet(name, str(spec.get("label") or "").strip(), members))
    return Catalog(tuple(entries), tuple(sets))


def _number(code) -> bool:
    return isinstance(code, int | float) and math.isfinite(code)


def _no_values():
    import numpy as np

    return np.empty(0)


def write_catalog(catalog: Catalog, out: Path) -> None:
    """`out/catalog.json`, renamed into place only once whole."""
    data = {
        "variables": [[e.name, e.label, e.labels, e.text, e.counted] for e in catalog.entries],
        "sets": [[s.name, s.label, list(s.members)] for s in catalog.sets],
    }
    from explorer.core.survey.sav_child import write_whole

    write_whole(out, NAME, json.dumps(data, allow_nan=False))


def read_catalog(out: Path, source: str | os.PathLike[str]) -> Catalog | None:
    """The catalogue the child wrote beside the first hand-over, None if it wrote none; anything
    malformed is one ExplorerError naming `source`."""
    try:
        text = (out / NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _unreadable(source) from error
    try:
        data = json.loads(text)
        entries = tuple(_entry(*row) for row in data["variables"])
        sets = tuple(_set(*row) for row in data["sets"])
    except (ValueError, TypeError, KeyError) as error:
        raise _unreadable(source) from error
    return Catalog(entries, sets)


def _entry(name, label, labels, text, counted) -> Entry:
    ok = isinstance(name, str) and isinstance(label, str) and isinstance(text, bool)
    ok = ok and isinstance(labels, int) and not isinstance(labels, bool) and labels >= 0
    if not ok or not (counted is None or _number(counted)):
        raise TypeError("not a catalogue entry")
    return Entry(name, label, labels, text, None if counted is None else float(counted))


def _set(name, label, members) -> MultiSet:
    if not (isinstance(name, str) and isinstance(label, str) and isinstance(members, list)):
        raise TypeError("not a multiple-response set")
    if not all(isinstance(m, str) for m in members):
        raise TypeError("not a multiple-response set")
    return MultiSet(name, label, tuple(members))


def _unreadable(source) -> ExplorerError:
    return ExplorerError.for_file(source, "the file could not be read back from its reader")
