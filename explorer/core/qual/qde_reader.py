"""Reading a REFI-QDA project document (`project.qde`, namespace `urn:QDA-XML:project:1.0`).

How a source's positions count (CRLF as one or two, code points or UTF-16 units, BOM or not) is
decided per source from the evidence in the file (offsets.py); the text is then normalised to
"\\n" and every position mapped into it, so a segment's text always equals the source's
characters from start to end, and the file's own positions are kept beside it. Annotations
(selections inside `<Notes>`) are notes; codes with `isCodable="false"` are tree nodes. Whatever
cannot be used is counted in `project.inventory` (with the coded passages it carried) and noted
in `project.skipped`; only an unreadable document is an error.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from xml.etree.ElementTree import Element

from explorer.core.errors import ExplorerError
from explorer.core.qual.inventory import Inventory
from explorer.core.qual.model import Case, Code, Project, Segment, User
from explorer.core.qual.qde_sources import SourceReading
from explorer.core.qual.turns import link_speakers

# Resolves a plainTextPath to the file's bytes, or None when it is not in the project.
Resolver = Callable[[str], bytes | None]

_VALUE_TAGS = {
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name]


def _child(el: Element, name: str) -> Element | None:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _text(el: Element | None) -> str:
    return "".join(el.itertext()) if el is not None else ""


def decode_text(data: bytes, label: str, skipped: list[str]) -> str:
    """UTF-8 (with or without BOM); failing that Windows-1252, with a note."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        skipped.append(f"{label} is not UTF-8; it was read as Windows-1252")
        return data.decode("cp1252", errors="replace")


