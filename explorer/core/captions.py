"""Every caption and notice a view carries, in words, built from the table (which holds its own
thresholds) and the loaded data: the base line, low and very low base flags, the suppression note,
"no respondents match", how significance was tested and the design effect, the quotes' filter
line, the data line with the data's date, the
illustrative notice, and the changed-data and live-view notices.

The window's chart footers, the slides, the PDF/PNG/SVG pictures, the PowerPoint and the command
line's tables all take their words from here, so no output words a caption differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from explorer.core.briefing.marking import ILLUSTRATIVE_NOTICE
from explorer.core.survey.rounding import format_count
from explorer.core.survey.table import Column, Table

SHORT_NOTICE = "Illustrative sample data: no real person gave these answers or said these words."
NO_RESPONDENTS = "No respondents match this filter"
LIVE_NOTICE = "Live view: the filter was changed during the presentation (R: saved view)"
__all__ = ["ILLUSTRATIVE_NOTICE", "NO_RESPONDENTS", "SHORT_NOTICE"]


def _column_name(column: Column) -> str:
    return "All respondents" if column.key == "all" else column.label


def weight_phrase(table: Table) -> str:
    """ "weighted by <var>", or "unweighted (no weight applied)": every base line says which."""
    if table.weighted:
        return f"weighted by {table.weight}" if table.weight else "weighted"
    return "unweighted (no weight applied)"


def base_line(table: Table) -> str:
    """ "Base: <survey filter>; unweighted n = …, effective n = …, weighted by <var>", or
    "Base: <survey filter>; n = …, unweighted (no weight applied)", or that nobody matches."""
    if table.empty:
        return f"Base: {table.filter_description}. {NO_RESPONDENTS} ({weight_phrase(table)})."
    total = table.columns[0]
    if not table.weighted:
        return (
            f"Base: {table.filter_description}; n = {format_count(total.unweighted_base)}, "
            f"{weight_phrase(table)}"
        )
    return (
        f"Base: {table.filter_description}; unweighted n = {format_count(total.unweighted_base)}, "
        f"effective n = {format_count(total.effective_base)}, {weight_phrase(table)}"
    )


def low_base_line(table: Table, columns: Sequence[Column] | None = None) -> str:
    """Which columns rest on a very low (< very_low_base) or low (< low_base) base, in words."""
    if table.empty:
        return ""
    columns = table.columns if columns is None else columns
    very = [_column_name(c) for c in columns if c.very_low_base]
    low = [_column_name(c) for c in columns if c.low_base and not c.very_low_base]
    parts = []
    if very:
        parts.append(
            f"Very low base (under {table.very_low_base}), indicative only: {', '.join(very)}"
        )
    if low:
        parts.append(f"Low base (under {table.low_base}), treat with caution: {', '.join(low)}")
    return "; ".join(parts)


def hidden_reason(table: Table) -> str:
    """Why a cell shows "[c]", with the table's own threshold (docs/disclosure.md)."""
    return f"fewer than {table.suppress_below} respondents, or to protect another [c]"


def suppression_note(tables: Table | Iterable[Table]) -> str:
    """The disclosure rule with its threshold, on every caption that shows figures:
    "[c] hidden: fewer than N respondents, or to protect another [c]"."""
    from explorer.core.survey.disclosure import rule_text

    tables = [tables] if isinstance(tables, Table) else list(tables)
    shown = [t for t in tables if not t.empty]
    if not shown or shown[0].suppress_below <= 1:
        return ""
    return rule_text(shown[0].suppress_below)


def _any_hidden(table: Table) -> bool:
    return any(cell.suppressed for row in table.rows for cell in row.cells)


def table_lines(table: Table) -> list[str]:
    """The caption under one chart or table: base, base flags, suppression note (non-empty)."""
    lines = [base_line(table), low_base_line(table), suppression_note(table)]
    return [line for line in lines if line]


def slide_lines(tables: Sequence[Table], survey_filter: str, *, letters: bool = False) -> list[str]:
    """The survey caption of a slide: the first table's base and flags, the hidden-cell note;
    with `letters` (a slide showing the table's significance marks) how they were tested."""
    if not tables:
        return []
    first = tables[0]
    line = base_line(first)
    flags = low_base_line(first)
    if flags:
        line += f". {flags}"
    note = suppression_note(tables)
    lines = [line + (f". {note}" if note else "")]
    if letters:
        tested = [significance_line(first), untested_line(first), small_tested_line(first)]
        lines += [text for text in tested if text]
    return lines


