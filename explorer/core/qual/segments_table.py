"""Reading a flat spreadsheet of coded segments (`.csv` or `.xlsx`, one row per segment) as a project.

Accepted columns (names matched without regard to case or surrounding spaces):

- `text` (or `quote`, `segment`, `coded text`) — required: the words of the segment.
- `speaker` (or `participant`, `pseudonym`, `case`) — `P07`, `Moderator`…; empty is allowed.
- `group` (or `focus group`, `session`) and/or `source` (or `document`, `transcript`, `file`) —
  which transcript the row belongs to; without either, all rows form one source.
- codes, either a list column `codes` (or `code`) with names separated by ";" — `Parent > Child`
  places a code under a parent — or one column per code named `code:NAME`; a code column's cell
  counts when truthy (1, x, yes, true, ✓). Without a `codes` column, an unprefixed column whose
  filled cells are all 0/1/x/true/false/✓ is also read as a code column (not yes/no, which are
  usually attributes such as "Born in the UK").
- attributes: every other column, or any column named `attr:NAME`; each speaker takes the first
  value given for them (a conflicting later value is noted in `project.skipped`).

Each source's text is rebuilt from its rows as `speaker: text` paragraphs, so turns, speakers and
cases work exactly as for a REFI-QDA project.
"""

from __future__ import annotations

import csv
import io
import os
import uuid
from pathlib import Path

from explorer.core.errors import ExplorerError
from explorer.core.qual.model import MODERATOR, Case, Code, Project, Segment, Source
from explorer.core.qual.qde_reader import decode_text
from explorer.core.qual.turns import link_speakers, speaker_key
from explorer.core.safe_zip import SafeZip, read_capped

_TEXT = {"text", "quote", "segment", "coded text", "coded segment"}
_SPEAKER = {"speaker", "participant", "pseudonym", "case"}
_GROUP = {"group", "focus group", "session"}
_SOURCE = {"source", "document", "transcript", "file"}
_CODES = {"codes", "code"}
_TRUE = {"1", "x", "yes", "y", "true", "✓", "✔"}
_FLAG = {"", "0", "1", "x", "true", "false", "✓", "✔"}
MAX_TABLE_BYTES = 128 * 1024 * 1024


def _guid(kind: str, name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"segments-table:{kind}:{name}"))


def _read_rows(path: Path) -> list[dict[str, str]]:
    data = read_capped(path, MAX_TABLE_BYTES)
    if path.suffix.casefold() == ".xlsx":
        # a workbook is a zip: prove every part expands within limits before openpyxl opens it
        archive = SafeZip(data, path)
        for name in archive.names:
            archive.read(name)
        try:
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = list(book.worksheets[0].iter_rows(values_only=True))
        except Exception as error:  # openpyxl raises many types for a damaged workbook
            raise ExplorerError.for_file(path, "is not a readable Excel workbook") from error
        if not rows:
            return []
        header = ["" if h is None else str(h) for h in rows[0]]
        return [
            {header[i]: "" if v is None else str(v) for i, v in enumerate(row) if i < len(header)}
            for row in rows[1:]
        ]
    skipped: list[str] = []
    text = decode_text(data, path.name, skipped)
    # the header decides the delimiter: cells may hold ";" (code lists) or "," (speech)
    header = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    try:
        return list(csv.DictReader(io.StringIO(text), delimiter=delimiter, restval=""))
    except csv.Error as error:
        raise ExplorerError.for_file(path, f"is not a readable CSV file ({error})") from error


