"""Reading SPSS .sav/.zsav files with pyreadstat: labels, user-missing codes and ranges, measure
levels, dates, strings and multiple-response sets, into the shared variable model.

The file is opened read-only; nothing is ever written beside it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pyreadstat

from explorer.core import safe_files
from explorer.core.errors import ExplorerError
from explorer.core.survey import column_subset, kinds, sav_fast
from explorer.core.survey.model import Kind, Variable
from explorer.core.survey.parsed import Parsed, insert_before

if TYPE_CHECKING:  # the fast path hands back numpy arrays (`SavFrame`); pandas only otherwise
    import pandas as pd

    from explorer.core.survey.sav_frame import SavFrame

# Tried in turn when the file's own (or default) encoding cannot decode its text: old SPSS files
# from Windows declare nothing or the wrong code page.
FALLBACK_ENCODINGS = ("windows-1252", "latin1")
_MAGIC = (b"$FL2", b"$FL3")


def read_sav_file(
    path: str | os.PathLike[str], columns: Sequence[str] | None = None
) -> tuple[SavFrame | pd.DataFrame, object]:
    """(frame, meta) for a .sav with pyreadstat's values and metadata, keeping user-missing codes
    as codes; `columns` reads only the columns those variables need (`column_subset`: with their
    MR members and the weight candidates; the metadata still describes every variable).

    The data come through polars-readstat where it gives exactly pyreadstat's values (about ten
    times faster, see `sav_fast`) as numpy arrays in a `SavFrame`, else through pyreadstat as
    its pandas frame. The one place a reader touches a file, so it runs in a child process.
    Raises ExplorerError naming the file for anything that is not a readable SPSS file.
    """
    path = Path(path)
    try:
        with safe_files.open_regular(path) as handle:
            head = handle.read(4)
    except OSError as error:
        raise ExplorerError.for_file(path, f"the file cannot be read ({error.strerror})") from error
    if head not in _MAGIC:
        raise ExplorerError.for_file(path, "this is not an SPSS data file")
    last: Exception | None = None
    for encoding in (None, *FALLBACK_ENCODINGS):
        try:
            if columns is not None or encoding is None:
                _empty, meta = pyreadstat.read_sav(  # as a dict: no pandas needed for it
                    path,
                    metadataonly=True,
                    user_missing=True,
                    encoding=encoding,
                    output_format="dict",
                )
                if columns is not None:
                    columns = column_subset.needed_columns(columns, meta)
            if encoding is None:  # polars-readstat reads in the file's own encoding only
                frame = sav_fast.read_frame(path, meta, columns)
                if frame is not None:
                    return frame, meta
            return pyreadstat.read_sav(
                path,
                user_missing=True,
                dates_as_pandas_datetime=True,
                encoding=encoding,
                usecols=None if columns is None else list(columns),
            )
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, UnicodeError) as error:
            last = error
            if not _is_encoding_problem(error):
                break
        except (ValueError, OverflowError, MemoryError, OSError) as error:
            last = error
            break
        except Exception as error:  # pyreadstat raises arbitrary types on damaged files
            last = error
            break
    raise ExplorerError.for_file(path, _describe(last)) from last


def _is_encoding_problem(error: Exception) -> bool:
    text = str(error).lower()
    return isinstance(error, UnicodeError) or "encod" in text or "convert" in text


def _describe(error: Exception | None) -> str:
    text = str(error).lower()
    if "encod" in text or "convert" in text or isinstance(error, UnicodeError):
        return "its text could not be decoded in any known encoding"
    if "eof" in text or "end of file" in text or "truncat" in text or "unexpected end" in text:
        return "the file is incomplete (truncated) and cannot be read as an SPSS file"
    if isinstance(error, MemoryError):
        return "the file is too large to open in this computer's memory"
    return "the file is damaged or is not a valid SPSS file"


def read_sav(path: Path, columns: Sequence[str] | None = None) -> Parsed:
    """The Parsed survey of a .sav read in this process: one Variable per column plus its MR sets.

    The app reads a .sav through `sav_child`, which runs this same code in a child process (so a
    crash of the C reader is an ExplorerError, not the end of the app); this in-process path is
    for `reader_process.ISOLATE = False` (tests that patch the reader)."""
    frame, meta = read_sav_file(path, columns)
    return parse_frame(frame, meta, path)


def parse_frame(frame: SavFrame | pd.DataFrame, meta, path: Path) -> Parsed:
    """The Parsed survey of a frame and its metadata, as read by pyreadstat."""
    try:
        return _parsed(frame, meta)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as error:
        raise ExplorerError.for_file(
            path, "the file's variable descriptions are damaged"
        ) from error


def _parsed(frame: SavFrame | pd.DataFrame, meta) -> Parsed:
    from explorer.core.survey.sav_frame import SavFrame

    labels = dict(zip(meta.column_names, meta.column_labels or [None] * len(meta.column_names)))
    value_labels = meta.variable_value_labels or {}
    measures = meta.variable_measure or {}
    ranges = meta.missing_ranges or {}
    warnings: list[str] = []
    variables: dict[str, Variable] = {}
    for name in frame.columns:
        discrete, spans = _missing(ranges.get(name, ()))
        codes = {}
        for code, text in (value_labels.get(name) or {}).items():
            if isinstance(code, int | float):
                codes[float(code)] = str(text).strip()
        number = isinstance(frame, SavFrame) and frame.is_number(name)
        var = kinds.infer_variable(
            name,
            (labels.get(name) or "").strip() or name,
            frame.stored(name) if number else frame[name],
            codes=partial(frame.codes, name) if number else None,
            value_labels=codes,
            measure=measures.get(name, "unknown") or "unknown",
            missing_values=discrete,
            missing_ranges=spans,
        )
        variables[name] = var
    for mr in _mr_sets(meta, variables, warnings):
        variables = insert_before(variables, mr.members[0], mr)
    notes = meta.notes if isinstance(meta.notes, list) else ([meta.notes] if meta.notes else [])
    return Parsed(
        frame=frame,
        variables=variables,
        format="spss",
        file_label=(meta.file_label or "").strip(),
        notes=tuple(str(n).strip() for n in notes if str(n).strip()),
        warnings=warnings,
    )


def _missing(declared) -> tuple[list[float], list[tuple[float, float]]]:
    """pyreadstat lists discrete missing codes as lo == hi ranges; split them back out."""
    discrete: list[float] = []
    spans: list[tuple[float, float]] = []
    for entry in declared:
        lo, hi = entry.get("lo"), entry.get("hi")
        if not isinstance(lo, int | float) or not isinstance(hi, int | float):
            continue  # string variables' missing codes: strings are carried, not tabulated
        if lo == hi:
            discrete.append(float(lo))
        else:
            spans.append((float(lo), float(hi)))
    return discrete, spans


def _mr_sets(meta, variables: dict[str, Variable], warnings: list[str]) -> list[Variable]:
    sets = []
    for raw_name, spec in (getattr(meta, "mr_sets", None) or {}).items():
        name = raw_name if raw_name.startswith("$") else f"${raw_name}"
        members = tuple(m for m in spec.get("variable_list", ()) if m in variables)
        if len(members) < 2:
            continue
        if not spec.get("is_dichotomy") or spec.get("counted_value") is None:
            warnings.append(
                f"The category multiple-response set {name} is kept as its item variables."
            )
            continue
        counted = spec["counted_value"]
        try:
            counted = float(counted)
        except (TypeError, ValueError):
            continue
        label = (spec.get("label") or "").strip() or kinds.common_label(
            [variables[m].label for m in members], name
        )
        sets.append(Variable(name, label, Kind.MULTI, members=members, counted_value=counted))
    return sets
