"""Guards every loader runs before it hands a path to a library: a real, non-empty, local file of a
sane size, plus the file's sha256 and modification date for provenance.

pandas and friends happily fetch URLs; a string like "https://…" must never get that far.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

from explorer.core.errors import ExplorerError

# Larger than any survey a laptop should open in one go; a pooled tracker is tens of MB.
MAX_BYTES = 2 * 1024**3
# Schemas, codebooks and other small text files that are read whole into memory.
MAX_TEXT_BYTES = 64 * 1024**2


def is_network_path(text: str) -> bool:
    """True for a UNC path (`\\\\host\\share\\x`, `//host/share/x`): on Windows, opening one makes
    a network (SMB) connection, so it is never treated as a file on this computer."""
    stripped = text.strip()
    return stripped.startswith(("\\\\", "//", "\\/", "/\\"))


def looks_like_url(text: str) -> bool:
    """True for anything a library might treat as a remote resource rather than a local file:
    a web or file address, or a network (UNC) path."""
    lowered = text.strip().lower()
    return (
        "://" in lowered
        or lowered.startswith(("http:", "https:", "ftp:", "s3:", "gs:", "file:"))
        or is_network_path(text)
    )


def checked_path(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_BYTES,
    what: str = "file",
) -> Path:
    """`path` as an absolute Path once it is known to be a readable, non-empty regular file.

    Raises ExplorerError (naming the file) for URL-like strings, missing files, directories,
    0-byte files, files larger than `max_bytes` and files that cannot be read.
    """
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, str | os.PathLike):
        raise ExplorerError(f"{path!r} is not a file path.")
    text = os.fspath(path)
    if not text.strip():
        raise ExplorerError("No file was given.")
    if is_network_path(text):
        raise ExplorerError.for_file(
            text, f"this is a network path, not a {what} on this computer; only local files open"
        )
    if looks_like_url(text):
        raise ExplorerError.for_file(
            text, f"this is a web address, not a {what} on this computer; only local files open"
        )
    if "\x00" in text:
        raise ExplorerError.for_file(text.replace("\x00", ""), "the file name is not valid")
    resolved = Path(text).expanduser()
    try:
        if resolved.is_dir():
            raise ExplorerError.for_file(text, f"this is a folder, not a {what}")
        if not resolved.exists():
            raise ExplorerError.for_file(text, "there is no such file")
        if not resolved.is_file():
            raise ExplorerError.for_file(text, f"this is not a regular {what}")
        size = resolved.stat().st_size
    except OSError as error:
        raise ExplorerError.for_file(text, f"the file cannot be read ({error.strerror})") from error
    if size == 0:
        raise ExplorerError.for_file(text, "the file is empty (0 bytes)")
    if size > max_bytes:
        raise ExplorerError.for_file(
            text,
            f"the file is {size / 1024**2:,.0f} MB, more than the {max_bytes / 1024**2:,.0f} MB limit",
        )
    if not os.access(resolved, os.R_OK):
        raise ExplorerError.for_file(text, "you do not have permission to read the file")
    return resolved.absolute()


def open_regular(path: str | os.PathLike[str], what: str = "file") -> BinaryIO:
    """`path` opened for binary reading, if it is a regular file. A named pipe or a device is
    refused with a sentence without blocking (opening a pipe waits for a writer forever); other
    failures are the OSError, for the caller's own sentence."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ExplorerError.for_file(
                path, f"this is not a regular {what} (a pipe or a device), so it is not read"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int = MAX_TEXT_BYTES) -> bytes:
    """The whole content of a small file, after the same guards as `checked_path`."""
    checked = checked_path(path, max_bytes=max_bytes)
    try:
        with open_regular(checked) as handle:
            return handle.read()
    except OSError as error:
        raise ExplorerError.for_file(
            checked, f"the file cannot be read ({error.strerror})"
        ) from error


def sha256_of(path: str | os.PathLike[str]) -> str:
    """The hex sha256 of a file's bytes, read in chunks so large files don't fill memory."""
    digest = hashlib.sha256()
    try:
        with open_regular(path) as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
    except OSError as error:
        raise ExplorerError.for_file(path, f"the file cannot be read ({error.strerror})") from error
    return digest.hexdigest()


def modified_date(path: str | os.PathLike[str]) -> str:
    """The file's modification date as an ISO date ("2025-03-14"), in local time."""
    try:
        stamp = os.stat(path).st_mtime
    except OSError as error:
        raise ExplorerError.for_file(path, f"the file cannot be read ({error.strerror})") from error
    return _dt.datetime.fromtimestamp(stamp).date().isoformat()
