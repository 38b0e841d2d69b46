"""Reading CSV and Excel (.xlsx) survey data: labels from a codebook (sidecar, explicit or a
"codebook" sheet) where there is one, else inferred from the values themselves.

Without a codebook: numbers stay numbers (few distinct integers → coded, code as label); text with
few distinct values becomes coded categories; other text is carried as TEXT (see `infer_column`).
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from explorer.core import safe_files
from explorer.core.errors import ExplorerError
from explorer.core.safe_zip import SafeZip, ZipLimits
from explorer.core.survey import codebook as cb
from explorer.core.survey import kinds
from explorer.core.survey.model import Kind, Variable
from explorer.core.survey.parsed import Parsed

# Text columns with at most this many distinct answers are treated as coded categories.
MAX_TEXT_CATEGORIES = 30
# Workbooks unpacking to more than this are refused (zip bombs; use CSV or Parquet instead).
MAX_XLSX_UNPACKED = 1024**3
# Integer columns with at most this many distinct values are treated as codes.
MAX_INTEGER_CODES = 12
# Limits on a CSV, checked before the work: columns and the characters in one cell. From WIDE
# columns a CSV with no codebook is read column-wise without pandas (`wide`: a 100,000-column CSV
# in seconds, not minutes); MAX_COLUMNS is far beyond any questionnaire (a wide panel file holds
# tens of thousands) and keeps a hostile header from making millions of variables.
WIDE = 2_000
MAX_COLUMNS = 250_000
MAX_CODEBOOK_COLUMNS = 5_000  # with a codebook every column goes through pandas (~1-10 ms each)
MAX_CELL_CHARS = 1_000_000
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$")
_STRONG = re.compile(r"\b(strongly|very|a lot|completely|totally|a great deal|extremely)\b", re.I)


def read_tabular(
    path: Path, kind: str, *, codebook: str | os.PathLike[str] | None = None
) -> Parsed:
    """The Parsed survey of a CSV (`kind` "csv") or Excel workbook (`kind` "xlsx")."""
    if kind == "xlsx":
        raw, sheet_book = _read_xlsx(path)
    else:
        raw, sheet_book = _read_csv(path, wide_ok=codebook is None and not _has_sidecar(path)), None
    if isinstance(raw, tuple):  # a wide CSV with no codebook, as (header, cells)
        from explorer.core.survey.wide import build_wide

        try:
            return build_wide(*raw, infer_column=infer_column, max_codes=MAX_INTEGER_CODES)
        except ValueError as error:
            raise ExplorerError.for_file(path, str(error)) from error
    entries = None
    if codebook is not None:
        entries = cb.read_codebook(codebook)
    elif sheet_book is not None:
        entries = sheet_book
    elif cb.sidecar_for(path).is_file():
        entries = cb.read_codebook(cb.sidecar_for(path))
    try:
        return build(raw, entries, kind)
    except ValueError as error:
        raise ExplorerError.for_file(path, str(error)) from error


def build(raw: pd.DataFrame, entries: dict[str, cb.CodebookEntry] | None, fmt: str) -> Parsed:
    """Variables and coded frame from raw cells (all text or objects) and an optional codebook."""
    names = [str(c).strip() for c in raw.columns]
    if len(set(names)) != len(names):  # counted once (names.count per name was quadratic)
        dupes = sorted(n for n, k in Counter(names).items() if k > 1)
        shown = ", ".join(dupes[:5]) + ("…" if len(dupes) > 5 else "")
        raise ValueError(f"the column names {shown} appear more than once")
    raw.columns = names
    frame: dict[str, pd.Series] = {}
    variables: dict[str, Variable] = {}
    warnings: list[str] = []
    weight_hint = None
    for name in names:
        entry = (entries or {}).get(name)
        column = raw[name]
        if entry is not None and entry.kind is Kind.MULTI:
            from explorer.core.survey.delimited import delimited_set

            items, item_vars, mr, notes = delimited_set(
                name, entry.label or name, column, entry.value_labels
            )
            frame.update(items)
            variables[name] = mr
            variables.update(item_vars)
            warnings += notes
            continue
        if entry is not None:
            series, var, note = _with_codebook(name, column, entry)
            if entry.weight:
                weight_hint = name
            if note:
                warnings.append(note)
        else:
            series, var = infer_column(name, column)
        frame[name] = series
        variables[name] = var
    if entries:
        unused = [n for n in entries if n not in variables]
        if unused:
            shown = ", ".join(unused[:5]) + ("…" if len(unused) > 5 else "")
            warnings.append(f"The codebook describes variables not in the data: {shown}.")
    return Parsed(
        frame=pd.DataFrame(frame, index=pd.RangeIndex(len(raw))),
        variables=variables,
        format=fmt,
        warnings=warnings,
        weight_hint=weight_hint,
    )


def _with_codebook(name: str, column: pd.Series, entry: cb.CodebookEntry):
    note = ""
    if entry.kind in (Kind.TEXT, Kind.DATE):
        values = column.where(~_blank(column), None)
        if entry.kind is Kind.DATE:
            values = pd.to_datetime(values, errors="coerce", format="mixed")
        return values, Variable(name, entry.label or name, entry.kind), note
    series = _as_numbers(column)
    if series is None and entry.value_labels:
        # The data holds the label texts rather than codes: map them back.
        lookup = {text.casefold(): code for code, text in entry.value_labels.items()}
        blank = _blank(column)
        mapped = column.map(lambda v: lookup.get(str(v).strip().casefold(), np.nan))
        unknown = (~blank) & mapped.isna()
        if unknown.any():
            note = f"{name}: {int(unknown.sum())} answers match no label in the codebook and are blank."
        series = mapped.astype(np.float64)
    if series is None:
        series = column.where(~_blank(column), None)
    var = kinds.infer_variable(
        name,
        entry.label or name,
        series,
        value_labels=entry.value_labels,
        missing_values=entry.missing,
        kind=Kind.NUMERIC if entry.kind is Kind.WEIGHT else entry.kind,
    )
    if entry.kind is None and not entry.value_labels and var.kind is Kind.NUMERIC:
        series, var = infer_column(name, column, label=entry.label or name)
    return series, var, note


def infer_column(name: str, column: pd.Series, *, label: str | None = None):
    """(values, Variable) for a column with no codebook entry, by the module's rules."""
    label = label or name
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return column, Variable(name, label, Kind.DATE)
    numbers = _as_numbers(column)
    if numbers is not None:
        finite = numbers.dropna()
        distinct = np.unique(finite.to_numpy())
        integer = bool(np.all(np.mod(distinct, 1) == 0))
        if (
            finite.size
            and integer
            and len(distinct) <= MAX_INTEGER_CODES
            and not kinds.is_id_like(name, numbers)
            and not kinds.weight_candidates({name: Variable(name, label, Kind.NUMERIC)})
        ):
            return numbers, kinds.infer_variable(name, label, numbers, kind=Kind.NOMINAL)
        return numbers, kinds.infer_variable(name, label, numbers)
    blank = _blank(column)
    text = column[~blank].astype(str).str.strip()
    if text.size and text.map(lambda v: bool(_ISO_DATE.match(v))).all():
        dates = pd.to_datetime(column.where(~blank), errors="coerce", format="ISO8601")
        if dates.notna().sum() == text.size:
            return dates, Variable(name, label, Kind.DATE)
    distinct = list(dict.fromkeys(text))
    if 0 < len(distinct) <= MAX_TEXT_CATEGORIES and (
        len(distinct) <= 5 or len(distinct) * 2 <= text.size
    ):
        ordered = category_order(distinct)
        codes = {value: float(i) for i, value in enumerate(ordered, start=1)}
        values = column.map(lambda v: codes.get(str(v).strip(), np.nan)).astype(np.float64)
        labels = [(code, value) for value, code in codes.items()]
        return values, kinds.infer_variable(name, label, values, value_labels=labels)
    return column.where(~blank, None), Variable(name, label, Kind.TEXT)