def text_footer(table: Table) -> list[str]:
    """The footer of a table printed as text or CSV by the command line and table exports."""
    lines = [base_line(table)]
    significance = significance_line(table)
    if significance:
        lines.append(significance)
    for line in (untested_line(table), small_tested_line(table)):
        if line:
            lines.append(line + ".")
    lines.append(
        "Figures are % of the column base; * less than 0.5%; – no respondents; "
        f"[c] {hidden_reason(table)}, not shown."
    )
    flags = low_base_line(table)
    if flags:
        lines.append(flags + ".")
    lines.extend(design_lines(table))
    lines.extend(table.notes)
    return lines


def significance_line(table: Table) -> str:
    """How the breakdown's letters (or ▲/▼) were tested: level, correction, method, minimum base."""
    settings = table.settings
    if not (table.by and len(table.columns) > 2 and settings.get("test_method")):
        return ""
    from explorer.core.survey.significance import describe

    return describe(
        correction=settings["correction"],
        confidence=settings["confidence"],
        compare=settings["compare"],
        two_levels=settings["two_levels"],
        min_base=settings["min_effective_base"],
        method=settings["test_method"],
    )


def untested_line(table: Table) -> str:
    """Which breakdown columns were left out of the tests for too small an effective base."""
    from explorer.core.survey.table_tests import NOT_TESTED

    untested = [c for c in table.columns[1:] if NOT_TESTED in c.flags]
    if not untested:
        return ""
    minimum = table.settings.get("min_effective_base", 30)
    names = ", ".join(f"{c.letter} {c.label}" for c in untested)
    return f"Not tested (effective base under {minimum}): {names}"


def small_tested_line(table: Table) -> str:
    """Which tested breakdown columns rest on a small effective base (the minimum tested up to
    the very-low-base line), so their letters are read with caution."""
    from explorer.core.survey.table_tests import SMALL_TEST_BASE

    small = [c for c in table.columns[1:] if SMALL_TEST_BASE in c.flags]
    if not small:
        return ""
    minimum = table.settings.get("min_effective_base", 30)
    names = ", ".join(f"{c.letter} {c.label}" for c in small)
    return (
        f"Tested on a small effective base ({minimum}–{table.very_low_base - 1}), letters "
        f"indicative only: {names}"
    )


def weighting_line(unweighted: float, effective: float) -> str:
    """The design effect from weighting of a base: unweighted / Kish effective base."""
    if effective <= 0:
        return ""
    return (
        f"Design effect from weighting {unweighted / effective:.2f} "
        f"(effective base {format_count(effective)} of {format_count(unweighted)})."
    )


def design_lines(table: Table) -> list[str]:
    """The declared sample design (strata, clusters, linearisation) and the total column's design
    effect from weighting, as the footer states them."""
    lines = []
    design = table.settings.get("design")
    if design:
        lines.append(design)
    if table.weighted and not table.empty:
        total = table.columns[0]
        line = weighting_line(total.unweighted_base, total.effective_base)
        if line:
            lines.append(line)
    return lines


def quotes_line(description: str, shown: int, matching: int, pinned: bool) -> str:
    """Which focus-group participants the quotes come from (the filters that apply to them);
    "" for quotes the author pinned when no filter narrows the participants."""
    everyone = description == "All respondents"
    who = f" (participants: {description})" if not everyone else ""
    if pinned:
        return f"Quotes: pinned to this slide{who}" if who else ""
    if not matching:
        return f"Quotes: none match{who or ' (all participants)'}"
    return f"Quotes: {shown} of {matching} matching{who or ' (all participants)'}"


def data_line(sources: Iterable[tuple[str, str]]) -> str:
    """ "Data: london_survey.sav (data dated 2026-11-26); …" from (name, recorded date) pairs."""
    parts = [name + (f" (data dated {date})" if date else "") for name, date in sources]
    return "Data: " + "; ".join(parts) if parts else "Data: none loaded"


def changed_data_notice(names: Sequence[str]) -> str:
    """The notice every page carries when the data is not the data the briefing recorded."""
    if not names:
        return ""
    files = " and ".join(names)
    verb = "differs" if len(names) == 1 else "differ"
    return (
        f"Data changed: {files} {verb} from the data this briefing was written on; "
        "check each takeaway against the figures shown"
    )


def unmatched_line(numbers: Sequence[str]) -> str:
    """Takeaway numbers that no figure on the slide shows."""
    if not numbers:
        return ""
    return "Takeaway figures not shown on this slide: " + ", ".join(numbers)
