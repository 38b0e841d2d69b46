"""The `<Sources>` part of reading a REFI-QDA project: text sources and their coded selections.

Each text source's selections are gathered first, the way its positions count is decided from
their evidence (offsets.py), and only then are they mapped into the normalised text. Media, PDF
and picture sources are counted with the coded passages they carry, never read.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from xml.etree.ElementTree import Element

from explorer.core.qual.model import Segment, Source
from explorer.core.qual.offsets import Selection, SourceText, decide, evidence_matches

_MEDIA = {
    "PDFSource": "PDF source",
    "PictureSource": "picture source",
    "AudioSource": "audio source",
    "VideoSource": "video source",
}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(el: Element | None) -> str:
    return "".join(el.itertext()) if el is not None else ""


def _coded(el: Element) -> int:
    """How many coded selections lie within `el` (any kind: text, PDF, picture, media)."""
    return sum(
        1
        for sel in el.iter()
        if _local(sel.tag).endswith("Selection") and any(_local(c.tag) == "Coding" for c in sel)
    )


def _file_name(text_path: str) -> str:
    rest = text_path.partition("://")[2] or text_path
    return PurePosixPath(rest.replace("\\", "/")).name


class SourceReading:
    """Mixed into the project reader: `_source` reads one child of `<Sources>`."""

    def _source(self, el: Element, case_selections: dict[str, str]) -> None:
        kind = _local(el.tag)
        self.inv.found["sources"] += 1
        coded = _coded(el)
        self.inv.found["coded passages"] += coded
        text_path = el.get("plainTextPath") or ""
        name = el.get("name") or _file_name(text_path) or el.get("guid") or kind
        if kind in _MEDIA:
            self._note(
                f"{kind} {name!r} was skipped (only text sources are read)"
                + (f"; it carried {coded} coded passage(s)" if coded else "")
            )
            self.inv.omit(_MEDIA[kind], 1, coded)
            return
        if kind != "TextSource":
            self._note(f"unknown source <{kind}> {name!r} was skipped")
            self.inv.omit(f"unknown source <{kind}>", 1, coded)
            return
        guid = el.get("guid") or ""
        if not guid or guid in self.project.sources:
            self._note(f"text source {name!r} without a unique guid was skipped")
            self.inv.omit("text source without a unique guid", 1, coded)
            return
        inline = next((c for c in el if _local(c.tag) == "PlainTextContent"), None)
        if inline is not None:
            raw = _text(inline)
        elif text_path:
            data = self.resolve(text_path)
            if data is None:
                rich = " (only its rich text is there)" if el.get("richTextPath") else ""
                self._note(
                    f"the text of source {name!r} ({text_path}) is not in the project{rich} "
                    "and was skipped"
                )
                self.inv.omit("source whose plain text is not in the project", 1, coded)
                return
            from explorer.core.qual.qde_reader import decode_source

            raw = decode_source(data, f"the text of source {name!r}", self.skipped)
        else:
            self._note(f"text source {name!r} has no text and was skipped")
            self.inv.omit("source with no text", 1, coded)
            return
        text = SourceText(raw)
        if not text.text.strip() and el.get("richTextPath"):
            self.inv.omit(
                "source whose plain text is empty (its words are only in the rich text)", 1, coded
            )
        attributes = self._attributes(el, f"source {name!r}")
        group = next((v for k, v in attributes if k.casefold() == "group"), "")
        notes = tuple(self._note_refs(el))
        selections = [s for s in el if _local(s.tag) == "PlainTextSelection"]
        evidence = [
            Selection(
                _int(s.get("startPosition")),
                _int(s.get("endPosition")),
                tuple(filter(None, [s.get("name") or "", _description(s)])),
            )
            for s in selections
        ]
        decision = decide(text, evidence, self.project.origin)
        if decision.alternatives > 1 or not decision.fits:
            self.inv.conventions.append(f"{name!r}: {decision.describe()}")
        if not decision.fits:
            self.inv.unfit.append(
                f"{name!r}: only {decision.matched} of {decision.judged} stored selection texts "
                "match the text under any way of counting; its quotes may be misplaced"
            )
        self.project.sources[guid] = Source(
            guid=guid,
            name=name,
            text=text.text,
            group=group,
            description=_text(next((c for c in el if _local(c.tag) == "Description"), None)),
            attributes=tuple(attributes),
            file_name=_file_name(text_path),
            convention=decision.describe(),
            notes=notes,
        )
        for sel, found in zip(selections, evidence, strict=True):
            self._selection(sel, found, guid, name, text, decision.convention, case_selections)

    def _selection(self, el, found, source, source_name, text, conv, case_selections) -> None:
        label = f"selection {el.get('name') or el.get('guid') or ''} in {source_name!r}".replace(
            "  ", " "
        )
        codings = [c for c in el if _local(c.tag) == "Coding"]
        is_coded = bool(codings)
        start, end = found.start, found.end
        limit = text.length(conv)
        sel_guid = el.get("guid") or f"{source}:{start}:{end}"
        if not is_coded:
            owner = case_selections.get(sel_guid.casefold())
            if owner and 0 <= start < end:
                a, b = text.to_index(conv, start), text.to_index(conv, min(end, limit), end=True)
                self.case_spans.setdefault(source, []).append((a, b, owner))
            return  # a selection with no coding is no coded passage (a case node's span at most)
        if start < 0 or end < 0:
            self._note(f"{label} has no valid start and end and was skipped")
            self.inv.omit("selection with no valid start and end", 1, 1)
            return
        if end == start:
            self._note(f"{label} is empty (start = end = {start}) and was skipped")
            self.inv.omit("empty selection", 1, 1)
            return
        if end < start or start >= limit:
            self._note(f"{label} ({start}–{end}) lies outside the text and was skipped")
            self.inv.omit("selection outside the text", 1, 1)
            return
        if end > limit:
            self._note(f"{label} ran past the end of the text ({end} > {limit}) and was clipped")
            end = limit
        codes: list[str] = []
        creator = el.get("creatingUser") or ""
        created = el.get("creationDateTime") or ""
        for coding in codings:
            creator = creator or coding.get("creatingUser") or ""
            created = created or coding.get("creationDateTime") or ""
            for ref in coding:
                if _local(ref.tag) != "CodeRef":
                    continue
                code = self.codes_by_key.get((ref.get("targetGUID") or "").casefold())
                if code is None:
                    self._note(f"{label} refers to an unknown code; that coding was dropped")
                elif code not in codes:
                    codes.append(code)
        if not codes:
            self._note(f"{label} carries no known code and was skipped")
            self.inv.omit("selection whose codes are not in the code book", 1, 1)
            return
        a, b = text.to_index(conv, start), text.to_index(conv, end, end=True)
        cut = text.text[a:b]
        description = _description(el)
        memo = [description] if description and not evidence_matches(description, cut) else []
        memo += self._note_refs(el)
        self.loaded_selections += 1
        self.project.segments.append(
            Segment(
                guid=sel_guid,
                source=source,
                start=a,
                end=b,
                text=cut,
                codes=tuple(codes),
                creator=creator,
                memo="\n".join(memo),
                created=created,
                file_start=start,
                file_end=end,
            )
        )


def _int(value: str | None) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        return -1


def _description(el: Element) -> str:
    return _text(next((c for c in el if _local(c.tag) == "Description"), None)).strip()