def category_order(values: list[str]) -> list[str]:
    """Codes 1..k for text answers: scale order when the answers form a worded scale (strong
    positive first, non-substantive last), else alphabetical with non-substantive last."""
    substantive = [v for v in values if not kinds.is_non_substantive(v)]
    rest = sorted(v for v in values if kinds.is_non_substantive(v))
    for positive, negative, _ in kinds.SCALE_WORDS:
        sides = {v: kinds.side_of(v, positive, negative) for v in substantive}
        pos = [v for v in substantive if sides[v] > 0]
        neg = [v for v in substantive if sides[v] < 0]
        mid = [v for v in substantive if sides[v] == 0]
        if len(pos) >= 2 and len(neg) >= 2 and len(mid) <= 1:
            pos.sort(key=lambda v: (not _STRONG.search(v), v))
            neg.sort(key=lambda v: (bool(_STRONG.search(v)), v))
            return pos + mid + neg + rest
    return sorted(substantive, key=str.casefold) + rest


def _blank(column: pd.Series) -> pd.Series:
    return column.isna() | column.astype(str).str.strip().isin(["", "nan", "NaN", "None", "NA"])


def _as_numbers(column: pd.Series) -> pd.Series | None:
    """The column as float64 when every non-blank cell is a number, else None."""
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column):
        return column.astype(np.float64)
    blank = _blank(column).to_numpy()
    # numpy's own str → float is several times faster than pd.to_numeric on arrow strings.
    filled = np.where(blank, "nan", column.to_numpy(dtype=object))
    try:
        numbers = filled.astype(np.float64)
    except (ValueError, TypeError, OverflowError):
        return None
    if not np.isfinite(numbers[~blank]).all():  # "NaN", "inf" are text here, not numbers
        return None
    return pd.Series(numbers, index=column.index)


