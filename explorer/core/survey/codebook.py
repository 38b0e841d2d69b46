"""The codebook that gives CSV and Excel data their labels: a table with one row per variable code,
read from a sidecar `<data>.codebook.csv`, an explicit file, or a "codebook"/"labels" sheet.

Format (also in docs/codebook.md) — a header row, then any number of rows, in any order:

    variable,label,code,value_label,missing,kind,weight
    q_support,Support police use of drones,1,Strongly support,,,
    q_support,,2,Somewhat support,,,
    q_support,,98,Don't know,no,,
    gender,Gender,99,Prefer not to say,yes,,
    wt,Survey weight,,,,,yes

* `variable` (required): the column name in the data, matched exactly.
* `label`: the variable's label; the first non-empty one for a variable wins.
* `code` + `value_label`: one value label; codes are numbers. A row without a code only labels the
  variable (or sets its kind/weight).
* `missing`: "yes" declares the code user-missing (dropped from bases, as SPSS does); else no.
* `kind` (optional): nominal, scale, numeric, text, date, weight or multi — overrides the
  inference; `multi` marks a delimited multiple-response column (`1;2;3;`, see
  explorer.core.survey.delimited), its codes labelled on the following rows.
* `weight` (optional): "yes" on any row makes the variable the survey's weight.

Only `variable` is required; the other columns may be absent. Column names are case-insensitive.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from explorer.core import safe_files
from explorer.core.errors import ExplorerError
from explorer.core.survey.model import Kind

COLUMNS = ("variable", "label", "code", "value_label", "missing", "kind", "weight")
SHEET_NAMES = ("codebook", "labels")
_YES = {"yes", "y", "true", "1", "x"}
_KINDS = {k.value: k for k in Kind} | {"multiple": Kind.MULTI}


@dataclass
class CodebookEntry:
    """Everything the codebook says about one variable."""

    name: str
    label: str = ""
    value_labels: dict[float, str] = field(default_factory=dict)
    missing: set[float] = field(default_factory=set)
    kind: Kind | None = None
    weight: bool = False


def sidecar_for(data_path: Path) -> Path:
    """Where a codebook for `data_path` is looked for: london.csv → london.codebook.csv."""
    return data_path.with_name(f"{data_path.stem}.codebook.csv")


def read_codebook(path: str | os.PathLike[str]) -> dict[str, CodebookEntry]:
    """The codebook in a CSV file (UTF-8, with or without BOM; windows-1252 accepted)."""
    checked = safe_files.checked_path(path, max_bytes=safe_files.MAX_TEXT_BYTES, what="codebook")
    raw = safe_files.read_bytes(checked)
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExplorerError.for_file(checked, "the codebook is not a text CSV file")
    text = decode_text(raw)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise ExplorerError.for_file(checked, "the codebook is not a readable CSV table") from error
    return parse_codebook(frame, checked)


def decode_text(raw: bytes) -> str:
    """Text from bytes: a BOM decides; else UTF-8, else windows-1252, else latin-1."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    for encoding in ("utf-8", "windows-1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def parse_codebook(frame: pd.DataFrame, source: str | os.PathLike[str]) -> dict[str, CodebookEntry]:
    """The entries of a codebook table (from a CSV or a sheet), validated row by row."""
    frame = frame.rename(columns=lambda c: str(c).strip().lower().replace(" ", "_"))
    if "variable" not in frame.columns:
        raise ExplorerError.for_file(
            source, "the codebook has no 'variable' column (see docs/codebook.md for the format)"
        )
    entries: dict[str, CodebookEntry] = {}
    for number, row in enumerate(frame.to_dict("records"), start=2):
        cells = {key: _cell(row.get(key)) for key in COLUMNS}
        name = cells["variable"]
        if not name:
            continue
        entry = entries.setdefault(name, CodebookEntry(name))
        if cells["label"] and not entry.label:
            entry.label = cells["label"]
        if cells["kind"]:
            kind = _KINDS.get(cells["kind"].lower())
            if kind is None:
                raise ExplorerError.for_file(
                    source, f"row {number} gives {name} the unknown kind {cells['kind']!r}"
                )
            entry.kind = kind
        if cells["weight"].lower() in _YES:
            entry.weight = True
        if cells["code"]:
            try:
                code = float(cells["code"])
            except ValueError:
                raise ExplorerError.for_file(
                    source, f"row {number} has the code {cells['code']!r}, which is not a number"
                ) from None
            entry.value_labels[code] = cells["value_label"] or cells["code"]
            if cells["missing"].lower() in _YES:
                entry.missing.add(code)
    return entries


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value).strip()
    # Excel hands back 1.0 for a code typed as 1.
    return text[:-2] if text.endswith(".0") and text[:-2].lstrip("-").isdigit() else text