def decode_source(data: bytes, label: str, skipped: list[str]) -> str:
    """A source's text as stored, a byte-order mark kept (it may count as a position)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "\ufeff" + data.decode("utf-16").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        skipped.append(f"{label} is not UTF-8; it was read as Windows-1252")
        return data.decode("cp1252", errors="replace")


def _bool(value: str | None, default: bool = True) -> bool:
    if value is None:
        return default
    return value.strip().casefold() not in {"false", "0", "no"}


_SECTIONS = {
    "Users",
    "CodeBook",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Description",
    "Links",
    "Sets",
    "Graphs",
}


class _Reader(SourceReading):
    def __init__(self, root: Element, path: str, resolve: Resolver) -> None:
        self.root = root
        self.path = path
        self.resolve = resolve
        self.project = Project(name=root.get("name") or Path(path).stem, path=path)
        self.project.origin = root.get("origin") or ""
        self.skipped = self.project.skipped
        self.inv = self.project.inventory = Inventory()
        self.codes_by_key: dict[str, str] = {}
        self.variables: dict[str, str] = {}  # guid (folded) → name
        self.selection_cases: dict[str, str] = {}  # selection guid (folded) → case guid
        self.case_spans: dict[str, list[tuple[int, int, str]]] = {}
        self.notes: dict[str, tuple[str, bool]] = {}  # note guid (folded) → (text, annotation)
        self.used_notes: set[str] = set()
        self.loaded_selections = 0

    def _note(self, message: str) -> None:
        self.skipped.append(message)

    def read(self) -> Project:
        if _local(self.root.tag) != "Project":
            raise ExplorerError.for_file(
                self.path,
                f"is not a REFI-QDA project (its XML starts with <{_local(self.root.tag)}>)",
            )
        sections = {_local(c.tag): c for c in self.root}
        if (users := sections.get("Users")) is not None:
            for el in _children(users, "User"):
                self.inv.found["users"] += 1
                guid = el.get("guid") or ""
                if guid:
                    self.project.users[guid] = User(guid=guid, name=el.get("name") or "")
        if (book := sections.get("CodeBook")) is not None:
            for codes in _children(book, "Codes"):
                for el in _children(codes, "Code"):
                    self._code(el, None)
        if (variables := sections.get("Variables")) is not None:
            for el in _children(variables, "Variable"):
                if el.get("guid"):
                    self.variables[el.get("guid", "").casefold()] = el.get("name") or "Variable"
        if (notes := sections.get("Notes")) is not None:
            for el in _children(notes, "Note"):
                self._index_note(el)
        cases = sections.get("Cases")
        case_els = _children(cases, "Case") if cases is not None else []
        case_selections: dict[str, str] = {}
        for el in case_els:
            for ref in _children(el, "SelectionRef"):
                case_selections[(ref.get("targetGUID") or "").casefold()] = el.get("guid") or ""
        if (sources := sections.get("Sources")) is not None:
            for el in sources:
                self._source(el, case_selections)
        for el in case_els:
            self._case(el)
        if (sets := sections.get("Sets")) is not None:
            self._sets(sets)
        self.project.description = _text(sections.get("Description"))
        for guid, (text, annotation) in self.notes.items():
            if guid not in self.used_notes and text:
                if annotation:
                    self.inv.facts.append(f"annotation not tied to a source: {text[:80]}")
                self.project.notes.append(text)
        for name in sections:
            if name not in _SECTIONS:
                self._note(f"unknown section <{name}> was ignored")
        said = [self.project.description, *self.project.notes]
        self.project.illustrative = any("illustrative" in s.casefold() for s in said)
        self._merge_duplicate_spans()
        link_speakers(self.project, self.selection_cases, self.case_spans)
        self._count_loaded()
        return self.project

    # --- codes, notes, sets, cases ----------------------------------------------------------
    def _code(self, el: Element, parent: str | None) -> None:
        guid = el.get("guid") or ""
        name = el.get("name") or ""
        self.inv.found["codes"] += 1
        if not guid or guid.casefold() in self.codes_by_key:
            self._note(f"code {name or '(unnamed)'} without a unique guid was skipped")
            self.inv.omit("code without a unique guid")
            return
        self.project.codes[guid] = Code(
            guid=guid,
            name=name or guid,
            parent=parent,
            color=el.get("color") or "",
            description=_text(_child(el, "Description")).strip(),
            codable=_bool(el.get("isCodable")),
        )
        self.codes_by_key[guid.casefold()] = guid
        for sub in _children(el, "Code"):
            self._code(sub, guid)

    def _index_note(self, el: Element) -> None:
        inline = _child(el, "PlainTextContent")
        if inline is not None:
            text = _text(inline)
        elif el.get("plainTextPath"):
            data = self.resolve(el.get("plainTextPath", ""))
            text = decode_text(data, f"note {el.get('name') or ''}", self.skipped) if data else ""
        else:
            text = _text(_child(el, "Description"))
        annotation = _child(el, "PlainTextSelection") is not None
        self.notes[(el.get("guid") or f"note-{len(self.notes)}").casefold()] = (
            text.strip(),
            annotation,
        )

    def _note_refs(self, el: Element) -> list[str]:
        out = []
        for ref in _children(el, "NoteRef"):
            key = (ref.get("targetGUID") or "").casefold()
            if key in self.notes:
                self.used_notes.add(key)
                if self.notes[key][0]:
                    out.append(self.notes[key][0])
        return out

    def _sets(self, sets: Element) -> None:
        keys = {k.casefold(): k for k in self.project.sources}
        for el in _children(sets, "Set"):
            name = el.get("name") or "Set"
            members = tuple(
                keys[ref]
                for m in _children(el, "MemberSource")
                if (ref := (m.get("targetGUID") or "").casefold()) in keys
            )
            self.project.sets[name] = members
            for guid in members:
                source = self.project.sources[guid]
                attrs = dict(source.attributes)
                joined = "; ".join(filter(None, [attrs.get("Document set", ""), name]))
                attrs["Document set"] = joined
                self.project.sources[guid] = replace(source, attributes=tuple(attrs.items()))

    def _attributes(self, el: Element, owner: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for vv in _children(el, "VariableValue"):
            ref = _child(vv, "VariableRef")
            name = (
                self.variables.get((ref.get("targetGUID") or "").casefold())
                if ref is not None
                else None
            )
            if name is None:
                self._note(f"a value of {owner} refers to an unknown variable and was skipped")
                continue
            for value_el in vv:
                tag = _local(value_el.tag)
                if tag in _VALUE_TAGS:
                    value = _text(value_el).strip()
                    if tag == "BooleanValue":
                        value = "Yes" if _bool(value, False) else "No"
                    out.append((name, value))
                    break
        return out

    def _case(self, el: Element) -> None:
        guid = el.get("guid") or ""
        name = el.get("name") or guid
        self.inv.found["cases"] += 1
        if not guid or guid in self.project.cases:
            self._note(f"case {name!r} without a unique guid was skipped")
            self.inv.omit("case without a unique guid")
            return
        keys = {k.casefold(): k for k in self.project.sources}
        source_guids = []
        for ref in _children(el, "SourceRef"):
            found = keys.get((ref.get("targetGUID") or "").casefold())
            if found and found not in source_guids:
                source_guids.append(found)
        for ref in _children(el, "SelectionRef"):
            self.selection_cases.setdefault((ref.get("targetGUID") or "").casefold(), guid)
        description = "\n".join(
            filter(None, [_text(_child(el, "Description")).strip(), *self._note_refs(el)])
        )
        self.project.cases[guid] = Case(
            guid=guid,
            name=name,
            attributes=tuple(self._attributes(el, f"case {name!r}")),
            source_guids=tuple(source_guids),
            description=description,
        )

    # --- after reading ----------------------------------------------------------------------
    def _count_loaded(self) -> None:
        inv, p = self.inv, self.project
        inv.loaded.update(
            {
                "sources": len(p.sources),
                "codes": len(p.codes),
                "coded passages": self.loaded_selections,
                "cases": len(p.cases),
                "users": len(p.users),
            }
        )
        categories = sum(1 for c in p.codes.values() if not c.codable)
        if categories:
            inv.facts.append(
                f'{categories} categor{"y" if categories == 1 else "ies"} (isCodable="false") '
                "shown as nodes of the code tree"
            )
        annotations = sum(1 for _, is_annotation in self.notes.values() if is_annotation)
        if annotations:
            inv.facts.append(
                f"{annotations} annotation(s) (selections inside <Notes>) read as notes on their "
                "source, not as coded passages"
            )
        blank = sum(1 for s in p.segments if s.blank)
        if blank:
            inv.facts.append(
                f"{blank} coded passage(s) are only whitespace: counted for their codes, never "
                "shown as quotes"
            )
        if len(p.segments) != self.loaded_selections:
            inv.facts.append(
                f"{self.loaded_selections} coded selections are {len(p.segments)} passages once "
                "selections of the same span (one per code, as QualCoder writes them) are joined"
            )

    def _merge_duplicate_spans(self) -> None:
        # Some tools (QualCoder) write one selection per code for the same span: one segment here.
        merged: dict[tuple[str, int, int], Segment] = {}
        for seg in self.project.segments:
            key = (seg.source, seg.start, seg.end)
            if key in merged:
                first = merged[key]
                codes = first.codes + tuple(c for c in seg.codes if c not in first.codes)
                memo = "\n".join(dict.fromkeys(filter(None, [first.memo, seg.memo])))
                merged[key] = replace(first, codes=codes, memo=memo)
            else:
                merged[key] = seg
        self.project.segments = list(merged.values())


def read_qde(root: Element, path: str | os.PathLike[str], resolve: Resolver) -> Project:
    """The project in a parsed `.qde` document; `resolve` finds source files by plainTextPath."""
    return _Reader(root, os.fspath(path), resolve).read()
