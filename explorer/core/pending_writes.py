"""A journal of writes in progress, so the temporary file of a write that was interrupted (the app
killed, the machine off) is removed at the next start wherever it was being written.

Each atomic write notes its temp file's path in a small file in the app's data folder and removes
the note when it is done; `clean_interrupted_writes` (run at start-up) deletes every temp file still
noted. Only files named like this project's temp files are ever deleted. The journal is a
convenience: if it cannot be written, the write itself goes ahead.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from explorer.core.app_data import app_data_dir

FOLDER = "pending-writes"


def _folder() -> Path:
    return app_data_dir() / FOLDER


def begin(temp: Path) -> Path | None:
    """Note that `temp` is being written; returns the note (None if it could not be made)."""
    try:
        folder = _folder()
        folder.mkdir(parents=True, exist_ok=True)
        note = folder / f"{secrets.token_hex(8)}.path"
        note.write_text(f"{os.getpid()}\n{os.fspath(temp)}", encoding="utf-8")
    except OSError:
        return None
    return note


def end(note: Path | None) -> None:
    if note is not None:
        with contextlib.suppress(OSError):
            note.unlink()


def _is_our_temp(path: Path) -> bool:
    from explorer.core.atomic import TEMP_MARK

    name = path.name
    if not name.startswith(".") or TEMP_MARK not in name:
        return False
    token = name.rsplit(TEMP_MARK, 1)[1]
    return len(token) == 12 and all(c in "0123456789abcdef" for c in token)


def _alive(pid: int) -> bool:
    """True when process `pid` still runs (another window mid-write must keep its temp file)."""
    if pid == os.getpid():
        return False
    if os.name != "posix":
        return True  # no cheap check: leave it (a stray temp file is harmless, a lost write is not)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def clean_interrupted_writes() -> list[Path]:
    """Delete the temp files of writes that never finished; returns what was removed."""
    removed: list[Path] = []
    try:
        notes = list(_folder().glob("*.path"))
    except OSError:
        return removed
    for note in notes:
        try:
            pid_text, _, temp_text = note.read_text(encoding="utf-8").partition("\n")
            pid, temp = int(pid_text), Path(temp_text.strip())
        except (OSError, UnicodeDecodeError, ValueError):
            pid, temp = 0, None
        if pid and _alive(pid):
            continue
        if temp is not None and _is_our_temp(temp) and temp.is_file():
            with contextlib.suppress(OSError):
                temp.unlink()
                removed.append(temp)
        with contextlib.suppress(OSError):
            note.unlink()
    return removed
