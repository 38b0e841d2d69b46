"""The words under an evidence matrix wherever it is shown (slide, PDF, PowerPoint, spreadsheet):
what the survey figures are and on what base, which cells rest on a low base or are hidden, that
the focus-group counts are not statistically representative, and which cells are flagged under
the identifiability rule.
"""

from __future__ import annotations

from explorer.core.evidence.matrix import MIN_PARTICIPANTS, EvidenceMatrix
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
