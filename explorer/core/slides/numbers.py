"""Numbers in a takeaway matched to the figures its slide shows: each percentage, net score or
base in the words must be a figure on the slide as displayed (half-up rounded), or part of a label
the slide shows ("18–24"); the rest are returned, so the slide editor and the presenter can flag a
takeaway that the data in front of them no longer says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from explorer.core.survey.rounding import round_half_up
from explorer.core.survey.table import Table

# A number not glued to a word or another number ("Q3", "1,000" is one number, "18–24" two).
_NUMBER = re.compile(r"(?<![\w.])[+\-−]?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s?%|\s?per ?cent)?")


def takeaway_numbers(text: str) -> list[tuple[str, Decimal, bool]]:
    """(as written, value, is a percentage) for each number in `text`."""
    out = []
    for match in _NUMBER.finditer(text):
        digits = match.group(1).replace(",", "")
        out.append((match.group(0).strip(), Decimal(digits), bool(match.group(2))))
    return out


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def drawn_rows(tables: Sequence[Table], layout: str, multi: frozenset[str] = frozenset()):
    """(table, rows) the slide draws figures for: its answers and nets, whether as bars (a lone
    question, a multiple-response set), as stacked bars with the nets in columns beside them
    (several questions, a breakdown; explorer.core.slides.net_columns), or as a table (the
    first table)."""
    del multi  # every chart shows its answers and nets
    shown = tables[:1] if layout == "table" else tables
    return [(t, [r for r in t.rows if r.kind in ("code", "net")]) for t in shown]


def shown_values(
    tables: Sequence[Table], layout: str = "chart", multi: frozenset[str] = frozenset()
) -> tuple[list[float], list[int]]:
    """(every percentage the slide's charts show, every base they rest on)."""
    percents: list[float] = []
    bases: list[int] = []
    for table, rows in drawn_rows(tables, layout, multi):
        if table.empty:
            continue
        bases += [column.unweighted_base for column in table.columns]
        for row in rows:
            for cell in row.cells:
                if cell.percent is not None and not cell.suppressed:
                    percents.append(abs(cell.percent))
    return percents, bases


def label_numbers(texts: Iterable[str]) -> set[Decimal]:
    """Numbers that are part of a label shown on the slide (answer, column, question, filter)."""
    return {value for text in texts for _, value, _ in takeaway_numbers(text)}


def table_labels(tables: Sequence[Table]) -> list[str]:
    texts: list[str] = []
    for table in tables:
        texts += [table.label, table.by_label, table.filter_description]
        texts += [c.label for c in table.columns] + [r.label for r in table.rows]
    return texts


def unmatched_numbers(
    takeaway: str,
    tables: Sequence[Table],
    labels: Iterable[str] = (),
    *,
    layout: str = "chart",
    multi: frozenset[str] = frozenset(),
) -> tuple[str, ...]:
    """The numbers in `takeaway` that no figure or label on the slide shows."""
    percents, bases = shown_values(tables, layout, multi)
    in_labels = label_numbers([*table_labels(tables), *labels])
    missing = []
    for written, value, is_percent in takeaway_numbers(takeaway):
        places = _decimals(value)
        if any(round_half_up(p, places) == value for p in percents):
            continue
        if not is_percent and (value in in_labels or value in {Decimal(b) for b in bases}):
            continue
        missing.append(written)
    return tuple(missing)
