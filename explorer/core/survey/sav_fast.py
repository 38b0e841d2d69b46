"""The fast data path for .sav files: polars-readstat (Rust) reads the values, pyreadstat the
metadata, and user-missing codes are put back as codes, so the frame equals pyreadstat's
`read_sav(user_missing=True, dates_as_pandas_datetime=True)`.

pyreadstat stays the reader of record for the metadata (value labels, missing codes and ranges,
measures, multiple-response sets, which polars-readstat does not expose) and for the data of any
file the fast path cannot read exactly: `read_fast` returns None and the caller falls back.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime

import pandas as pd

# polars-readstat nulls user-missing values; this column suffix carries the code it nulled.
_CODE_SUFFIX = "__explorer_missing_code"


def available() -> bool:
    """Whether polars-readstat is installed (found, not imported: the app process never needs it)."""
    from importlib.util import find_spec

    return find_spec("polars_readstat") is not None


def read_fast(
    path: str | os.PathLike[str], meta, columns: Sequence[str] | None = None
) -> pd.DataFrame | None:
    """The data of `path` as pyreadstat would give it (user-missing codes kept), or None when
    polars-readstat is absent or cannot give exactly that (the caller then uses pyreadstat).

    `meta` is pyreadstat's metadata of the same file; `columns` reads only those variables.
    """
    if not available():
        return None
    import polars as pl
    import polars_readstat

    names = list(meta.column_names)
    wanted = names if columns is None else [name for name in names if name in set(columns)]
    coded = [name for name in wanted if meta.missing_ranges.get(name)]
    if any(name + _CODE_SUFFIX in names for name in coded):
        return None
    projected = columns is not None
    # A whole-file read puts each nulled code in a column of its own; polars-readstat 0.25 drops
    # such columns from a projected read, so a projected read merges the code into the column as
    # text ("merged_string") and the numbers are parsed back (shortest round-trip text).
    nulls = (
        {
            "columns": coded,
            "mode": "merged_string" if projected else "separate_column",
            "suffix": _CODE_SUFFIX,
            "use_value_labels": False,
        }
        if coded
        else None
    )
    numeric = {
        name
        for name in coded
        if (getattr(meta, "readstat_variable_types", None) or {}).get(name, "double") != "string"
    }
    try:
        data = polars_readstat.read_readstat(
            os.fspath(path), columns=wanted if projected else None, informative_nulls=nulls
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
        if restore:
            data = data.with_columns(restore).select(wanted)
        if data.columns != wanted or data.height != meta.number_rows:
            return None  # not the file pyreadstat describes: let pyreadstat read it
        # Column by column: a column without nulls is handed over without a copy (pandas'
        # DataFrame.to_pandas route copies and consolidates every column into one block).
        unit = pd.Series([datetime(2000, 1, 1)]).dtype  # pyreadstat's dates: from Python datetimes
        arrays = {}
        for name in wanted:
            values = data.get_column(name).to_numpy()
            arrays[name] = values.astype(unit) if values.dtype.kind == "M" else values
        frame = pd.DataFrame(arrays, copy=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a Rust panic is a BaseException; on any failure, pyreadstat reads
        return None
    return frame
