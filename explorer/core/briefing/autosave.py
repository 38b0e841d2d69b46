"""Autosave copies of open briefings in the app's data folder (never beside the source data), so
after a crash the window can offer back work that is newer than the last save.

One copy per briefing file, named from a hash of its absolute path; an unsaved briefing uses
"untitled".
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from explorer.core.atomic import (
    atomic_write_text,
    make_folder,
    registered_source_paths,
    remove_stale_temps,
)
from explorer.core.briefing.model import Briefing
from explorer.core.briefing.store import dumps
from explorer.core.errors import ExplorerError

AUTOSAVE_SUFFIX = ".autosave.briefing.json"


def autosave_path(
    folder: str | os.PathLike[str], briefing_path: str | os.PathLike[str] | None
) -> Path:
    """Where the autosave copy of `briefing_path` (None: an unsaved briefing) lives in `folder`."""
    if briefing_path is None:
        stem = "untitled"
    else:
        absolute = os.path.normcase(os.path.abspath(os.fspath(briefing_path)))
        digest = hashlib.sha256(absolute.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = Path(absolute).name.removesuffix(".json").removesuffix(".briefing")
        stem = f"{name[:40]}-{digest}"
    return Path(os.fspath(folder)) / f"{stem}{AUTOSAVE_SUFFIX}"


def _check_folder(folder: Path) -> None:
    resolved = os.path.normcase(os.path.realpath(folder))
    for source in registered_source_paths():
        if os.path.dirname(source) == resolved:
            raise ExplorerError.for_file(
                folder,
                "autosave copies go in the app's own data folder, not beside the source data",
            )


def write_autosave(
    briefing: Briefing,
    folder: str | os.PathLike[str],
    briefing_path: str | os.PathLike[str] | None = None,
) -> Path:
    """Write the autosave copy for `briefing_path` (made if needed) and return its path."""
    target_folder = make_folder(folder, "autosave folder")
    _check_folder(target_folder)
    path = autosave_path(target_folder, briefing_path)
    remove_stale_temps(path)
    atomic_write_text(path, dumps(briefing))
    return path


def find_autosave(
    folder: str | os.PathLike[str], briefing_path: str | os.PathLike[str] | None
) -> Path | None:
    """The autosave copy of `briefing_path` if it is newer than the saved file (or it was never
    saved, or the saved file is gone); None otherwise."""
    path = autosave_path(folder, briefing_path)
    try:
        auto_time = path.stat().st_mtime_ns
    except OSError:
        return None
    if briefing_path is None:
        return path
    try:
        saved_time = os.stat(briefing_path).st_mtime_ns
    except OSError:
        return path
    return path if auto_time > saved_time else None


def discard_autosave(
    folder: str | os.PathLike[str], briefing_path: str | os.PathLike[str] | None
) -> bool:
    """Delete the autosave copy (after a save, or when the user declines it); True if one went."""
    path = autosave_path(folder, briefing_path)
    remove_stale_temps(path)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as error:
        raise ExplorerError.for_file(
            path, f"the autosave copy cannot be deleted ({error.strerror})"
        ) from error
    return True
