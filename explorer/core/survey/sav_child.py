"""Reading an untrusted .sav in a child process with a time and memory limit, so a crash of the C
parser (pyreadstat/ReadStat) on a damaged file becomes an ExplorerError here and the app lives on.

The child writes the data as an Arrow IPC file and the metadata as JSON into a private temp folder;
the parent reads both back. Neither is a pickle, so even a child subverted by a hostile file can
only hand back data, never code.
"""

from __future__ import annotations

import contextlib
import json
import math
import multiprocessing
import os
import shutil
import sys
import tempfile
import types
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from explorer.core.errors import ExplorerError

if TYPE_CHECKING:  # the parent needs pandas only once a frame comes back
    import pandas as pd

# Seconds a read may take: generous for a slow laptop, yet a hang never blocks the app for long.
BASE_TIMEOUT = 60.0
SECONDS_PER_MB = 2.0
# Address space the child may add beyond what its imports already use.
MIN_MEMORY = 2 * 1024**3
MEMORY_PER_FILE_BYTE = 24
_META_FIELDS = (
    "column_names",
    "column_labels",
    "file_label",
    "notes",
    "variable_measure",
    "missing_ranges",
    "file_encoding",
)
_context = None
# False reads in this process (tests that patch pyreadstat); the app always isolates.
ISOLATE = True


def _mp_context():
    """forkserver where there is one (children fork from a warm, Qt-free server), else spawn."""
    global _context
    if _context is None:
        methods = multiprocessing.get_all_start_methods()
        if "forkserver" in methods:
            _context = multiprocessing.get_context("forkserver")
            _context.set_forkserver_preload(
                ["explorer.core.survey.sav", "pyarrow.feather", __name__]
            )
        else:
            _context = multiprocessing.get_context("spawn")
    return _context


def warm_up() -> None:
    """Start the reader's fork server now, so it imports pandas and pyarrow (about a second) on
    another core while the window is built, not when the first .sav is opened."""
    if ISOLATE and _mp_context().get_start_method() == "forkserver":
        import multiprocessing.forkserver

        with _main_hidden():
            multiprocessing.forkserver.ensure_running()


