"""Atomic file writing: a temp file in the same folder, flushed and fsynced, then os.replace, so a
crash leaves either the old file or the new one, never half of one; and never onto source data.

Temp files are named `.<name>.tmp-<random>` so a stale one left by a killed process is recognisable
and `remove_stale_temps` can clear it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from explorer.core import pending_writes
from explorer.core.errors import ExplorerError
from explorer.core.written_checks import refuse_unless_whole

TEMP_MARK = ".tmp-"

_sources: set[str] = set()
_briefings: set[str] = set()
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


def register_briefing_path(path: str | os.PathLike[str]) -> None:
    """Mark `path` as a briefing in use: saving the briefing may replace it, no export may."""
    with _lock:
        _briefings.add(_key(path))


def is_briefing_path(path: str | os.PathLike[str]) -> bool:
    """True when `path` is (or resolves to, through links) a briefing opened or saved here."""
    return _matches(path, _briefings)


def refuse_export_onto_inputs(path: str | os.PathLike[str]) -> None:
    """Refuse, in one sentence, an export whose destination is a file the loaded data or the
    briefing came from (data, schema, codebook, sources, the briefing itself), through links."""
    if is_source_path(path):
        _refuse_source(Path(os.fspath(path)))
    if is_briefing_path(path):
        raise ExplorerError.for_file(
            path,
            "this is the briefing these exports come from; choose another file name so it is "
            "not overwritten",
        )


def is_source_path(path: str | os.PathLike[str]) -> bool:
    """True when `path` is (or resolves to, through links) a registered source data file."""
    return _matches(path, _sources)


def _matches(path: str | os.PathLike[str], registry: set[str]) -> bool:
    key = _key(path)
    with _lock:
        if key in registry:
            return True
        sources = list(registry)
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
            folder, f"the {what} cannot be made: {write_failure(error)}"
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


def write_failure(error: OSError) -> str:
    """The real cause of a failed write, in words: full, read-only, no permission, missing."""
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if code == errno.EROFS:
        return "the folder is on a read-only disk"
    if code in (errno.EACCES, errno.EPERM):
        return "you do not have permission to write there"
    if code == errno.ENOENT:
        return "the folder does not exist"
    return error.strerror or str(error)


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike[str],
    mode: str = "wb",
    *,
    encoding: str | None = None,
    before_publish: Callable[[], object] | None = None,
) -> Iterator[IO[Any]]:
    """Open a temp file beside `path` for writing; on success it replaces `path` atomically.

    On any error inside the block the temp file is removed and `path` is left untouched.
    """
    if mode not in ("w", "wb", "wt"):
        raise ValueError(f"atomic_writer writes whole files; mode {mode!r} is not supported")
    text = "b" not in mode
    written = {}
    # "x": the temp name is fresh; never follow a file someone placed there meanwhile.
    with (
        atomic_path(path, before_publish=before_publish, expect_size=written) as temp,
        open(
            temp,
            "x" if text else "xb",
            encoding=(encoding or "utf-8") if text else None,
            newline="" if text else None,
        ) as handle,
    ):
        yield handle
        handle.flush()
        written["size"] = handle.buffer.tell() if text else handle.tell()


@contextlib.contextmanager
def atomic_path(
    path: str | os.PathLike[str],
    *,
    before_publish: Callable[[], object] | None = None,
    expect_size: dict | None = None,
) -> Iterator[Path]:
    """A temp path beside `path` for libraries that write to a path (pyreadstat, pyarrow,
    QPdfWriter); on success it is fsynced, checked and moved onto `path`, on any error removed.

    The check before the move: the file on disk has the size written (`expect_size["size"]`, when
    the caller knows it) and re-opens as a whole file of its kind (written_checks). Then
    `before_publish` runs (the export log); if it raises, nothing is published. On any failure the
    previous file at `path` stays as it was.
    """
    target = Path(os.fspath(path)).absolute()
    _refuse_source(target)
    if target.is_dir():
        raise ExplorerError.for_file(target, "this is a folder, not a file")
    if not target.parent.is_dir():
        raise ExplorerError.for_file(target, f"the folder {target.parent.name} does not exist")
    temp = temp_name_for(target)
    journal = pending_writes.begin(temp)
    try:
        yield temp
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
            size = os.fstat(handle.fileno()).st_size
        if expect_size and expect_size.get("size") not in (None, size):
            raise ExplorerError.for_file(
                target,
                f"only {size:,} of {expect_size['size']:,} bytes reached the disk, so the "
                "previous file was kept",
            )
        refuse_unless_whole(temp, target)
        if before_publish is not None:
            before_publish()
        os.replace(temp, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise ExplorerError.for_file(
            target, f"the file cannot be written: {write_failure(error)}"
        ) from error
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    finally:
        pending_writes.end(journal)
    _fsync_folder(target.parent)


def atomic_write_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    before_publish: Callable[[], object] | None = None,
) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part."""
    with atomic_writer(path, "wb", before_publish=before_publish) as handle:
        handle.write(data)


def atomic_write_text(
    path: str | os.PathLike[str],
    text: str,
    encoding: str = "utf-8",
    *,
    before_publish: Callable[[], object] | None = None,
) -> None:
    """Write `text` to `path` atomically (newlines written as given)."""
    atomic_write_bytes(path, text.encode(encoding), before_publish=before_publish)
