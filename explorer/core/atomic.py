"""Atomic file writing: a temp file in the same folder, flushed and fsynced, then os.replace, so a
crash leaves either the old file or the new one, never half of one; and never onto source data.

Temp files are named `.<name>.tmp-<random>` so a stale one left by a killed process is recognisable
and `remove_stale_temps` can clear it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from explorer.core.errors import ExplorerError

TEMP_MARK = ".tmp-"

_sources: set[str] = set()
_lock = threading.Lock()


def _key(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.realpath(os.fspath(path)))


def register_source_path(path: str | os.PathLike[str]) -> None:
    """Mark `path` as source data (a loaded survey or project): no export may write onto it."""
    with _lock:
        _sources.add(_key(path))


def unregister_source_path(path: str | os.PathLike[str]) -> None:
    with _lock:
        _sources.discard(_key(path))


def registered_source_paths() -> frozenset[str]:
    with _lock:
        return frozenset(_sources)


def is_source_path(path: str | os.PathLike[str]) -> bool:
    """True when `path` is (or resolves to, through links) a registered source data file."""
    key = _key(path)
    with _lock:
        if key in _sources:
            return True
        sources = list(_sources)
    target = Path(os.fspath(path))
    if not target.exists():
        return False
    for source in sources:
        with contextlib.suppress(OSError):
            if os.path.samefile(source, target):
                return True
    return False


def make_folder(path: str | os.PathLike[str], what: str = "folder") -> Path:
    """Create `path` (and its parents) if needed; a failure is one sentence naming it."""
    folder = Path(os.fspath(path))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExplorerError.for_file(
            folder, f"the {what} cannot be made ({error.strerror})"
        ) from error
    return folder


def temp_name_for(path: str | os.PathLike[str]) -> Path:
    target = Path(os.fspath(path))
    return target.with_name(f".{target.name}{TEMP_MARK}{secrets.token_hex(6)}")


def is_temp_for(candidate: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """True when `candidate` is a temp file `atomic_writer` made for `path`."""
    name = Path(os.fspath(candidate)).name
    return name.startswith(f".{Path(os.fspath(path)).name}{TEMP_MARK}")


def remove_stale_temps(path: str | os.PathLike[str]) -> list[Path]:
    """Delete temp files left beside `path` by an interrupted write; returns what was removed."""
    target = Path(os.fspath(path))
    removed: list[Path] = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if is_temp_for(entry, target) and entry.is_file():
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


def _refuse_source(path: Path) -> None:
    if is_source_path(path):
        raise ExplorerError.for_file(
            path,
            "this is the source data you loaded; choose another file name so it is not overwritten",
        )


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; folders cannot be opened this way on Windows.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike[str], mode: str = "wb", *, encoding: str | None = None
) -> Iterator[IO[Any]]:
    """Open a temp file beside `path` for writing; on success it replaces `path` atomically.

    On any error inside the block the temp file is removed and `path` is left untouched.
    """
    if mode not in ("w", "wb", "wt"):
        raise ValueError(f"atomic_writer writes whole files; mode {mode!r} is not supported")
    text = "b" not in mode
    # "x": the temp name is fresh; never follow a file someone placed there meanwhile.
    with (
        atomic_path(path) as temp,
        open(
            temp,
            "x" if text else "xb",
            encoding=(encoding or "utf-8") if text else None,
            newline="" if text else None,
        ) as handle,
    ):
        yield handle
        handle.flush()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temp path beside `path` for libraries that write to a path (pyreadstat, pyarrow); on
    success it is fsynced and replaces `path` atomically, on any error it is removed."""
    target = Path(os.fspath(path)).absolute()
    _refuse_source(target)
    if target.is_dir():
        raise ExplorerError.for_file(target, "this is a folder, not a file")
    if not target.parent.is_dir():
        raise ExplorerError.for_file(target, f"the folder {target.parent} does not exist")
    temp = temp_name_for(target)
    try:
        yield temp
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise ExplorerError.for_file(
            target, f"the file cannot be written ({error.strerror})"
        ) from error
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(target.parent)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part."""
    with atomic_writer(path, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write `text` to `path` atomically (newlines written as given)."""
    atomic_write_bytes(path, text.encode(encoding))
