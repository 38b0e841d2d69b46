"""The files of a pooled tracker folder (one Parquet file per wave), opened with Arrow datasets:
which files are waves, in which order, how many respondents each holds, and whether their columns
agree — all from the files' footers, without reading any data. The dataset is let go once they
are known (its parsed footers held about 4 MB at ten waves of 60 columns); `tracker` reads each
file's column itself.

A tracker folder holds `*.parquet` (or `*.pq`) files, one per wave, in wave order by name
("wave_2" before "wave_10"), and optionally the labels sidecar `labels.json`. Names beginning
with "." or "_" are skipped, as Arrow and Spark skip them (`_SUCCESS`, `_metadata`, `.DS_Store`).
Anything else in the folder is refused with a sentence naming it.

The waves must have the same columns (in any order), each of one sort in every wave: numbers
(integers and floats mix: a wave with no missing answers is often written as integers), text,
or dates. Any other difference is refused, naming the two files.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.types as pat

from explorer.core import safe_files
from explorer.core.errors import ExplorerError

LABELS_FILE = "labels.json"
EXTENSIONS = (".parquet", ".pq")
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Waves:
    """The wave files of a tracker folder and what their footers say."""

    folder: Path
    files: tuple[Path, ...]  # in wave order
    rows: tuple[int, ...]  # respondents per wave
    schemas: tuple[pa.Schema, ...]  # each file's own schema (with its key-value metadata)
    sorts: dict[str, str]  # column → "number", "text", "date" or an Arrow type's name
    labels_file: Path | None  # the sidecar, when the folder has one

    @property
    def names(self) -> list[str]:
        """The columns, in the first wave's order."""
        return [str(name) for name in self.schemas[0].names]


def natural_key(path: Path) -> list:
    """Sort key so that "wave_2" comes before "wave_10"."""
    return [int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(path.name)]


def open_waves(folder: str | os.PathLike[str]) -> Waves:
    """The waves of `folder`, or ExplorerError with one sentence naming the folder or file."""
    root = Path(os.fspath(folder)).expanduser().absolute()
    files, labels = _listing(root)
    try:
        dataset = ds.dataset([os.fspath(f) for f in files], format="parquet")
        fragments = list(dataset.get_fragments())
    except (pa.ArrowException, OSError, ValueError) as error:
        raise ExplorerError.for_file(
            root, f"a file in the folder is damaged or not Parquet ({_first_line(error)})"
        ) from error
    schemas, rows = [], []
    for path, fragment in zip(files, fragments):
        try:
            schemas.append(fragment.physical_schema)
            rows.append(int(fragment.metadata.num_rows))
        except (pa.ArrowException, OSError, ValueError) as error:
            raise ExplorerError.for_file(path, "the Parquet file is damaged") from error
    sorts = _agreed_sorts(root, files, schemas)
    if sum(rows) == 0:
        raise ExplorerError.for_file(root, "the waves hold no respondents (0 rows of data)")
    return Waves(root, tuple(files), tuple(rows), tuple(schemas), sorts, labels)


def fingerprint(files: tuple[Path, ...] | list[Path], labels_file: Path | None) -> str:
    """SHA-256 of each wave's name, size and Parquet footer (every column chunk's offsets, sizes
    and statistics) and of labels.json: changes when the data does, without reading the data."""
    digest = hashlib.sha256()
    for path in (*files, *([labels_file] if labels_file else [])):
        size = path.stat().st_size
        digest.update(f"{path.name}\0{size}\0".encode())
        with open(path, "rb") as handle:
            if path == labels_file:
                digest.update(handle.read())
                continue
            handle.seek(max(size - 8, 0))
            tail = handle.read(8)
            footer = int.from_bytes(tail[:4], "little") if len(tail) == 8 else 0
            handle.seek(max(size - 8 - footer, 0))
            digest.update(handle.read(footer + 8))
    return digest.hexdigest()


