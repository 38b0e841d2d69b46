"""Opening a large .sav in two hand-overs, so the window can paint before the whole file is read:
first a Survey of the columns the first view needs (its question, the filter panel's profile
variables, the weight candidates, and the first few columns in file order for the default
question) with the file's catalogue of every variable from its metadata (`catalog`, so every
question can be listed as still being read), then the whole Survey.

Both are read, parsed and finished in the same isolated child as an ordinary read (`sav_child`:
same limits, same plain-file answer, never a pickle). Each hand-over is a complete Survey of the
columns it holds — every respondent, the variables decided from those columns' own data, the
weight chosen exactly as from the whole file (all weight-like columns come in the first) — so
nothing computed from the first is a figure on partial data. If the child fails after the first
hand-over, the caller gets the same one-sentence ExplorerError naming the file as for any read.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from explorer.core.errors import ExplorerError
from explorer.core.survey import reader_process, sav_child

# Files smaller than this are read whole at once: they open in well under a second anyway.
STREAM_BYTES = 16 * 1024**2
# Columns in file order taken in the first hand-over for the default view (the first question).
FIRST_IN_ORDER = 4
FIRST = "first"
REST_NICENESS = 5


def worth_streaming(path: str | os.PathLike[str]) -> bool:
    try:
        return reader_process.ISOLATE and Path(path).stat().st_size >= STREAM_BYTES
    except OSError:
        return False


def read_survey_streamed(
    path: str | os.PathLike[str],
    *,
    wanted: Sequence[str] = (),
    on_first: Callable[[object], None],
    weight: str | None = None,
    timeout: float | None = None,
    memory_bytes: int | None = None,
    progress=None,
):
    """The whole Survey of a .sav read in a child, as `sav_child.read_survey_isolated`; before
    it, `on_first(survey, catalog)` is called (on this thread) with the Survey of the first
    columns (`wanted` names that the file has, plus those `first_columns` adds) and the file's
    catalogue of variables (`catalog.Catalog`, None if the child wrote none). Raises ExplorerError
    naming the file for anything that goes wrong, before or after the first hand-over."""
    path = Path(path)
    handed: list[bool] = []

    def early(workdir: Path) -> None:
        folder = workdir / FIRST
        if handed or not folder.is_dir():
            return
        handed.append(True)
        from explorer.core.survey.catalog import read_catalog
        from explorer.core.survey.survey_wire import read_survey

        try:
            first = read_survey(folder)
        except (OSError, ValueError, TypeError, KeyError) as error:
            raise ExplorerError.for_file(
                path, "the file could not be read back from its reader"
            ) from error
        on_first(first, read_catalog(workdir, path))

    return sav_child._in_child(
        STREAM_CHILD,
        (weight, list(wanted)),
        path,
        timeout,
        memory_bytes,
        sav_child._collect,
        progress,
        early,
    )


def first_columns(wanted: Sequence[str], meta) -> list[str] | None:
    """The columns of the first hand-over (file order; with MR members and weight candidates,
    `column_subset`), or None when they would be nearly the whole file (then it is read once)."""
    from explorer.core.dimensions import _PROFILE_NAMES
    from explorer.core.survey import column_subset
    from explorer.core.survey.kinds import _WEIGHT_NAME

    names = list(meta.column_names)
    by_lower = {name.lower(): name for name in names}
    sets = {key.lstrip("$").lower() for key in (meta.mr_sets or {})}
    asked = [
        name
        for name in wanted
        if name and (name.lstrip("$").lower() in by_lower or name.lstrip("$").lower() in sets)
    ]
    asked += [name for name in names if _PROFILE_NAMES.match(name)]
    ordinary = [n for n in names if not _PROFILE_NAMES.match(n) and not _WEIGHT_NAME.search(n)]
    asked += ordinary[:FIRST_IN_ORDER]
    columns = column_subset.needed_columns(asked, meta)
    if columns is None or len(columns) * 2 > len(names):
        return None
    return columns


def stream_child(
    source: str, workdir: str, memory_bytes: int | None, weight: str | None, wanted: list[str]
) -> None:
    """Runs in the child: the first columns' Survey as `first`, then the whole one as `survey`
    (or error.json with the sentence to show)."""
    out = Path(workdir)
    sav_child._limit_memory(memory_bytes)
    sav_child._stage(out, "started")
    try:
        hashed = sav_child._hash_meanwhile(source)
        handed = hand_first(source, out, weight, wanted, hashed)
        whole = None
        if handed is not None:
            first, columns = handed
            _yield_to_the_window()
            whole = _with_the_rest(source, first, columns)
        sav_child.write_read(
            source, out, sav_child.ANSWER, weight, None, hashed, stages=True, frame=whole
        )
    except ExplorerError as error:
        sav_child.write_error(out, error)
        return
    except MemoryError:
        os._exit(sav_child._MEMORY_EXIT)
    sav_child._stage(out, "written")


def hand_first(source: str, out: Path, weight, wanted, hashed):
    """In the child: the file's catalogue (`catalog`) and the first columns' Survey as `first`,
    the catalogue written first so it is there when the parent sees `first`. Returns
    ((frame, meta) of the first columns, their names), or None when the file is read once."""
    import pyreadstat

    from explorer.core.survey import catalog

    try:
        _empty, meta = pyreadstat.read_sav(
            source, metadataonly=True, user_missing=True, output_format="dict"
        )
        columns = first_columns(wanted, meta)
    except Exception:  # the whole read after it says what is wrong with the file
        return None
    if columns is None:
        return None
    with contextlib.suppress(Exception):  # without it the window lists the questions read
        catalog.write_catalog(catalog.from_meta(meta), out)
    return sav_child.write_read(source, out, FIRST, weight, columns, hashed), columns


def _yield_to_the_window() -> None:
    """The rest is read at a lower priority, so on a busy (or 2-core) machine the window's work
    on the first hand-over — the filter panel's counts, the first charts — comes first."""
    with contextlib.suppress(AttributeError, OSError):
        os.nice(REST_NICENESS)


def _with_the_rest(source: str, first, columns: list[str]):
    """(frame, meta) of the whole file: the first columns' arrays as read, the others read now
    (the reader's cost is mostly per row, so reading the first columns again would cost nearly
    a whole read). None when the first read was not the fast reader's arrays (then the caller
    reads the whole file again)."""
    from explorer.core.survey.sav import read_sav_file
    from explorer.core.survey.sav_frame import SavFrame

    frame, meta = first
    names = list(meta.column_names)
    rest = [name for name in names if name not in set(columns)]
    if not isinstance(frame, SavFrame) or not rest:
        return None
    more, _meta = read_sav_file(source, rest)
    if not isinstance(more, SavFrame) or len(more) != len(frame):
        return None
    return frame.joined(more, names), meta


# What the child runs; tests swap in one that fails or waits between the two hand-overs.
STREAM_CHILD = stream_child