def load_segments_table(path: str | os.PathLike[str]) -> Project:
    """The coded segments in a spreadsheet, as a project (see the module docstring)."""
    path = Path(path)
    rows = _read_rows(path)
    if not rows:
        raise ExplorerError.for_file(path, "holds no rows of coded segments")
    columns = [c for c in rows[0] if c is not None]
    folded = {c: c.strip().casefold() for c in columns}

    def pick(names: set[str]) -> str | None:
        return next((c for c in columns if folded[c] in names), None)

    text_col = pick(_TEXT)
    if text_col is None:
        raise ExplorerError.for_file(path, "has no 'text' column holding the coded segments")
    speaker_col, group_col, source_col, codes_col = (
        pick(_SPEAKER),
        pick(_GROUP),
        pick(_SOURCE),
        pick(_CODES),
    )
    used = {text_col, speaker_col, group_col, source_col, codes_col}
    code_cols: dict[str, str] = {}
    attr_cols: dict[str, str] = {}
    for col in columns:
        if col in used or not col.strip():
            continue
        name = col.strip()
        if folded[col].startswith("code:"):
            code_cols[col] = name[5:].strip()
        elif folded[col].startswith("attr:"):
            attr_cols[col] = name[5:].strip()
        elif codes_col is None and all(
            str(r.get(col) or "").strip().casefold() in _FLAG for r in rows
        ):
            code_cols[col] = name
        else:
            attr_cols[col] = name
    if codes_col is None and not code_cols:
        raise ExplorerError.for_file(path, "has no 'codes' column and no code columns")

    project = Project(name=path.stem, path=str(path), format=path.suffix.casefold().lstrip("."))

    def code_guid(name: str) -> str:
        parent = None
        guid = ""
        for part in [p.strip() for p in name.split(">") if p.strip()]:
            guid = _guid("code", f"{parent}/{part}")
            if guid not in project.codes:
                project.codes[guid] = Code(guid, part, parent)
            parent = guid
        return guid

    texts: dict[str, list[str]] = {}
    lengths: dict[str, int] = {}  # running length of each rebuilt text, for the next offset
    spans: list[tuple[str, int, int, tuple[str, ...], int]] = []
    attributes: dict[str, dict[str, str]] = {}
    groups: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        quote = " ".join(str(row.get(text_col) or "").split())
        speaker = str(row.get(speaker_col) or "").strip() if speaker_col else ""
        if speaker_key(speaker) in {"moderator", "facilitator", "interviewer"}:
            speaker = MODERATOR
        group = str(row.get(group_col) or "").strip() if group_col else ""
        source = (
            (str(row.get(source_col) or "").strip() if source_col else "") or group or path.stem
        )
        if speaker and speaker != MODERATOR:  # a person's attributes count even on uncoded rows
            have = attributes.setdefault(speaker, {})
            if group:
                have.setdefault("Group", group)
            for col, name in attr_cols.items():
                value = str(row.get(col) or "").strip()
                if not value:
                    continue
                if name not in have:
                    have[name] = value
                elif have[name] != value:
                    project.skipped.append(
                        f"row {number} gives {speaker} a second {name} ({value!r}); the first was kept"
                    )
        if not quote:
            project.skipped.append(f"row {number} has no text and was skipped")
            continue
        names = []
        if codes_col:
            names += [c.strip() for c in str(row.get(codes_col) or "").split(";") if c.strip()]
        names += [
            n for col, n in code_cols.items() if str(row.get(col) or "").strip().casefold() in _TRUE
        ]
        if not names:
            project.skipped.append(f"row {number} carries no code and was skipped")
            continue
        codes = tuple(dict.fromkeys(code_guid(n) for n in names))
        lines = texts.setdefault(source, [])
        offset = lengths.get(source, 0)
        label = f"{speaker}: " if speaker else ""
        lines.append(label + quote)
        lengths[source] = offset + len(lines[-1]) + 1
        spans.append((source, offset + len(label), offset + len(label) + len(quote), codes, number))
        if group:
            groups.setdefault(source, group)
    for speaker, attrs in attributes.items():
        guid = _guid("case", speaker)
        project.cases[guid] = Case(guid, speaker, tuple(attrs.items()))
    for source, lines in texts.items():
        guid = _guid("source", source)
        project.sources[guid] = Source(
            guid, source, "\n".join(lines) + "\n", group=groups.get(source, "")
        )
    for source, start, end, codes, number in spans:
        guid = _guid("source", source)
        text = project.sources[guid].text
        project.segments.append(
            Segment(_guid("segment", f"{number}"), guid, start, end, text[start:end], codes)
        )
    link_speakers(project)
    return project
