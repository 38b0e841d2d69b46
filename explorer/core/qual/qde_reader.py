"""Reading a REFI-QDA project document (`project.qde`, namespace `urn:QDA-XML:project:1.0`).

Positions are Unicode code points counted in the source text *as stored* (a CRLF counts as two);
the text is then normalised to "\\n" and every offset shifted with it, so a segment's text always
equals the source's characters from start to end. A UTF-8 BOM is not counted. Whatever cannot be
used (media sources, selections past the end, dangling references) is recorded in
`project.skipped`; only an unreadable document is an error.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable
from pathlib import Path
from xml.etree.ElementTree import Element

from explorer.core.errors import ExplorerError
from explorer.core.qual.model import Case, Code, Project, Segment, Source, User
from explorer.core.qual.turns import link_speakers

# Resolves a plainTextPath to the file's bytes, or None when it is not in the project.
Resolver = Callable[[str], bytes | None]

_MEDIA = {"PDFSource", "PictureSource", "AudioSource", "VideoSource"}
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


class _Text:
    """A source's text normalised to "\\n", with the map from stored offsets to normalised ones."""

    def __init__(self, raw: str) -> None:
        self.raw_length = len(raw)
        self.removed = [i for i in range(len(raw) - 1) if raw[i] == "\r" and raw[i + 1] == "\n"]
        self.text = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw

    def shift(self, offset: int) -> int:
        return offset - bisect.bisect_left(self.removed, offset)


def _bool(value: str | None, default: bool = True) -> bool:
    if value is None:
        return default
    return value.strip().casefold() not in {"false", "0", "no"}


