"""Opening a pooled tracker: a folder of Parquet files, one per wave, as one Survey whose columns
are read only when a view first needs them (a question, a breakdown, a filter, the weight).

Opening reads the files' footers (`tracker_files`) and the labels (`tracker_labels`), not the
data; the Survey's columns are a `LazyColumns` that reads one column across every wave on first
use and narrows it as a single file's would be. Each wave's column is read by Arrow's Parquet
reader on the reading thread (`use_threads=False`): the dataset scanner decoded on Arrow's worker
threads, whose memory-pool heaps kept 10–30 MB of freed pages at ten million respondents that
releasing the pool from the reading thread could not return. A
`wave` variable says which file each respondent came from (its labels are the file names), unless
the files carry a column of that name themselves. Columns the labels do not describe are
inferred from their values, as for a single Parquet file: they are scanned once at open, one at
a time, and not kept.
"""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pyarrow.types as pat

from explorer.core.errors import ExplorerError
from explorer.core.survey import kinds, tabular, weighting
from explorer.core.survey.lazy_columns import LazyColumns
from explorer.core.survey.model import SYSMIS_INT, Kind, SourceInfo, Survey, Variable, narrow
from explorer.core.survey.parsed import _candidates, _choose_weight, _column, insert_before
from explorer.core.survey.tracker_files import Waves, fingerprint, open_waves
from explorer.core.survey.tracker_labels import stored_model

WAVE = "wave"
FORMAT = "parquet-tracker"


def open_tracker(folder: str | os.PathLike[str], *, weight: str | None = None) -> Survey:
    """The tracker in `folder` as a Survey whose columns are read on first use, or
    ExplorerError with one sentence naming the folder or the file at fault."""
    waves = open_waves(folder)
    stored = stored_model(waves)
    model, described = stored if stored is not None else ({}, [])
    reader = _Reader(waves)
    variables: dict[str, Variable] = {}
    warnings: list[str] = []
    present = set(waves.names)
    for var in described:
        if var.kind is Kind.MULTI:
            if set(var.members) <= present:
                variables[var.name] = var
        elif var.name in present:
            variables[var.name] = var
    missing = [v.name for v in described if v.kind is not Kind.MULTI and v.name not in present]
    if missing:
        shown = ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "")
        warnings.append(f"The labels describe variables not in the waves: {shown}.")
    inferred: dict[str, np.ndarray] = {}  # distinct values of inferred columns, for MR sets
    for name in waves.names:
        if name not in variables:
            values, var = tabular.infer_column(name, reader.series(name))
            variables[name] = var
            reader.inferred.add(name)
            if var.kind in (Kind.NOMINAL, Kind.NUMERIC):
                inferred[name] = np.unique(np.asarray(values, dtype=np.float64))
    if inferred:
        taken = {m for v in variables.values() if v.kind is Kind.MULTI for m in v.members}
        for mr in kinds.prefix_sets(variables, inferred, taken=taken):
            variables = insert_before(variables, mr.members[0], mr)
    if WAVE not in {name.lower() for name in variables}:
        labels = tuple((float(i), path.stem) for i, path in enumerate(waves.files, start=1))
        wave = Variable(WAVE, "Wave", Kind.NOMINAL, labels, measure="ordinal")
        variables = {WAVE: wave, **variables}
        reader.wave = True
    reader.variables = variables
    names = [n for n in variables if variables[n].kind is not Kind.MULTI]
    columns = LazyColumns(names, sum(waves.rows), reader.read, where=waves.folder.name)
    label = str(model.get("file_label") or "")
    notes = tuple(str(n) for n in model.get("notes") or ())
    illustrative = bool(model.get("illustrative")) or "illustrative" in f"{label} {notes}".lower()
    source = SourceInfo(
        path=str(waves.folder),
        format=FORMAT,
        file_label=label,
        notes=notes,
        sha256=fingerprint(waves.files, waves.labels_file),
        modified=_modified(waves),
    )
    survey = Survey(variables, columns, source, illustrative=illustrative, warnings=warnings)
    return _weighted(survey, waves, weight or model.get("weight") or None)


def _weighted(survey: Survey, waves: Waves, requested: str | None) -> Survey:
    """The weight settled as for a single file (`parsed.finish`): the named or declared weight,
    else the one weight-like variable; its data notes; several candidates noted, none chosen."""
    variables = survey.variables
    candidates = _candidates(variables)
    chosen = _choose_weight(variables, waves.folder, requested, candidates)
    notes: list[str] = []
    if chosen is None and len(candidates) > 1:
        notes.append(weighting.several_candidates_note(candidates))
    if chosen is not None:
        try:
            notes += weighting.weight_notes(chosen, survey.values(chosen))
        except ValueError as error:
            if requested is not None:
                raise ExplorerError.for_file(waves.folder, str(error)) from error
            notes.append(f"{chosen} looks like a weight, but {error}; the survey is unweighted.")
            chosen = None
    if chosen is not None:
        variables = dict(variables)
        variables[chosen] = replace(variables[chosen], kind=Kind.WEIGHT)
    return Survey(
        variables,
        survey.columns,
        survey.source,
        weight=chosen,
        illustrative=survey.illustrative,
        warnings=survey.warnings + notes,
        weight_candidates=tuple(candidates),
        weight_notes=tuple(notes),
    )


