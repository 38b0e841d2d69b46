"""Writing SPSS .sav files: pyreadstat's writer plus the multiple-response-set record it lacks.

pyreadstat can read multiple-response sets but not write them, so `write_sav` lets pyreadstat write
the file, then walks the dictionary records after the 176-byte header (variables, value labels,
documents, extension records) and inserts an extension record of type 7, subtype 7 — the format
described in PSPP's "System File Format" documentation — just before the dictionary termination
record (type 999). The file is written to a temporary file beside the target and moved into place,
so a reader never sees half a file.
"""

from __future__ import annotations

import os
import struct
import textwrap
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyreadstat

from explorer.core.atomic import atomic_path
from explorer.core.errors import ExplorerError
from explorer.core.survey.sav_records import _endian, dictionary_records

_MRSETS_SUBTYPE = 7
_CREATED_OFFSET = 92  # "dd mmm yy" then "hh:mm:ss", after the compression bias

MrSets = Mapping[str, tuple[str, list[str], int]]


def write_sav(
    frame: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    file_label: str = "",
    notes: Iterable[str] = (),
    column_labels: Mapping[str, str] | None = None,
    value_labels: Mapping[str, Mapping[float, str]] | None = None,
    missing_values: Mapping[str, list[float]] | None = None,
    measures: Mapping[str, str] | None = None,
    mr_sets: MrSets | None = None,
    row_compress: bool = True,
    created: datetime | None = None,
) -> None:
    """Write `frame` as an SPSS system file at `path`, atomically.

    `missing_values` maps a variable to its user-missing codes (at most three discrete values, as
    SPSS allows); `measures` to "nominal", "ordinal" or "scale"; `mr_sets` maps a set name such as
    "$concerns" to (label, item variables, counted value) — stored as multiple dichotomy sets.
    The file label may hold at most 64 bytes (the format's limit); put longer text in `notes`.
    `created` fixes the header's creation stamp (otherwise now), so a file can be reproduced
    byte for byte.
    """
    target = Path(path)
    mr_sets = dict(mr_sets or {})
    _check_mr_sets(target, frame, mr_sets)
    if len(file_label.encode("utf-8")) > 64:
        raise ExplorerError.for_file(target, "the file label is longer than SPSS's 64 bytes")
    missing = {name: list(codes) for name, codes in (missing_values or {}).items() if codes}
    for name, codes in missing.items():
        if len(codes) > 3:
            raise ExplorerError.for_file(target, f"{name} has more than three user-missing codes")
    try:
        with atomic_path(target) as tmp:
            tmp_name = os.fspath(tmp)
            pyreadstat.write_sav(
                frame,
                tmp_name,
                file_label=file_label,
                column_labels=dict(column_labels or {}),
                row_compress=row_compress,
                note=_document_lines(notes) or None,
                variable_value_labels={k: dict(v) for k, v in (value_labels or {}).items()},
                missing_ranges=missing or None,
                variable_measure=dict(measures or {}) or None,
            )
            if created is not None:
                _stamp(tmp_name, created)
            if mr_sets:
                _insert_record(tmp_name, mrsets_record_text(mr_sets, _short_names(tmp_name)))
            os.chmod(tmp_name, 0o644)
    except (OSError, ValueError, TypeError, pyreadstat.ReadstatError) as error:
        raise ExplorerError.for_file(target, f"could not be written ({error})") from error


def mrsets_record_text(mr_sets: MrSets, short_names: Mapping[str, str] | None = None) -> bytes:
    """The body of a subtype-7 record: one line per set, e.g. "$s=D1 1 5 Label a b c\\n".

    Items are named by their short (8-byte) names when given, as SPSS itself does; readers map them
    back to the long names through the long-variable-names record.
    """
    lines = []
    for name, (label, items, counted) in mr_sets.items():
        value = str(int(counted)).encode()
        label_bytes = label.encode("utf-8")
        names = " ".join((short_names or {}).get(item, item) for item in items).encode()
        set_name = (name if name.startswith("$") else f"${name}").encode()
        lines.append(
            set_name
            + b"=D"
            + str(len(value)).encode()
            + b" "
            + value
            + b" "
            + str(len(label_bytes)).encode()
            + b" "
            + label_bytes
            + b" "
            + names
            + b"\n"
        )
    return b"".join(lines)


def _document_lines(notes: Iterable[str]) -> list[str]:
    """SPSS document lines hold 80 bytes each, so longer notes are wrapped onto several."""
    lines: list[str] = []
    for note in notes:
        lines.extend(textwrap.wrap(note, 80) or [""])
    return lines


def _check_mr_sets(target: Path, frame: pd.DataFrame, mr_sets: MrSets) -> None:
    for name, (_label, items, _counted) in mr_sets.items():
        unknown = [item for item in items if item not in frame.columns]
        if unknown:
            raise ExplorerError.for_file(
                target, f"multiple-response set {name} names unknown variables {unknown}"
            )
        if len(items) < 2:
            raise ExplorerError.for_file(target, f"multiple-response set {name} needs two items")


def _short_names(path: str) -> dict[str, str]:
    """Long variable name → the 8-byte short name pyreadstat gave it (from its type-2 records)."""
    data = Path(path).read_bytes()
    end = _endian(data)
    shorts: list[str] = []
    long_map: dict[str, str] = {}
    for rec_type, start, _stop in dictionary_records(data):
        if rec_type == 2:
            (width,) = struct.unpack_from(f"{end}i", data, start + 4)
            if width >= 0:  # -1 marks a long string's continuation, not a variable
                shorts.append(data[start + 24 : start + 32].decode("ascii").rstrip())
        elif rec_type == 7:
            _, subtype, size, count = struct.unpack_from(f"{end}4i", data, start)
            if subtype == 13:
                text = data[start + 16 : start + 16 + size * count].decode("utf-8")
                for pair in text.split("\t"):
                    short, _, long = pair.partition("=")
                    long_map[long] = short
    # Without a long-names record every variable's name is its short name.
    return {short: short for short in shorts} | long_map


def _insert_record(path: str, body: bytes) -> None:
    data = Path(path).read_bytes()
    end = _endian(data)
    records = dictionary_records(data)
    termination = records[-1][1]
    record = struct.pack(f"{end}4i", 7, _MRSETS_SUBTYPE, 1, len(body)) + body
    Path(path).write_bytes(data[:termination] + record + data[termination:])


def _stamp(path: str, created: datetime) -> None:
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    text = f"{created.day:02d} {months[created.month - 1]} {created.year % 100:02d}"
    text += created.strftime("%H:%M:%S")
    with open(path, "r+b") as handle:
        handle.seek(_CREATED_OFFSET)
        handle.write(text.encode("ascii"))