# --- file readers ------------------------------------------------------------------------------


def _has_sidecar(path: Path) -> bool:
    return cb.sidecar_for(path).is_file()


def _read_csv(path: Path, *, wide_ok: bool = False):
    """The CSV's cells as a frame of text, or (header, cells) for a table of WIDE columns or more
    when `wide_ok` (no codebook)."""
    with safe_files.open_regular(path) as handle:
        raw = handle.read()
    bom16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in raw and not bom16:
        raise ExplorerError.for_file(
            path, "the file contains NUL bytes, so it is not a text CSV file (save it as UTF-8 CSV)"
        )
    text = cb.decode_text(raw)
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "\t"), key=first.count)
    width = _check_width(path, first, sep)
    if wide_ok and width >= WIDE:
        from explorer.core.survey.wide import read_cells

        try:
            header, cells = read_cells(text, sep)
        except (ValueError, csv.Error) as error:
            raise ExplorerError.for_file(
                path, f"the file is not a readable CSV table ({error})"
            ) from error
        _check_cells(path, text, lambda: max((len(str(c)) for c in cells.flat), default=0))
        return header, cells
    if width > MAX_CODEBOOK_COLUMNS:
        raise ExplorerError.for_file(
            path,
            f"the table has {width:,} columns, more than the {MAX_CODEBOOK_COLUMNS:,} this app "
            "reads with a codebook; save the questions you need (or open it without a codebook)",
        )
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=True
        )
    except pd.errors.EmptyDataError as error:
        raise ExplorerError.for_file(path, "the file has no data") from error
    except (pd.errors.ParserError, ValueError, csv.Error) as error:
        raise ExplorerError.for_file(
            path, f"the file is not a readable CSV table ({error})"
        ) from error
    if frame.shape[1] < 1:
        raise ExplorerError.for_file(path, "the file has no columns")
    _check_cells(path, text, lambda: frame.apply(lambda c: c.str.len().max()).max())
    return frame


def _check_cells(path: Path, text: str, longest_cell) -> None:
    """Refuse a cell over MAX_CELL_CHARS (cells are measured only when a line is that long)."""
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > MAX_CELL_CHARS:
        cells = longest_cell()
        if cells > MAX_CELL_CHARS:
            raise ExplorerError.for_file(
                path,
                f"a cell holds {int(cells):,} characters, more than the limit of "
                f"{MAX_CELL_CHARS:,}",
            )


def _check_width(path: Path, header: str, sep: str) -> int:
    """The header's width (counted once, linear); a table wider than MAX_COLUMNS is refused
    before it is parsed."""
    if header.count(sep) + 1 < WIDE:
        return header.count(sep) + 1
    try:
        width = len(next(csv.reader([header], delimiter=sep)))
    except (csv.Error, StopIteration):
        width = header.count(sep) + 1
    if width > MAX_COLUMNS:
        raise ExplorerError.for_file(
            path,
            f"the table has {width:,} columns, more than the {MAX_COLUMNS:,} this app reads; "
            "save the questions you need (or use SPSS .sav or Parquet)",
        )
    return width


def _read_xlsx(path: Path) -> tuple[pd.DataFrame, dict[str, cb.CodebookEntry] | None]:
    if not zipfile.is_zipfile(path):
        raise ExplorerError.for_file(
            path, "this is not an Excel .xlsx workbook (it is not a zip archive)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    # NotImplementedError: a header claiming a zip version or method Python cannot read
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        raise ExplorerError.for_file(
            path, "the workbook is damaged (a broken zip archive)"
        ) from error
    if unpacked > MAX_XLSX_UNPACKED:
        # A zip bomb, or a sheet far larger than any survey: refuse before openpyxl inflates it.
        raise ExplorerError.for_file(
            path, f"the workbook unpacks to {unpacked / 1024**2:,.0f} MB, too large to open"
        )
    # Headers can lie about sizes: inflate every part within limits (member count, expansion
    # ratio, total, no encrypted or `..` members) before openpyxl sees the workbook.
    archive = SafeZip.open(path, ZipLimits(max_total_bytes=MAX_XLSX_UNPACKED))
    for name in archive.names:
        archive.read(name)
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ExplorerError.for_file(
            path, "the workbook is damaged or is not an Excel .xlsx file"
        ) from error
    except Exception as error:  # openpyxl raises many unrelated types on a malformed workbook
        raise ExplorerError.for_file(path, "the workbook is damaged or cannot be read") from error
    data_name = next((n for n in sheets if n.strip().lower() not in cb.SHEET_NAMES), None)
    if data_name is None:
        raise ExplorerError.for_file(path, "the workbook has no data sheet")
    book_name = next((n for n in sheets if n.strip().lower() in cb.SHEET_NAMES), None)
    entries = cb.parse_codebook(sheets[book_name], path) if book_name else None
    data = sheets[data_name].dropna(how="all")
    return data.reset_index(drop=True), entries
