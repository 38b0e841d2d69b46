"""Delimited multiple-response columns in CSV/Excel data: one cell per respondent listing every
code chosen (`1;2;3;`, `1,4`, `2|5`, `3 7`), declared in the codebook with `kind` = `multi`.

Each becomes one 0/1 item per code (`<name>_<code>`, labelled by the codebook) plus a MULTI set
over them. A blank cell means the respondent did not answer the set (missing on every item); a
token that is not a number is left out, with a data note.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from explorer.core.survey.model import Kind, Variable, format_code

_SPLIT = re.compile(r"[;,|\s]+")


def split_codes(cell: object) -> tuple[list[float], list[str]] | None:
    """(codes, bad tokens) of one cell, or None when the cell is blank."""
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return None
    text = str(cell).strip()
    if not text or text.lower() in ("nan", "none", "na"):
        return None
    codes, bad = [], []
    for token in _SPLIT.split(text):
        if not token:
            continue
        try:
            value = float(token)
        except ValueError:
            bad.append(token)
            continue
        if np.isfinite(value):
            codes.append(value)
        else:
            bad.append(token)
    return codes, bad


def delimited_set(
    name: str, label: str, column: pd.Series, value_labels: dict[float, str]
) -> tuple[dict[str, pd.Series], dict[str, Variable], Variable, list[str]]:
    """(item columns, item variables, the MULTI set, data notes) for one delimited column."""
    parsed = [split_codes(cell) for cell in column.tolist()]
    seen = {code for cell in parsed if cell is not None for code in cell[0]}
    codes = sorted(set(value_labels) | seen)
    notes: list[str] = []
    unlabelled = sorted(seen - set(value_labels))
    if value_labels and unlabelled:
        shown = ", ".join(format_code(c) for c in unlabelled[:5])
        notes.append(f"{name}: codes {shown} are in the data but not the codebook; kept as items.")
    bad = [(row + 1, cell[1][0]) for row, cell in enumerate(parsed) if cell and cell[1]]
    if bad:
        notes.append(
            f"{name}: {len(bad):,} answer{'s' if len(bad) != 1 else ''} held text that is not a "
            f"code (first in data row {bad[0][0]}: {bad[0][1]!r}); that part is left out."
        )
    columns: dict[str, pd.Series] = {}
    variables: dict[str, Variable] = {}
    for code in codes:
        item = f"{name}_{format_code(code)}"
        values = np.array(
            [np.nan if cell is None else float(code in cell[0]) for cell in parsed],
            dtype=np.float64,
        )
        columns[item] = pd.Series(values, index=column.index)
        text = value_labels.get(code, format_code(code))
        variables[item] = Variable(
            item,
            f"{label}: {text}",
            Kind.NOMINAL,
            ((0.0, "Not selected"), (1.0, "Selected")),
        )
    mr = Variable(name, label, Kind.MULTI, members=tuple(variables), counted_value=1.0)
    return columns, variables, mr, notes
