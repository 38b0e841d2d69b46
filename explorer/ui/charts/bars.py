"""What a bar chart shows, apart from drawing it (no pyqtgraph here, so the charts that do not
draw with it never import it): the bars of a table, answer labels wrapped to the room, the
footer and the tooltips.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from explorer.core import captions
from explorer.core.survey.model import Survey
from explorer.core.survey.table import Cell, Row, Table


@dataclass(frozen=True)
class Bar:
    row: Row
    cell: Cell
    codes: tuple[float | str, ...]  # what clicking this bar filters on (a net: its codes)


def chart_bars(table: Table, survey: Survey | None, column: int = 0) -> list[Bar]:
    """The bars of `table`'s column: codes, then nets (score rows belong in the table view)."""
    var = survey.variables.get(table.question) if survey is not None else None
    nets = {f"net:{n.key}": n.codes for n in var.nets} if var is not None else {}
    out = []
    for row in table.rows:
        if row.kind == "score":
            continue
        codes = tuple(nets.get(str(row.code), ())) if row.kind == "net" else (row.code,)
        out.append(Bar(row, row.cells[column], codes))
    return out


_ELIDE = Qt.TextElideMode.ElideRight


def fitted_labels(ticks, metrics: QFontMetrics, width: int, share: float, lines: int | None):
    """Answer labels wrapped to the room beside the bars; where a row cannot hold a label's
    lines, the labels get more room (up to 60% of the chart), and what still does not fit ends
    in "…" (the whole label is in the chart's accessible description and its table), so labels
    never overprint each other."""
    for part in (share, 0.5, 0.6):
        room = max(int(width * part), 60)
        wrapped = [(i, wrap_words(text, room, metrics)) for i, text in ticks]
        if lines is None or all(len(w) <= lines for _, w in wrapped):
            return [(i, "\n".join(w)) for i, w in wrapped]
    out = []
    for i, w in wrapped:
        if len(w) > lines:
            w = w[: lines - 1] + [metrics.elidedText(" ".join(w[lines - 1 :]), _ELIDE, room)]
        out.append((i, "\n".join(w)))
    return out


def wrap_words(text: str, width: int, metrics: QFontMetrics) -> list[str]:
    """`text` on lines no wider than `width` pixels, broken between words (a single word wider
    than the room keeps its own line rather than being cut)."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def adds(modifiers) -> bool:
    """Ctrl+click or Shift+click adds to a selection; a plain click replaces it."""
    wanted = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
    return bool(modifiers & wanted)


def footer_text(table: Table) -> str:
    """The total column's caption (base, low-base flags, [c] note; core.captions) and notes."""
    lines = captions.table_lines(replace(table, columns=table.columns[:1]))
    if len(lines) > 1 and lines[1].startswith(("Very low", "Low")):
        lines[1] = "⚠ " + lines[1]
    return "\n".join([*lines, *captions.design_lines(table), *table.notes])


def tooltip_text(bar: Bar, base: int, hidden: str, confidence: float = 0.95) -> str:
    """A bar's hover text; `hidden`: why a hidden one is hidden (captions.hidden_reason);
    `confidence`: the level of its interval (the table's setting)."""
    cell = bar.cell
    if cell.suppressed or cell.percent is None:
        return f"{bar.row.label}: hidden ({hidden})"
    interval = ""
    if cell.ci_low is not None and cell.ci_high is not None:
        level = f"{confidence * 100:.0f}%"
        interval = f" ({level} interval {cell.ci_low:.1f}–{cell.ci_high:.1f})"
    return (
        f"{bar.row.label}: {cell.percent:.1f}%{interval}\n"
        f"{cell.unweighted_count:,} of {base:,} respondents; weighted {cell.weighted_count:,.1f}"
    )
