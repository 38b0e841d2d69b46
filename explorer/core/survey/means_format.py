"""The plain-text and CSV renderings of a `Means` table (mean, interval, SD, median and bases per
column, significance marks on the mean) used by `explorer means`."""

from __future__ import annotations

import csv
import io

from explorer.core.survey.formatting import format_count
from explorer.core.survey.means import Means

SUPPRESSED_MARK = "[c]"


def _number(value: float | None, decimals: int) -> str:
    return SUPPRESSED_MARK if value is None else f"{value:,.{decimals}f}"


def means_grid(means: Means, *, decimals: int = 1) -> list[list[str]]:
    cols = means.columns
    level = f"{means.confidence * 100:.0f}% interval"
    grid = [["", *(c.label for c in cols)]]
    if means.by:
        grid.append(["", *(f"({c.letter})" if c.letter else "" for c in cols)])
    mean_row = ["Mean"]
    for c in cols:
        text = _number(c.mean, decimals)
        mean_row.append(f"{text} {c.significance}" if c.significance else text)
    grid.append(mean_row)
    grid.append(
        [
            level,
            *(
                SUPPRESSED_MARK
                if c.ci_low is None
                else f"{c.ci_low:.{decimals}f}–{c.ci_high:.{decimals}f}"
                for c in cols
            ),
        ]
    )
    grid.append(["Standard deviation", *(_number(c.sd, decimals) for c in cols)])
    grid.append(["Median", *(_number(c.median, decimals) for c in cols)])
    grid.append(["Unweighted base", *(format_count(c.unweighted_base) for c in cols)])
    if means.weighted:
        grid.append(["Weighted base", *(format_count(c.weighted_base) for c in cols)])
        grid.append(["Effective base", *(format_count(c.effective_base) for c in cols)])
    if any(c.flags for c in cols):
        grid.append(["Flags", *("; ".join(c.flags) for c in cols)])
    return grid


def footer(means: Means) -> list[str]:
    total = means.columns[0]
    if means.weighted:
        lines = [
            f"Base: {means.filter_description}; unweighted n = "
            f"{format_count(total.unweighted_base)}, effective n = "
            f"{format_count(total.effective_base)}, weighted by {means.weight or 'the weight'}"
        ]
    else:
        lines = [
            f"Base: {means.filter_description}; n = {format_count(total.unweighted_base)}, "
            "unweighted (no weight applied)"
        ]
    lines.append("Intervals: t on the effective base; [c] fewer than 10 respondents, not shown.")
    lines.extend(means.notes)
    return lines


def render_means_text(means: Means, *, decimals: int = 1) -> str:
    grid = means_grid(means, decimals=decimals)
    widths = [max(len(line[i]) for line in grid) for i in range(len(grid[0]))]
    out = [f"{means.question}: {means.label}"]
    if means.by:
        out.append(f"by {means.by_label or means.by}")
    out.append("")
    for line in grid:
        cells = [text.rjust(widths[i + 1]) for i, text in enumerate(line[1:])]
        out.append("  ".join([line[0].ljust(widths[0]), *cells]).rstrip())
    out.append("")
    out.extend(footer(means))
    return "\n".join(out) + "\n"


def render_means_csv(means: Means, *, decimals: int = 1) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f"{means.question}: {means.label}"])
    for line in means_grid(means, decimals=decimals):
        writer.writerow(line)
    for line in footer(means):
        writer.writerow([line])
    return buffer.getvalue()