@contextlib.contextmanager
def _main_hidden():
    """The child needs nothing from __main__; hidden, a script without a `__main__` guard (or one
    read from stdin) is not re-run in the child, where it would fail or repeat its work."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def timeout_for(path: Path) -> float:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return BASE_TIMEOUT + SECONDS_PER_MB * size / 1024**2


def read_sav_isolated(
    path: str | os.PathLike[str],
    *,
    timeout: float | None = None,
    memory_bytes: int | None = None,
) -> tuple[pd.DataFrame, SimpleNamespace]:
    """(frame, meta) of a .sav read in a child process; meta has the pyreadstat attribute names
    the loader uses. Raises ExplorerError naming the file for a damaged file, a crash of the
    reader, a read taking longer than `timeout` seconds or needing more than `memory_bytes`."""
    path = Path(path)
    if not ISOLATE:
        from explorer.core.survey.sav import read_sav_file

        frame, meta = read_sav_file(path)
        return frame, _meta_from_json(json.loads(json.dumps(meta_to_json(meta))))
    return _in_child(CHILD, (), path, timeout, memory_bytes, _collect)


def read_survey_isolated(
    path: str | os.PathLike[str],
    *,
    weight: str | None = None,
    timeout: float | None = None,
    memory_bytes: int | None = None,
):
    """The finished Survey of a .sav (load.finish run in the child too), or None when the child
    found a column it cannot hand back as plain arrays (the caller then reads the frame). The
    app needs no pandas for this; errors are as for `read_sav_isolated`."""
    return _in_child(SURVEY_CHILD, (weight,), Path(path), timeout, memory_bytes, _collect_survey)


def _in_child(target, extra: tuple, path: Path, timeout, memory_bytes, collect):
    timeout = timeout_for(path) if timeout is None else timeout
    if memory_bytes is None:
        with contextlib.suppress(OSError):
            memory_bytes = max(MIN_MEMORY, MEMORY_PER_FILE_BYTE * path.stat().st_size)
    workdir = Path(tempfile.mkdtemp(prefix="explorer-sav-"))  # private (0700), never beside path
    try:
        process = _mp_context().Process(
            target=target,
            args=(os.fspath(path), os.fspath(workdir), memory_bytes, *extra),
            name="explorer-sav-reader",
            daemon=True,
        )
        with _main_hidden():
            process.start()
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join(5)
            raise ExplorerError.for_file(
                path, f"reading the file took longer than {timeout:.0f} seconds, so it was stopped"
            )
        return collect(path, workdir, process.exitcode)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _collect_survey(path: Path, workdir: Path, exitcode: int | None):
    error_file = workdir / "error.json"
    if error_file.is_file():
        message = json.loads(error_file.read_text(encoding="utf-8"))["message"]
        raise ExplorerError(message, path)
    if exitcode == 0 and (workdir / "fallback").is_file():
        return None
    folder = workdir / "survey"
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


def _collect(
    path: Path, workdir: Path, exitcode: int | None
) -> tuple[pd.DataFrame, SimpleNamespace]:
    error_file = workdir / "error.json"
    if error_file.is_file():
        message = json.loads(error_file.read_text(encoding="utf-8"))["message"]
        raise ExplorerError(message, path)
    data_file, meta_file = workdir / "data.arrow", workdir / "meta.json"
    if exitcode != 0 or not (data_file.is_file() and meta_file.is_file()):
        if exitcode == _MEMORY_EXIT:
            raise ExplorerError.for_file(path, "reading the file needed more memory than allowed")
        raise ExplorerError.for_file(
            path, "the file is damaged: the SPSS reader failed on it (the app is unaffected)"
        )
    try:
        import pyarrow.feather as feather

        # Mapped, not read, to skip a copy; Windows cannot delete a mapped file, so it reads.
        mapped = sys.platform != "win32"
        frame = feather.read_table(data_file, memory_map=mapped).to_pandas()
        meta = _meta_from_json(json.loads(meta_file.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise ExplorerError.for_file(
            path, "the file could not be read back from its reader"
        ) from error
    return frame, meta


# --- the child ---------------------------------------------------------------------------------
_MEMORY_EXIT = 75


def _limit_memory(extra: int | None) -> None:
    if extra is None or sys.platform == "win32":
        return  # no rlimit on Windows: the timeout still applies
    import resource

    in_use = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        in_use = pages * os.sysconf("SC_PAGE_SIZE")
    limit = in_use + extra
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def child_main(source: str, workdir: str, memory_bytes: int | None) -> None:
    """Runs in the child: read, then write data.arrow + meta.json (or error.json) to `workdir`."""
    out = Path(workdir)
    _limit_memory(memory_bytes)
    try:
        from explorer.core.survey.sav import read_sav_file

        frame, meta = read_sav_file(source)
        table = _to_arrow(frame)
        import pyarrow.feather as feather

        feather.write_feather(table, out / "data.tmp", compression="uncompressed")
        (out / "meta.tmp").write_text(
            json.dumps(meta_to_json(meta), allow_nan=False), encoding="utf-8"
        )
    except ExplorerError as error:
        (out / "error.json").write_text(json.dumps({"message": error.message}), encoding="utf-8")
        return
    except MemoryError:
        os._exit(_MEMORY_EXIT)
    # Renamed only once both are whole, so a crash mid-write never looks like a result.
    os.replace(out / "meta.tmp", out / "meta.json")
    os.replace(out / "data.tmp", out / "data.arrow")


def survey_child_main(
    source: str, workdir: str, memory_bytes: int | None, weight: str | None
) -> None:
    """Runs in the child: read, parse and finish the Survey, then write it as plain files."""
    out = Path(workdir)
    _limit_memory(memory_bytes)
    try:
        from explorer.core.survey.load import finish
        from explorer.core.survey.sav import parse_frame, read_sav_file
        from explorer.core.survey.survey_wire import NotTransferable, write_survey

        frame, meta = read_sav_file(source)
        # exactly what the parent would get back from `child_main`: the Arrow and JSON round trip
        table = _to_arrow(frame)
        del frame  # at most two copies at once, as in `child_main`
        frame = table.to_pandas()
        del table
        meta = _meta_from_json(json.loads(json.dumps(meta_to_json(meta), allow_nan=False)))
        survey = finish(parse_frame(frame, meta, Path(source)), Path(source), weight=weight)
        del frame
        try:
            write_survey(survey, out / "survey.tmp")
        except NotTransferable:
            (out / "fallback").write_text("", encoding="utf-8")
            return
    except ExplorerError as error:
        (out / "error.json").write_text(json.dumps({"message": error.message}), encoding="utf-8")
        return
    except MemoryError:
        os._exit(_MEMORY_EXIT)
    os.replace(out / "survey.tmp", out / "survey")  # whole, or not there at all


def _to_arrow(frame: pd.DataFrame):
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        # A column of mixed Python objects: carry it as text, which is how the loader treats it.
        fixed = frame.copy()
        for name in fixed.columns:
            if fixed[name].dtype == object:
                fixed[name] = [None if v is None else str(v) for v in fixed[name]]
        return pa.Table.from_pandas(fixed, preserve_index=False)


def _number(value):
    # JSON has no NaN or infinity; SPSS missing ranges use them ("LOWEST THRU 0").
    if isinstance(value, float) and not math.isfinite(value):
        return {"float": repr(value)}
    return value


def meta_to_json(meta) -> dict:
    """The metadata the loader needs as plain JSON (value-label codes become [code, text])."""
    out = {name: getattr(meta, name, None) for name in _META_FIELDS}
    out["notes"] = (
        [str(n) for n in (meta.notes or [])]
        if isinstance(meta.notes, list)
        else (str(meta.notes) if meta.notes else None)
    )
    out["missing_ranges"] = {
        name: [{"lo": _number(r.get("lo")), "hi": _number(r.get("hi"))} for r in ranges]
        for name, ranges in (meta.missing_ranges or {}).items()
    }
    out["variable_value_labels"] = {
        name: [[_number(code), str(text)] for code, text in labels.items()]
        for name, labels in (meta.variable_value_labels or {}).items()
    }
    out["mr_sets"] = {
        name: {key: list(v) if key == "variable_list" else v for key, v in spec.items()}
        for name, spec in (getattr(meta, "mr_sets", None) or {}).items()
    }
    return out


def _unnumber(value):
    if isinstance(value, dict):
        return float(value["float"])
    return value


def _meta_from_json(data: dict) -> SimpleNamespace:
    meta = SimpleNamespace(**{name: data.get(name) for name in _META_FIELDS})
    meta.column_names = list(data.get("column_names") or [])
    meta.variable_value_labels = {
        name: {_unnumber(code): text for code, text in pairs}
        for name, pairs in (data.get("variable_value_labels") or {}).items()
    }
    meta.missing_ranges = {
        name: [{"lo": _unnumber(r["lo"]), "hi": _unnumber(r["hi"])} for r in ranges]
        for name, ranges in (data.get("missing_ranges") or {}).items()
    }
    meta.mr_sets = data.get("mr_sets") or {}
    labels = meta.column_labels or [None] * len(meta.column_names)
    meta.column_names_to_labels = dict(zip(meta.column_names, labels))
    return meta


# What the child runs; tests swap in a function that crashes or hangs like a broken reader would.
CHILD = child_main
SURVEY_CHILD = survey_child_main
