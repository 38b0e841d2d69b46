"""The export log: an append-only file, one JSON line per export (when, what, which data by
SHA-256, the filter, the marking and where it went), so staff can say what left the laptop.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from explorer.core.briefing.model import DataRef
from explorer.core.errors import ExplorerError

LOG_NAME = "exports.log.jsonl"


def log_export(
    log_path: str | os.PathLike[str],
    *,
    what: str,
    destination: str | os.PathLike[str],
    data: Iterable[DataRef] = (),
    filter_description: str = "",
    marking: str = "OFFICIAL",
    when: _dt.datetime | None = None,
) -> dict[str, Any]:
    """Append one line describing an export and return it as a dict."""
    stamp = (when or _dt.datetime.now(_dt.UTC)).isoformat(timespec="seconds")
    entry = {
        "time": stamp,
        "what": what,
        "data": [{"kind": r.kind, "name": r.name, "sha256": r.sha256} for r in data],
        "filter": filter_description,
        "marking": marking,
        "destination": os.path.abspath(os.fspath(destination)),
    }
    line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
    path = Path(os.fspath(log_path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One write of one whole line in append mode: earlier lines are never rewritten.
        with open(path, "a", encoding="utf-8", newline="\n") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        raise ExplorerError.for_file(
            path, f"the export log cannot be written ({error.strerror})"
        ) from error
    return entry


def read_export_log(log_path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every readable entry, oldest first; a torn or garbled line (a crash mid-write) is skipped."""
    try:
        text = Path(os.fspath(log_path)).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    except OSError as error:
        raise ExplorerError.for_file(
            log_path, f"the export log cannot be read ({error.strerror})"
        ) from error
    entries = []
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict):
            entries.append(entry)
    return entries
