"""The date a data file records about itself (not when a copy of it was last touched): an SPSS
file's header creation stamp, a REFI-QDA project's modified or creation date-time; and, failing
that, the date a briefing recorded for the same data (same SHA-256).

A copied or downloaded file gets a new modification time, so slides never date data by it.
"""

from __future__ import annotations

import os
import re
import zipfile
from datetime import datetime

from explorer.core.briefing.model import DataRef

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_PROJECT_TAG = re.compile(rb"<(?:\w+:)?Project\b[^>]*>")
_QDE_DATE = re.compile(rb'\b(modifiedDateTime|creationDateTime)="(\d{4}-\d\d-\d\d)')
_HEAD = 64 * 1024  # the Project element's attributes are in the first bytes of project.qde


def sav_header_date(head: bytes) -> str:
    """ISO date from an SPSS header's creation stamp ("26 Nov 25" at byte 92), else ""."""
    if len(head) < 101 or head[:4] not in (b"$FL2", b"$FL3"):
        return ""
    text = head[92:101].decode("latin-1").strip().upper()
    match = re.fullmatch(r"(\d{1,2}) ?([A-Z]{3}) ?(\d{2})", text)
    if not match or match.group(2) not in _MONTHS:
        return ""
    day, month, year = int(match.group(1)), _MONTHS.index(match.group(2)) + 1, int(match.group(3))
    # Two-digit years: SPSS writes the year mod 100; 70–99 are the 1900s (as PSPP reads them).
    year += 1900 if year >= 70 else 2000
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return ""


def qde_date(head: bytes) -> str:
    """The project's modifiedDateTime (else creationDateTime) as an ISO date, else ""."""
    tag = _PROJECT_TAG.search(head)
    found = dict(_QDE_DATE.findall(tag.group(0))) if tag else {}
    raw = found.get(b"modifiedDateTime") or found.get(b"creationDateTime") or b""
    return raw.decode("ascii")


def recorded_date(path: str | os.PathLike[str] | None) -> str:
    """The date `path`'s data records about itself, or "" when it records none."""
    if not path:
        return ""
    path = os.fspath(path)
    suffix = os.path.splitext(path)[1].lower()
    try:
        if suffix in (".sav", ".zsav"):
            with open(path, "rb") as handle:
                return sav_header_date(handle.read(128))
        if suffix == ".qde":
            with open(path, "rb") as handle:
                return qde_date(handle.read(_HEAD))
        if suffix == ".qdpx":
            with zipfile.ZipFile(path) as archive, archive.open("project.qde") as member:
                return qde_date(member.read(_HEAD))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, RuntimeError):
        return ""
    return ""


def data_date(path: str | None, sha256: str, recorded: DataRef | None = None) -> str:
    """The file's own date, else the briefing's record of the same data (by hash), else ""."""
    own = recorded_date(path)
    if own:
        return own
    if recorded is not None and recorded.sha256 and recorded.sha256 == sha256:
        return recorded.modified
    return ""