class _Reader:
    def __init__(self, root: Element, path: str, resolve: Resolver) -> None:
        self.root = root
        self.path = path
        self.resolve = resolve
        self.project = Project(name=root.get("name") or Path(path).stem, path=path)
        self.project.origin = root.get("origin") or ""
        self.skipped = self.project.skipped
        self.codes_by_key: dict[str, str] = {}
        self.variables: dict[str, str] = {}  # guid (folded) → name
        self.selection_cases: dict[str, str] = {}

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
        if (sources := sections.get("Sources")) is not None:
            for el in sources:
                self._source(el)
        if (cases := sections.get("Cases")) is not None:
            for el in _children(cases, "Case"):
                self._case(el)
        if (notes := sections.get("Notes")) is not None:
            for el in _children(notes, "Note"):
                text = self._note_text(el)
                if text:
                    self.project.notes.append(text)
        self.project.description = _text(sections.get("Description"))
        for name in sections:
            if name not in {
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
            }:
                self._note(f"unknown section <{name}> was ignored")
        said = [self.project.description, *self.project.notes]
        self.project.illustrative = any("illustrative" in s.casefold() for s in said)
        self._merge_duplicate_spans()
        link_speakers(self.project, self.selection_cases)
        return self.project

    def _code(self, el: Element, parent: str | None) -> None:
        guid = el.get("guid") or ""
        name = el.get("name") or ""
        if not guid or guid.casefold() in self.codes_by_key:
            self._note(f"code {name or '(unnamed)'} without a unique guid was skipped")
            return
        self.project.codes[guid] = Code(
            guid=guid,
            name=name or guid,
            parent=parent,
            color=el.get("color") or "",
            description=_text(_child(el, "Description")),
            codable=_bool(el.get("isCodable")),
        )
        self.codes_by_key[guid.casefold()] = guid
        for sub in _children(el, "Code"):
            self._code(sub, guid)

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

    def _read_path(self, text_path: str, label: str) -> str | None:
        data = self.resolve(text_path)
        if data is None:
            self._note(f"the text of {label} ({text_path}) is not in the project and was skipped")
            return None
        return decode_text(data, f"the text of {label}", self.skipped)

    def _source(self, el: Element) -> None:
        kind = _local(el.tag)
        name = el.get("name") or el.get("guid") or kind
        if kind in _MEDIA:
            self._note(f"{kind} {name!r} was skipped (only text sources are read)")
            return
        if kind != "TextSource":
            self._note(f"unknown source <{kind}> {name!r} was skipped")
            return
        guid = el.get("guid") or ""
        if not guid or guid in self.project.sources:
            self._note(f"text source {name!r} without a unique guid was skipped")
            return
        inline = _child(el, "PlainTextContent")
        if inline is not None:
            raw = _text(inline)
        elif el.get("plainTextPath"):
            raw = self._read_path(el.get("plainTextPath", ""), f"source {name!r}")
            if raw is None:
                return
        else:
            self._note(f"text source {name!r} has no text and was skipped")
            return
        text = _Text(raw)
        group = ""
        for key, value in self._attributes(el, f"source {name!r}"):
            if key.casefold() == "group":
                group = value
        self.project.sources[guid] = Source(
            guid=guid,
            name=name,
            text=text.text,
            group=group,
            description=_text(_child(el, "Description")),
        )
        for sel in _children(el, "PlainTextSelection"):
            self._selection(sel, guid, name, text)

    def _selection(self, el: Element, source: str, source_name: str, text: _Text) -> None:
        label = f"selection {el.get('name') or el.get('guid') or ''} in {source_name!r}".replace(
            "  ", " "
        )
        try:
            start, end = int(el.get("startPosition", "")), int(el.get("endPosition", ""))
        except ValueError:
            self._note(f"{label} has no valid start and end and was skipped")
            return
        if start < 0 or end <= start or start >= text.raw_length:
            self._note(f"{label} ({start}–{end}) lies outside the text and was skipped")
            return
        if end > text.raw_length:
            self._note(
                f"{label} ran past the end of the text ({end} > {text.raw_length}) and was clipped"
            )
            end = text.raw_length
        codes: list[str] = []
        creator = el.get("creatingUser") or ""
        for coding in _children(el, "Coding"):
            creator = creator or coding.get("creatingUser") or ""
            for ref in _children(coding, "CodeRef"):
                code = self.codes_by_key.get((ref.get("targetGUID") or "").casefold())
                if code is None:
                    self._note(f"{label} refers to an unknown code; that coding was dropped")
                elif code not in codes:
                    codes.append(code)
        if not codes:
            self._note(f"{label} carries no known code and was skipped")
            return
        s, e = text.shift(start), text.shift(end)
        self.project.segments.append(
            Segment(
                guid=el.get("guid") or f"{source}:{start}:{end}",
                source=source,
                start=s,
                end=e,
                text=text.text[s:e],
                codes=tuple(codes),
                creator=creator,
            )
        )

    def _case(self, el: Element) -> None:
        guid = el.get("guid") or ""
        name = el.get("name") or guid
        if not guid or guid in self.project.cases:
            self._note(f"case {name!r} without a unique guid was skipped")
            return
        keys = {k.casefold(): k for k in self.project.sources}
        source_guids = []
        for ref in _children(el, "SourceRef"):
            found = keys.get((ref.get("targetGUID") or "").casefold())
            if found and found not in source_guids:
                source_guids.append(found)
        for ref in _children(el, "SelectionRef"):
            self.selection_cases[(ref.get("targetGUID") or "").casefold()] = guid
        self.project.cases[guid] = Case(
            guid=guid,
            name=name,
            attributes=tuple(self._attributes(el, f"case {name!r}")),
            source_guids=tuple(source_guids),
            description=_text(_child(el, "Description")),
        )

    def _note_text(self, el: Element) -> str:
        inline = _child(el, "PlainTextContent")
        if inline is not None:
            return _text(inline)
        if el.get("plainTextPath"):
            return (
                self._read_path(el.get("plainTextPath", ""), f"note {el.get('name') or ''}") or ""
            )
        return _text(_child(el, "Description"))

    def _merge_duplicate_spans(self) -> None:
        # Some tools (QualCoder) write one selection per code for the same span: one segment here.
        merged: dict[tuple[str, int, int], Segment] = {}
        for seg in self.project.segments:
            key = (seg.source, seg.start, seg.end)
            if key in merged:
                first = merged[key]
                codes = first.codes + tuple(c for c in seg.codes if c not in first.codes)
                merged[key] = Segment(**{**first.__dict__, "codes": codes})
            else:
                merged[key] = seg
        self.project.segments = list(merged.values())


def read_qde(root: Element, path: str | os.PathLike[str], resolve: Resolver) -> Project:
    """The project in a parsed `.qde` document; `resolve` finds source files by plainTextPath."""
    return _Reader(root, os.fspath(path), resolve).read()
