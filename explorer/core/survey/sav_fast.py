"""The fast data path for .sav files: polars-readstat (Rust) reads the values, pyreadstat the
metadata, and user-missing codes come back as codes, so each column equals pyreadstat's
`read_sav(user_missing=True, dates_as_pandas_datetime=True)`.

polars-readstat nulls user-missing values. So that it hands back the codes themselves, the file's
numeric missing-value declarations are made NaN in a private copy of its bytes
(`sav_records.clear_numeric_missing`, same layout): nothing equals NaN, so no value is flagged
and nothing needs putting back. String variables' missing codes, and any file whose dictionary
cannot be walked, use polars-readstat's "informative nulls" (the nulled code as text) instead.

`read_frame` gives numpy arrays straight from the Arrow columns, with no pandas: numbers narrowed
batch by batch while the reader reads the next (`sav_batches`), text as objects, dates as datetime64; `read_fast` gives
pyreadstat's pandas frame of them. pyreadstat stays the reader of record for the metadata (value labels,
missing codes and ranges, measures, multiple-response sets, which polars-readstat does not
expose) and for the data of any file the fast path cannot read exactly: both return None and the
caller falls back.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# polars-readstat nulls user-missing values; this column suffix carries the code it nulled.
_CODE_SUFFIX = "__explorer_missing_code"
_SYSTEM_FILE = b"$FL2"  # the uncompressed or bytecode-compressed layout (a .zsav is $FL3)


def available() -> bool:
    """Whether polars-readstat is installed (found, not imported: the app process never needs it)."""
    from importlib.util import find_spec

    return find_spec("polars_readstat") is not None


def read_fast(
    path: str | os.PathLike[str], meta, columns: Sequence[str] | None = None
) -> pd.DataFrame | None:
    """The data of `path` as pyreadstat's frame (user-missing codes kept), or None when
    polars-readstat is absent or cannot give exactly that (the caller then uses pyreadstat)."""
    frame = read_frame(path, meta, columns)
    if frame is None:
        return None
    import pandas as pd

    return pd.DataFrame({name: frame[name] for name in frame.columns})


def read_frame(path: str | os.PathLike[str], meta, columns: Sequence[str] | None = None):
    """The SavFrame of the file's columns in file order (numbers narrowed as `model.narrow`
    narrows pyreadstat's float64 values, user-missing codes kept; text as objects; dates as
    datetime64), or None when polars-readstat is absent or cannot give exactly what pyreadstat
    would.

    `meta` is pyreadstat's metadata of the same file; `columns` reads only those variables.
    """
    if not available():
        return None
    names = list(meta.column_names)
    wanted = names if columns is None else [name for name in names if name in set(columns)]
    try:
        from explorer.core.survey.sav_batches import collect

        with _scanned(path, meta, wanted, projected=columns is not None) as frame:
            return None if frame is None else collect(_batches(frame), wanted, meta.number_rows)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a Rust panic is a BaseException; on any failure, pyreadstat reads
        return None


# Every read asks for the rows in file order (preserve_order): by default polars-readstat may
# hand its batches over in the order its threads finish them.
# Rows per batch the reader hands over: small enough that the last batch's narrowing, the only
# part not overlapped with reading, is short; large enough that per-batch numpy calls are few.
_BATCH_ROWS = 65_536


def _batches(frame):
    """The scan's batches in file order, each handed over as soon as it is read (so the caller
    works on one while the reader reads the next); the whole frame as one where this polars
    cannot stream batches."""
    stream = getattr(frame, "collect_batches", None)
    if stream is None:
        return [frame.collect()]
    return stream(maintain_order=True)


@contextlib.contextmanager
def _scanned(path, meta, wanted: list[str], *, projected: bool):
    """polars-readstat's lazy scan of the `wanted` columns, user-missing codes kept (None when
    the file has a code this path cannot keep); valid inside the `with` only."""
    import polars_readstat

    types = getattr(meta, "readstat_variable_types", None) or {}
    coded = [name for name in wanted if meta.missing_ranges.get(name)]
    numeric = [name for name in coded if types.get(name, "double") != "string"]
    text = [name for name in coded if name not in numeric]
    # Text missing codes: merged into the column as text, which for a text column is the value.
    nulls = (
        {
            "columns": text,
            "mode": "merged_string",
            "suffix": _CODE_SUFFIX,
            "use_value_labels": False,
        }
        if text
        else None
    )
    options = {"informative_nulls": nulls, "batch_size": _BATCH_ROWS, "preserve_order": True}
    if not numeric:
        yield _selected(polars_readstat.scan_readstat(os.fspath(path), **options), wanted)
        return
    head = _dictionary_without_numeric_missing(path)
    if head is None:
        data = _read_informative(path, meta, wanted, coded, numeric, projected=projected)
        yield None if data is None else data.lazy()
        return
    with _patched_copy(path, head) as (where, data):
        yield _selected(polars_readstat.scan_readstat(where, data=data, **options), wanted)


def _selected(frame, wanted: list[str]):
    return frame if frame.collect_schema().names() == wanted else frame.select(wanted)


def _dictionary_without_numeric_missing(path) -> bytearray | None:
    """The file's header and dictionary with the numeric missing-value declarations made NaN,
    or None when it is not a plain system file or its dictionary cannot be walked."""
    from explorer.core.survey.sav_records import clear_numeric_missing

    size = os.path.getsize(path)
    prefix = 1 << 16
    with open(path, "rb") as handle:
        while True:
            handle.seek(0)
            head = bytearray(handle.read(min(prefix, size)))
            if not head.startswith(_SYSTEM_FILE):
                return None
            try:
                _changed, end = clear_numeric_missing(head)
                return head[:end]
            except ValueError:
                if len(head) >= size:
                    return None  # the whole file is not a dictionary we can walk
                prefix *= 8  # a dictionary longer than these first bytes: read more


@contextlib.contextmanager
def _patched_copy(path, head: bytearray):
    """(path, bytes) for polars-readstat to read the file with `head` in place of its first bytes.
    On Linux, a memory file (memfd: the kernel copies the data, and the reader opens it as any
    file, through a private `.sav` link); elsewhere the bytes themselves."""
    if not hasattr(os, "memfd_create") or not os.path.isdir(f"/proc/{os.getpid()}/fd"):
        with open(path, "rb") as handle:
            data = bytearray(handle.read())
        data[: len(head)] = head
        yield "patched.sav", bytes(data)
        return
    fd = os.memfd_create("explorer-sav", getattr(os, "MFD_CLOEXEC", 0))
    folder = tempfile.mkdtemp(prefix="explorer-sav-")  # private (0700)
    try:
        with open(path, "rb") as handle:
            size, offset = os.fstat(handle.fileno()).st_size, 0
            while offset < size:
                sent = os.sendfile(fd, handle.fileno(), offset, size - offset)
                if sent == 0:
                    raise OSError("the file shrank while it was read")
                offset += sent
        if os.pwrite(fd, head, 0) != len(head):
            raise OSError("the patched dictionary could not be written")
        link = os.path.join(folder, "patched.sav")
        os.symlink(f"/proc/{os.getpid()}/fd/{fd}", link)
        yield link, None
    finally:
        os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)


def _read_informative(path, meta, wanted, coded, numeric, *, projected: bool):
    """The same frame through polars-readstat's informative nulls: each nulled code comes back
    in a column of its own and is put back (slower; for files the patch cannot be made on)."""
    import polars as pl
    import polars_readstat

    names = list(meta.column_names)
    if any(name + _CODE_SUFFIX in names for name in coded):
        return None
    # A whole-file read puts each nulled code in a column of its own; polars-readstat 0.25 drops
    # such columns from a projected read, so a projected read merges the code into the column as
    # text ("merged_string") and the numbers are parsed back (shortest round-trip text).
    nulls = {
        "columns": coded,
        "mode": "merged_string" if projected else "separate_column",
        "suffix": _CODE_SUFFIX,
        "use_value_labels": False,
    }
    data = polars_readstat.read_readstat(
        os.fspath(path),
        columns=wanted if projected else None,
        informative_nulls=nulls,
        preserve_order=True,
    )
    if projected:
        restore = [pl.col(name).cast(pl.Float64, strict=True) for name in numeric]
    else:
        restore = [
            pl.coalesce(
                pl.col(name),
                pl.col(name + _CODE_SUFFIX).cast(data.schema[name], strict=False),
            ).alias(name)
            for name in coded
        ]
    return data.with_columns(restore).select(wanted)