class _Reader:
    """Reads one column across every wave, as the narrow array a single file's would be."""

    def __init__(self, waves: Waves) -> None:
        # Only what reading needs: the files' schemas (with their labels) held 2.7 MB at ten
        # waves, and are let go with the Waves once the Survey is made.
        self.files, self.rows, self.sorts = waves.files, waves.rows, waves.sorts
        self.inferred: set[str] = set()  # columns no label describes: inferred again when read
        self.variables: dict[str, Variable] = {}
        self.wave = False

    def read(self, name: str) -> np.ndarray:
        try:
            if self.wave and name == WAVE:
                codes = np.repeat(np.arange(1, len(self.files) + 1), self.rows)
                return narrow(codes)
            var = self.variables[name]
            if name in self.inferred:
                values, _ = tabular.infer_column(name, self.series(name))
                return _column(values, var)
            if var.kind in (Kind.TEXT, Kind.DATE) or self.sorts.get(name) != "number":
                return _column(self.series(name), var)
            chunks = list(self._chunks(name))
            codes = narrow_integers(chunks)
            if codes is not None:
                return codes
            del chunks
            return narrow(self.numbers(name))
        finally:
            pa.default_memory_pool().release_unused()  # Arrow's pool keeps freed pages

    def _chunks(self, name: str):
        for path in self.files:
            try:
                with pq.ParquetFile(path, pre_buffer=False) as wave:
                    column = wave.read(columns=[name], use_threads=False).column(0)
            except (pa.ArrowException, OSError, ValueError, MemoryError) as error:
                raise ExplorerError.for_file(
                    path, f"the Parquet file is damaged: its column {name} cannot be read"
                ) from error
            yield column

    def numbers(self, name: str) -> np.ndarray:
        """The column as float64 (NaN for missing), filled wave by wave into one array."""
        out = np.empty(sum(self.rows), dtype=np.float64)
        at = 0
        for chunk in self._chunks(name):
            kind = chunk.type.value_type if pat.is_dictionary(chunk.type) else chunk.type
            if pat.is_dictionary(chunk.type):
                chunk = chunk.cast(kind)
            if pat.is_null(kind):
                out[at : at + len(chunk)] = np.nan
            else:
                as_float = pc.cast(chunk, pa.float64()) if kind != pa.float64() else chunk
                out[at : at + len(chunk)] = as_float.to_numpy()
            at += len(chunk)
        return out

    def series(self, name: str):
        """The column as one pandas Series (text, dates, or values to infer from)."""
        import pandas as pd

        parts = [chunk.to_pandas() for chunk in self._chunks(name)]
        pooled = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        if isinstance(pooled.dtype, pd.CategoricalDtype):
            pooled = pooled.astype(object)
        return pooled


def narrow_integers(chunks: list[pa.ChunkedArray]) -> np.ndarray | None:
    """Integer columns straight into the dtype `model.narrow` would choose (nulls as its
    system-missing value), one wave at a time: no float64 copy of the whole column. None for
    anything else (floats, booleans, huge numbers), which the caller narrows the general way."""
    chunks = [c.cast(c.type.value_type) if pat.is_dictionary(c.type) else c for c in chunks]
    kinds_seen = [c.type for c in chunks]
    if not all(pat.is_integer(k) or pat.is_null(k) for k in kinds_seen):
        return None
    total = sum(len(c) for c in chunks)
    bounds = [pc.min_max(c) for c in chunks if len(c) > c.null_count]
    if not bounds:  # no answers at all: as `narrow` stores an all-missing column
        return np.full(total, SYSMIS_INT[np.dtype(np.int8)], dtype=np.int8)
    lo = min(int(b["min"].as_py()) for b in bounds)
    hi = max(int(b["max"].as_py()) for b in bounds)
    if max(abs(lo), abs(hi)) >= 2**62:
        return None
    for dtype in (np.int8, np.int16, np.int32, np.int64):
        info = np.iinfo(dtype)
        if info.min < lo and hi <= info.max:  # the minimum is reserved for system-missing
            break
    out = np.empty(total, dtype=dtype)
    at = 0
    target = pa.from_numpy_dtype(dtype)
    for chunk, kind in zip(chunks, kinds_seen):
        size = len(chunk)
        if pat.is_null(kind):
            out[at : at + size] = info.min
        else:
            plain = chunk.cast(target)  # safe: every value is within the target's range
            filled = pc.fill_null(plain, pa.scalar(info.min, target)) if chunk.null_count else plain
            out[at : at + size] = filled.to_numpy()
        at += size
    return out


def _modified(waves: Waves) -> str:
    import datetime as dt

    newest = max(path.stat().st_mtime for path in waves.files)
    return dt.datetime.fromtimestamp(newest).date().isoformat()
