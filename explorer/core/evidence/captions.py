"""The words under an evidence matrix wherever it is shown (slide, PDF, PowerPoint, spreadsheet):
what the survey figures are and on what base, which cells rest on a low base or are hidden, that
the focus-group counts are not statistically representative, and which cells are flagged under
the identifiability rule.
"""

from __future__ import annotations

from explorer.core.evidence.matrix import MIN_PARTICIPANTS, Cell, EvidenceMatrix
from explorer.core.survey.formatting import format_percent
from explorer.core.survey.table import LOW_BASE, VERY_LOW_BASE


def weighting(m: EvidenceMatrix) -> str:
    return f"weighted by {m.weight}" if m.weight else "unweighted (no weight applied)"


def _cells(m: EvidenceMatrix, test) -> list[str]:
    return [
        f"{row.theme.label} × {cell.group.label}"
        for row in m.rows
        for cell in row.cells
        if test(cell)
    ]


def matrix_lines(m: EvidenceMatrix, suppress_below: int = 10) -> list[str]:
    """The caption lines, first the base and last the identifiability flag (non-empty only)."""
    lines = [
        f"Survey: % giving each row's answer, 95% interval, unweighted n per cell, "
        f"{weighting(m)}. Base: {m.survey_filter}"
    ]
    very = _cells(m, lambda c: c.survey is not None and VERY_LOW_BASE in c.survey.flags)
    low = _cells(m, lambda c: c.survey is not None and LOW_BASE in c.survey.flags)
    if very:
        lines.append(f"Very low base (under 50), indicative only: {', '.join(very)}")
    if low:
        lines.append(f"Low base (under 100), treat with caution: {', '.join(low)}")
    if _cells(m, lambda c: c.survey is not None and c.survey.suppressed):
        lines.append(f"[c] = hidden: fewer than {suppress_below} respondents behind the figure")
    who = "" if m.qual_filter == "All respondents" else f" ({m.qual_filter})"
    lines.append(
        f"Focus groups{who}: participants who raised the theme, of the group's, and passages; "
        "not statistically representative (no interval or significance test)"
    )
    narrow = _cells(m, lambda c: c.qual is not None and c.qual.narrow)
    if narrow:
        lines.append(
            f"⚑ fewer than {MIN_PARTICIPANTS} participants, attributes withheld: "
            + ", ".join(narrow)
        )
    return lines


def survey_words(cell: Cell) -> tuple[str, str]:
    """ "57% (46–66)", "n=100 ⚠" for a cell; "–" when the survey has no figure for it."""
    s = cell.survey
    if s is None:
        return "–", ""
    if s.suppressed or s.percent is None:
        return format_percent(s.percent, suppressed=s.suppressed), f"n={s.unweighted_base}"
    interval = f" ({format_percent(s.ci_low)}–{format_percent(s.ci_high)})"
    flag = " ⚠" if s.flags else ""
    return f"{format_percent(s.percent)}%{interval}", f"n={s.unweighted_base}{flag}"


def qual_words(cell: Cell, long: bool = False) -> str:
    """ "6/7 people" (and, `long`, a second line "26 passages"); ⚑ when fewer than three."""
    q = cell.qual
    if q is None:
        return "–"
    flag = " ⚑" if q.narrow else ""
    if long:
        return f"{q.participants}/{q.of} people{flag}\n{q.passages} passages"
    return f"{q.participants}/{q.of} people{flag}"


def cell_words(cell: Cell) -> str:
    """A cell on a slide: figure and interval, base, focus-group count, one to a line."""
    top, base = survey_words(cell)
    return "\n".join(t for t in (top, base, qual_words(cell)) if t)
