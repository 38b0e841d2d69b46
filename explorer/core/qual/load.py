"""One entry point for every focus-group file: `load_project(path)` picks the reader by content.

REFI-QDA `.qdpx` archives and bare `.qde` documents, and flat spreadsheets of coded segments
(`.csv`, `.xlsx`); every problem is an `ExplorerError` naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from explorer.core.atomic import register_source_path
from explorer.core.errors import ExplorerError
from explorer.core.qual.model import Project
from explorer.core.safe_files import looks_like_url, open_regular

SUPPORTED = (".qdpx", ".qde", ".csv", ".xlsx")


def _sniff(path: Path) -> bytes:
    try:
        with open_regular(path) as handle:
            return handle.read(512)
    except OSError as error:
        raise ExplorerError.for_file(
            path, f"could not be read ({error.strerror or error})"
        ) from error


def load_project(path: str | os.PathLike[str], *, progress=None) -> Project:
    """The coded project in `path` (.qdpx, .qde, .csv or .xlsx); once loaded, `path` is
    registered as source data, so no export or autosave may overwrite it. `progress(fraction,
    message)` hears a REFI-QDA project's phases: archive, document, then each source read."""
    if looks_like_url(os.fspath(path)):
        raise ExplorerError.for_file(path, "is a web address; only files on this computer open")
    project = _load(Path(path), progress)
    register_source_path(path)
    return project


def _load(path: Path, progress=None) -> Project:
    if not path.exists():
        raise ExplorerError.for_file(path, "does not exist")
    if path.is_dir():
        raise ExplorerError.for_file(path, "is a folder, not a focus-group project file")
    head = _sniff(path)
    if not head:
        raise ExplorerError.for_file(path, "is empty (0 bytes)")
    suffix = path.suffix.casefold()
    if suffix in (".qdpx", ".xlsx", ".zip") or head.startswith(b"PK"):
        if suffix == ".xlsx":
            from explorer.core.qual.segments_table import load_segments_table

            return load_segments_table(path)
        from explorer.core.qual.qdpx import load_qdpx

        return load_qdpx(path, progress=progress)
    if suffix in (".qde", ".xml") or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        from explorer.core.qual.qdpx import load_qde

        return load_qde(path, progress=progress)
    if suffix in (".csv", ".txt", ".tsv"):
        from explorer.core.qual.segments_table import load_segments_table

        return load_segments_table(path)
    raise ExplorerError.for_file(
        path, "is not a focus-group file this app reads (expected .qdpx, .qde, .csv or .xlsx)"
    )