def folder_fingerprint(folder: str | os.PathLike[str]) -> str:
    """The `fingerprint` of a tracker folder (what a briefing records as its data's SHA-256)."""
    root = Path(os.fspath(folder)).expanduser().absolute()
    files, labels = _listing(root)
    try:
        return fingerprint(files, labels)
    except OSError as error:
        raise ExplorerError.for_file(
            root, f"the folder cannot be read ({error.strerror})"
        ) from error


def _listing(root: Path) -> tuple[list[Path], Path | None]:
    try:
        entries = sorted(root.iterdir(), key=natural_key)
    except OSError as error:
        raise ExplorerError.for_file(
            root, f"the folder cannot be read ({error.strerror})"
        ) from error
    files: list[Path] = []
    labels = None
    for entry in entries:
        if entry.name.startswith((".", "_")):
            continue
        if entry.name.lower() == LABELS_FILE and entry.is_file():
            labels = entry
            continue
        if entry.is_dir():
            raise ExplorerError.for_file(
                root,
                f"the tracker folder holds a folder, {entry.name}; it should hold one Parquet "
                "file per wave",
            )
        if entry.suffix.lower() not in EXTENSIONS or not _starts_as_parquet(entry):
            raise ExplorerError.for_file(
                root,
                f"{entry.name} is not a Parquet file; a tracker folder holds one Parquet file "
                f"per wave and, optionally, {LABELS_FILE}",
            )
        files.append(entry)
    if not files:
        raise ExplorerError.for_file(root, "the folder holds no Parquet files (one per wave)")
    return files, labels


def _starts_as_parquet(path: Path) -> bool:
    try:
        with safe_files.open_regular(path) as handle:
            return handle.read(4) == b"PAR1"
    except (OSError, ExplorerError):
        return False


def sort_of(kind: pa.DataType) -> str:
    """Which sort of values an Arrow type holds, as the waves are compared."""
    if pat.is_dictionary(kind):
        kind = kind.value_type
    if pat.is_null(kind):  # a column with no answers at all in that wave: agrees with any sort
        return "null"
    if pat.is_integer(kind) or pat.is_floating(kind) or pat.is_boolean(kind):
        return "number"
    if pat.is_string(kind) or pat.is_large_string(kind) or _is_string_view(kind):
        return "text"
    if pat.is_timestamp(kind) or pat.is_date(kind):
        return "date"
    return str(kind)


def _is_string_view(kind: pa.DataType) -> bool:
    """Arrow's string_view (written by some engines), where this pyarrow knows it."""
    check = getattr(pat, "is_string_view", None)
    return bool(check and check(kind))


def _agreed_sorts(root: Path, files: list[Path], schemas: list[pa.Schema]) -> dict[str, str]:
    first_file, first = files[0], schemas[0]
    names = [str(n) for n in first.names]
    if len(set(names)) != len(names):
        raise ExplorerError.for_file(first_file, "some column names appear more than once")
    sorts = {name: sort_of(first.field(name).type) for name in names}
    for path, schema in zip(files[1:], schemas[1:]):
        theirs = [str(n) for n in schema.names]
        missing = [n for n in names if n not in theirs]
        extra = [n for n in theirs if n not in sorts]
        if missing or extra:
            what = (
                f"lacks {_shown(missing)} that {first_file.name} has"
                if missing
                else f"has {_shown(extra)} that {first_file.name} lacks"
            )
            raise ExplorerError.for_file(root, f"the waves' columns differ: {path.name} {what}")
        for name in names:
            if name not in sorts:
                continue
            sort = sort_of(schema.field(name).type)
            if sorts[name] == "null":
                sorts[name] = sort
            elif sort != sorts[name] and sort != "null":
                raise ExplorerError.for_file(
                    root,
                    f"the waves' columns differ: {name} holds {sort} in {path.name} but "
                    f"{sorts[name]} in {first_file.name}",
                )
    return sorts


def _shown(names: list[str]) -> str:
    return ", ".join(names[:5]) + ("…" if len(names) > 5 else "")


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
