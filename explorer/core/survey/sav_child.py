"""Reading an untrusted .sav in a child process with a time and memory limit, so a crash of the C
parser (pyreadstat/ReadStat) on a damaged file becomes an ExplorerError here and the app lives on.

One protocol: the child reads, parses and finishes the Survey and writes it into a private temp
folder as one .npy per column and JSON (`survey_wire`), or writes error.json with the sentence to
show. Neither is a pickle, so even a child subverted by a hostile file can only hand back data,
never code; and the app itself needs no pandas to open a .sav.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from explorer.core import cancel
from explorer.core.errors import ExplorerError
from explorer.core.survey import reader_process

# Seconds a read may take: generous for a slow laptop, yet a hang never blocks the app for long.
BASE_TIMEOUT = 60.0
SECONDS_PER_MB = 2.0
# Address space the child may add beyond what its imports already use.
MIN_MEMORY = 2 * 1024**3
MEMORY_PER_FILE_BYTE = 64  # RLE-compressed files expand ~7x; the fast reader keeps freed pages


def timeout_for(path: Path) -> float:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return BASE_TIMEOUT + SECONDS_PER_MB * size / 1024**2


def read_survey_isolated(
    path: str | os.PathLike[str],
    *,
    weight: str | None = None,
    columns: list[str] | None = None,
    timeout: float | None = None,
    memory_bytes: int | None = None,
    progress=None,
):
    """The finished Survey of a .sav, read in a child process. Raises ExplorerError naming the
    file for a damaged file, a crash of the reader, a read taking longer than `timeout` seconds or
    needing more than `memory_bytes`. `progress(fraction, message)` hears the child's stages."""
    extra = (weight,) if columns is None else (weight, list(columns))
    return _in_child(CHILD, extra, Path(path), timeout, memory_bytes, _collect, progress)


# The child's stages and the share of a read each ends (measured on the bundled sample: the
# reader itself is about half, finishing the variables a third, handing the arrays back the rest).
STAGES = {
    "started": (0.05, "Reading the SPSS file…"),
    "read": (0.5, "Working out the questions and the weight…"),
    "finished": (0.8, "Handing the data to the window…"),
    "written": (0.9, "Receiving the data…"),
}


def _stage(out: Path, stage: str) -> None:
    """The child's progress, for the parent to poll: replaced whole, never read half-written."""
    with contextlib.suppress(OSError):
        write_whole(out, "progress", stage)


def write_whole(out: Path, name: str, text: str) -> None:
    """`out/name` (in the child's private folder): written beside, renamed into place once whole,
    so the parent polling for it never reads half a file."""
    (out / f"{name}.tmp").write_text(text, encoding="utf-8")
    os.replace(out / f"{name}.tmp", out / name)


def _heard(workdir: Path, last: str | None, progress) -> str | None:
    """Report a stage the child has reached since `last` (once each)."""
    try:
        stage = (workdir / "progress").read_text(encoding="utf-8")
    except OSError:
        return last
    if stage != last and stage in STAGES and progress is not None:
        order = list(STAGES)
        passed = order.index(last) + 1 if last in STAGES else 0
        for reached in order[passed : order.index(stage) + 1]:  # stages passed between two polls
            progress(*STAGES[reached])
    return stage


def _in_child(
    target, extra: tuple, path: Path, timeout, memory_bytes, collect, progress=None, early=None
):
    """Run `target` in a child and `collect` its answer; `early(workdir)`, if given, is called
    at every poll while the child works (to pick up what it hands over before it ends)."""
    timeout = timeout_for(path) if timeout is None else timeout
    if memory_bytes is None:
        with contextlib.suppress(OSError):
            memory_bytes = max(MIN_MEMORY, MEMORY_PER_FILE_BYTE * path.stat().st_size)
    workdir = Path(tempfile.mkdtemp(prefix="explorer-sav-"))  # private (0700), never beside path
    process, answered = None, False
    try:
        args = (os.fspath(path), os.fspath(workdir), memory_bytes, *extra)
        process = reader_process.take_early(args) if target is child_main else None
        if process is None:
            process = reader_process.mp_context().Process(
                target=target, args=args, name="explorer-sav-reader", daemon=True
            )
            with reader_process.main_hidden():
                process.start()
        deadline = time.monotonic() + timeout
        stage = None
        while process.is_alive() and time.monotonic() < deadline:
            process.join(min(POLL, max(0.0, deadline - time.monotonic())))
            stage = _heard(workdir, stage, progress)
            if (workdir / ANSWER).is_dir():
                # Renamed into place only once whole: the answer is in. The child's exit (its
                # memory handed back, tens of ms for a large file) is not waited for.
                answered = True
                break
            if early is not None:
                try:
                    early(workdir)
                except BaseException:  # the hand-over failed or was refused: stop the reader
                    process.kill()
                    process.join(5)
                    raise
            if cancel.requested():  # Cancel or the window closing: stop the reader now
                process.kill()
                process.join(5)
                cancel.check()
        if process.is_alive() and not answered:
            process.kill()
            process.join(5)
            raise ExplorerError.for_file(
                path, f"reading the file took longer than {timeout:.0f} seconds, so it was stopped"
            )
        _heard(workdir, stage, progress)
        return collect(path, workdir, 0 if answered else process.exitcode)
    finally:
        # Whatever ends the wait (a Cancel raised in the progress callback too), the reader
        # stops with it: never left to finish into a folder that is gone. Once it has answered
        # it is only exiting, which it has mostly done while its answer was read back.
        if process is not None and process.is_alive():
            process.kill()
            process.join(5)
        shutil.rmtree(workdir, ignore_errors=True)


