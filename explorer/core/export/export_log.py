"""The export log: an append-only file, one JSON line per export (when, what, which data by
SHA-256, the filter, the marking and where it went), so staff can say what left the laptop.

Every export writes its line before the file is published (`logged`, run by the atomic writer
after the file is checked and before it replaces the target); no log line, no export.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from explorer.core.app_data import DATA_DIR_ENV, app_data_dir  # noqa: F401 (re-exported)
from explorer.core.briefing.model import DataRef
from explorer.core.errors import ExplorerError

LOG_NAME = "exports.log.jsonl"
_configured: Path | None = None


def configure_log_path(path: str | os.PathLike[str] | None) -> None:
    """Where exports are logged from now on (the window passes its settings' choice); None resets
    to `default_log_path()`."""
    global _configured
    _configured = Path(os.fspath(path)) if path is not None else None


def default_log_path() -> Path:
    return _configured if _configured is not None else app_data_dir() / LOG_NAME


def record_export(
    provenance,
    *,
    what: str,
    destination: str | os.PathLike[str],
    log_path: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Log one export stamped with `provenance` (an export.provenance.Provenance): its sources,
    filter, marking and disclosure thresholds; to `log_path` or `default_log_path()`."""
    return log_export(
        default_log_path() if log_path is None else log_path,
        what=what,
        destination=destination,
        data=provenance.sources,
        filter_description=provenance.filter_description,
        marking=provenance.marking,
        disclosure=provenance.disclosure,
    )


def logged(
    provenance,
    what: str,
    destination: str | os.PathLike[str],
    log_path: str | os.PathLike[str] | None = None,
):
    """The step an atomic write runs just before it publishes: log the export, and if the log
    cannot be written, raise, so the export is refused (fail closed: nothing leaves unlogged).

    Asked for before the export is made, it first refuses a destination that is one of the files
    the data or the briefing came from."""
    if os.fspath(destination) != "clipboard":
        from explorer.core.atomic import refuse_export_onto_inputs

        refuse_export_onto_inputs(destination)

    def record() -> None:
        record_export(provenance, what=what, destination=destination, log_path=log_path)

    return record


def log_export(
    log_path: str | os.PathLike[str],
    *,
    what: str,
    destination: str | os.PathLike[str],
    data: Iterable[DataRef] = (),
    filter_description: str = "",
    marking: str = "OFFICIAL",
    when: _dt.datetime | None = None,
    disclosure: dict[str, int] | None = None,
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
    if disclosure is not None:
        entry["disclosure"] = dict(disclosure)
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