# The folder a child's whole answer is renamed into, and how often the parent looks for it.
ANSWER = "survey"
POLL = 0.02


def _collect(path: Path, workdir: Path, exitcode: int | None):
    error_file = workdir / "error.json"
    if error_file.is_file():
        message = json.loads(error_file.read_text(encoding="utf-8"))["message"]
        raise ExplorerError(message, path)
    folder = workdir / ANSWER
    if exitcode != 0 or not folder.is_dir():
        if exitcode == _MEMORY_EXIT:
            raise ExplorerError.for_file(path, "reading the file needed more memory than allowed")
        raise ExplorerError.for_file(
            path, "the file is damaged: the SPSS reader failed on it (the app is unaffected)"
        )
    from explorer.core.survey.survey_wire import read_survey

    try:
        return read_survey(folder)
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise ExplorerError.for_file(
            path, "the file could not be read back from its reader"
        ) from error


# --- the child ---------------------------------------------------------------------------------
_MEMORY_EXIT = 75


def _limit_memory(extra: int | None) -> None:
    if extra is None or sys.platform == "win32":
        return  # no rlimit on Windows: the timeout still applies
    import resource

    # RLIMIT_DATA (Linux 4.7+) counts the memory a process can write to; address space it only
    # reserves does not count. The Rust reader's allocator and threads reserve far more address
    # space than they use, so RLIMIT_AS would stop a sound read of a large file.
    _LIMIT = (
        getattr(resource, "RLIMIT_DATA", resource.RLIMIT_AS)
        if sys.platform.startswith("linux")
        else resource.RLIMIT_AS
    )
    in_use = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        statm = Path("/proc/self/statm").read_text().split()
        # statm: size, resident, shared, text, lib, data — the data field is what RLIMIT_DATA caps
        pages = int(statm[5] if _LIMIT != resource.RLIMIT_AS else statm[0])
        in_use = pages * os.sysconf("SC_PAGE_SIZE")
    limit = in_use + extra
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(_LIMIT)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(_LIMIT, (limit, hard))


def child_main(
    source: str,
    workdir: str,
    memory_bytes: int | None,
    weight: str | None,
    columns: list[str] | None = None,
) -> None:
    """Runs in the child: read, parse and finish the Survey, then write it as plain files (or
    error.json), renamed into place only once whole."""
    out = Path(workdir)
    _limit_memory(memory_bytes)
    _stage(out, "started")
    try:
        hashed = _hash_meanwhile(source)  # on another core while the file is read
        write_read(source, out, ANSWER, weight, columns, hashed, stages=True)
    except ExplorerError as error:
        write_error(out, error)
        return
    except MemoryError:
        os._exit(_MEMORY_EXIT)
    _stage(out, "written")


def write_error(out: Path, error: ExplorerError) -> None:
    (out / "error.json").write_text(json.dumps({"message": error.message}), encoding="utf-8")


def write_read(source, out: Path, name: str, weight, columns, hashed, *, stages=False, frame=None):
    """In the child: read `columns` (None: all) of `source` — or take the `(frame, meta)`
    already read — finish the Survey and write it as `out/name`, renamed into place only once
    whole. Returns the (frame, meta) it finished."""
    from explorer.core.survey.parsed import finish
    from explorer.core.survey.sav import parse_frame, read_sav_file
    from explorer.core.survey.survey_wire import write_survey

    frame, meta = frame or read_sav_file(source, columns)
    if stages:
        _stage(out, "read")
    parsed = parse_frame(frame, meta, Path(source))
    survey = finish(parsed, Path(source), weight=weight, sha256=hashed())
    del parsed
    if stages:
        _stage(out, "finished")
    write_survey(_as_text_where_mixed(survey), out / f"{name}.tmp")
    os.replace(out / f"{name}.tmp", out / name)  # whole, or not there at all
    return frame, meta


def _hash_meanwhile(source: str):
    """Start hashing the file in a thread (hashlib and file reads let go of the GIL); returns a
    function giving the hex digest, or None if it failed (`finish` then hashes it itself)."""
    import threading

    from explorer.core import safe_files

    found: list[str] = []

    def run() -> None:
        with contextlib.suppress(Exception):
            found.append(safe_files.sha256_of(source))

    thread = threading.Thread(target=run, name="explorer-sav-hash", daemon=True)
    thread.start()

    def result() -> str | None:
        thread.join()
        return found[0] if found else None

    return result


def _as_text_where_mixed(survey):
    """A column of mixed Python objects is carried as text, which is how the loader treats it."""
    import numpy as np

    mixed = {
        name: column
        for name, column in survey.columns.items()
        if column.dtype.kind == "O" and not all(v is None or isinstance(v, str) for v in column)
    }
    if not mixed:
        return survey
    columns = dict(survey.columns)
    for name, column in mixed.items():
        columns[name] = np.array([None if v is None else str(v) for v in column], dtype=object)
    from dataclasses import replace

    return replace(survey, columns=columns)


# What the child runs; tests swap in a function that crashes or hangs like a broken reader would.
CHILD = child_main
