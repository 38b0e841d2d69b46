"""What fits on a slide, decided once for every output: which rows of its charts and which of its
quotes a slide of a given shape (16:9 or 4:3) can show at the 20 pt floor, and a line on the slide
naming what is left out. No Qt: text is measured with explorer.core.slides.measure.

The slide renderer (presentation, PDF, PNG, SVG) and the PowerPoint draw `content.tables` and
`content.quotes`, which are this selection; `content.full_tables` keeps every row for the table
exports. Rows are kept in this order until the room is full: every row showing a number the
takeaway cites or a group it names, the first row of every chart (the All-respondents row of a breakdown), then the
rest in order; what does not fit is named in the caption ("Not shown for space …"). When the chart
beside the quotes would lose a cited figure or a question that the whole width keeps, the chart
takes the width and the quotes are left out (and counted in the same line).
The geometry mirrors explorer.ui.presentation.slide_renderer's, at its tightest spacing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from explorer.core.export.chart_panels import legend_names, net_name, net_rows
from explorer.core.slides import net_columns
from explorer.core.slides.geometry import LIVE_TAKEAWAY, geometry  # noqa: F401
from explorer.core.slides.measure import (
    BODY_PX,
    MIN_PX,
    M,
    canvas_width,
    line_height,
    text_height,
    text_width,
)
from explorer.core.slides.numbers import shown_values, takeaway_numbers
from explorer.core.survey.rounding import round_half_up
from explorer.core.survey.table import Table

PANEL_GAP = 20.0


# --- the room on the slide --------------------------------------------------------------------
def body_areas(content, cw: float, caption: list[str]) -> tuple[float, float, float]:
    """(chart width, quotes width, body height) on a canvas `cw` wide with `caption` under it."""
    g = geometry(content, cw, caption)
    return g.chart_w, g.quotes_w, g.body_h


# --- charts: the panels the renderer draws and their least heights ----------------------------
def _code_rows(table: Table):
    return [r for r in table.rows if r.kind == "code"]


def _is_breakdown(table: Table) -> bool:
    return bool(table.by) and len(table.columns) > 1


def panels(tables: tuple[Table, ...], multi: frozenset[str]) -> list[tuple]:
    """("bars", table) or ("stacked", title, legend names, row labels, net names), as the
    renderer groups them (the legend: the answers, then "[c] hidden" when a cell is hidden)."""
    if len(tables) == 1 and not tables[0].by:
        return [("bars", tables[0])]
    out: list = []
    groups: dict[tuple[str, ...], list[Table]] = {}
    for table in tables:
        if table.question in multi:
            out.append(("bars", table))
        elif _is_breakdown(table):
            labels = ["All respondents" if c.key == "all" else c.label for c in table.columns]
            hidden = any(c.suppressed for r in _code_rows(table) for c in r.cells)
            codes = legend_names([r.label for r in _code_rows(table)], hidden)
            out.append(("stacked", table.label, codes, labels, _net_names([table])))
        else:
            key = tuple(r.label for r in _code_rows(table))
            if key not in groups:
                groups[key] = []
                out.append(("group", key))
            groups[key].append(table)
    result = []
    for panel in out:
        if panel[0] != "group":
            result.append(panel)
            continue
        group = groups[panel[1]]
        nets = _net_names(group)
        hidden = any(r.cells[0].suppressed for t in group for r in _code_rows(t))
        names = legend_names(list(panel[1]), hidden)
        if len(group) == 1:
            result.append(("stacked", group[0].label, names, ["All respondents"], nets))
        else:
            result.append(("stacked", "", names, [t.label for t in group], nets))
    return result


def _net_names(tables: list[Table]) -> list[str]:
    """The nets the stacked chart of `tables` draws (chart_panels: those all of them share)."""
    names = [tuple(r.label for r in net_rows(t)) for t in tables]
    if not names[0] or any(n != names[0] for n in names):
        return []
    return [net_name(label) for label in names[0]]


def panel_height(panel: tuple, width: float) -> float:
    """The least height the renderer draws `panel` in (its tightest spacing)."""
    if panel[0] == "bars":
        rows = [r for r in panel[1].rows if r.kind != "score"]
        if not rows:
            return 0.0
        label_w = min(width * 0.42, max(text_width(r.label, BODY_PX) for r in rows) + 12)
        need = max(
            [line_height(BODY_PX) * 1.1]
            + [text_height(r.label, BODY_PX, label_w) + 6 for r in rows]
        )
        return need * len(rows)
    _, title, categories, labels, nets = panel
    lh = line_height(MIN_PX)
    head = text_height(title, BODY_PX, width, True) + 8 if title else 0.0
    head += len(net_columns.legend_lines(categories, width)) * lh * 1.2 + 8
    above = any(text_width(label, MIN_PX) > width * 0.3 for label in labels)
    widths = net_columns.column_widths(nets, width, 0.0 if above else width * 0.3 + 12)
    head += net_columns.header_extra(categories, width, widths)
    bar = lh / 0.84 + 1
    rows = 0.0
    for label in labels:
        if above:
            rows += text_height(label, MIN_PX, width) + 2 + bar + 4
        else:
            rows += max(bar, text_height(label, MIN_PX, width * 0.3) + 2) + 4
    return head + rows


def chart_height(tables: tuple[Table, ...], multi: frozenset[str], width: float) -> float:
    shown = panels(tables, multi)
    return sum(panel_height(p, width) for p in shown) + PANEL_GAP * max(len(shown) - 1, 0)


def table_rows_that_fit(table: Table, width: float, height: float) -> int:
    """Rows of the "table" layout that fit under its header (at least one)."""
    columns = list(table.columns)[:7]
    first = width * (0.42 if len(columns) > 1 else 0.6)
    cw = (width - first) / len(columns)
    header = max(text_height(c.label, MIN_PX, cw - 8, True) for c in columns) + 8
    return max(int((height - header) // (line_height(MIN_PX) * 1.25)), 1)


# --- choosing rows ------------------------------------------------------------------------------
def _atoms(tables: tuple[Table, ...], multi: frozenset[str]) -> list[list[int]]:
    """Per table, what can be left out one at a time: a breakdown's columns, the answers of a
    chart of one question, else the whole question (index 0)."""
    out = []
    for table in tables:
        if table.question not in multi and _is_breakdown(table):
            out.append(list(range(len(table.columns))))
        elif table.question in multi or (len(tables) == 1 and not table.by):
            out.append([i for i, r in enumerate(table.rows) if r.kind != "score"])
        else:
            out.append([0])
    return out


def _trim(tables, multi, atoms, chosen: set[tuple[int, int]]) -> tuple[Table, ...]:
    out = []
    for t, table in enumerate(tables):
        keep = [a for a in atoms[t] if (t, a) in chosen]
        if not keep:
            continue
        if atoms[t] == [0] or len(keep) == len(atoms[t]):
            out.append(table)
        elif table.question not in multi and _is_breakdown(table):
            rows = tuple(replace(r, cells=tuple(r.cells[i] for i in keep)) for r in table.rows)
            columns = tuple(table.columns[i] for i in keep)
            out.append(replace(table, columns=columns, rows=rows))
        else:
            rows = tuple(r for i, r in enumerate(table.rows) if i in keep or r.kind == "score")
            out.append(replace(table, rows=rows))
    return tuple(out)


def _cited(table: Table, t_atoms: list[int], takeaway: str) -> list[int]:
    """The atoms of `table` showing a percentage, a label number or a group the takeaway cites."""
    numbers = takeaway_numbers(takeaway)
    percents = {value for _, value, is_pct in numbers if is_pct}
    words = {value for _, value, is_pct in numbers if not is_pct}

    def says(cells, label: str) -> bool:
        for cell in cells:
            shown = cell.percent is not None and not cell.suppressed
            if shown and round_half_up(cell.percent, 0) in percents:
                return True
        if any(v in words or v in percents for _, v, _p in takeaway_numbers(label)):
            return True
        return _names(label, takeaway)

    out = []
    for a in t_atoms:
        if t_atoms == [0]:
            cells, label = [r.cells[0] for r in _code_rows(table)], table.label
        elif _is_breakdown(table) and len(t_atoms) == len(table.columns):
            cells, label = [r.cells[a] for r in _code_rows(table)], table.columns[a].label
        else:
            cells, label = list(table.rows[a].cells[:1]), table.rows[a].label
        if says(cells, label):
            out.append(a)
    return out


def choose_rows(content, width: float, height: float) -> tuple[tuple[Table, ...], list[str]]:
    """The tables trimmed to what fits in `width` × `height`, and what was left out, in words."""
    tables, multi = content.full_tables, content.multi
    if not tables or content.problem or all(t.empty for t in tables):
        return tables, []
    if content.layout == "table":
        table = tables[0]
        rows = [i for i, r in enumerate(table.rows) if r.kind in ("code", "net")]
        fit = table_rows_that_fit(table, width, height)
        if fit >= len(rows):
            return tables, []
        keep = set(rows[:fit])
        trimmed = replace(table, rows=tuple(r for i, r in enumerate(table.rows) if i in keep))
        gone = [table.rows[i].label for i in rows[fit:]]
        return (trimmed, *tables[1:]), [_named(gone, table.label)]
    if chart_height(tables, multi, width) <= height:
        return tables, []
    atoms = _atoms(tables, multi)
    order: list[tuple[int, int]] = []
    for t, a in enumerate(atoms):
        order += [(t, x) for x in _cited(tables[t], a, content.takeaway)]
    order += [(t, a[0]) for t, a in enumerate(atoms) if a]
    for t, a in enumerate(atoms):
        order += [(t, x) for x in a]
    chosen: set[tuple[int, int]] = set()
    for atom in order:
        if atom in chosen:
            continue
        trial = _trim(tables, multi, atoms, chosen | {atom})
        if chart_height(trial, multi, width) <= height:
            chosen.add(atom)
    return _trim(tables, multi, atoms, chosen), _left_out(tables, multi, atoms, chosen)


def _short(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _named(labels: list[str], of: str) -> str:
    """The rows left out of one chart: named when short, else counted (the note stays short, so
    it takes little of the room it reports on)."""
    names = ", ".join(labels)
    if len(names) > 28:
        names = f"{len(labels)} rows"
    return f"{names} of “{_short(of)}”"


def _left_out(tables, multi, atoms, chosen) -> list[str]:
    out, whole = [], []
    for t, table in enumerate(tables):
        gone = [a for a in atoms[t] if (t, a) not in chosen]
        if not gone:
            continue
        if len(gone) == len(atoms[t]):
            whole.append(f"“{_short(table.label)}”")
        elif table.question not in multi and _is_breakdown(table):
            out.append(_named([table.columns[a].label for a in gone], table.label))
        else:
            out.append(_named([table.rows[a].label for a in gone], table.label))
    return whole + out


# --- quotes -------------------------------------------------------------------------------------
def quotes_that_fit(content, width: float, height: float) -> int:
    """How many of the slide's quotes fit at the floor size (the first always shows)."""
    quotes = content.all_quotes
    room = height
    if content.quotes_note:
        room -= text_height(content.quotes_note, MIN_PX, width) + 4 + 16
    inner = width - 24
    more = line_height(MIN_PX) + 12
    used, shown = 0.0, 0
    for i, (text, who) in enumerate(quotes):
        h = text_height(f"“{text.strip()}”", MIN_PX, inner)
        h += text_height(f"— {who}", MIN_PX, inner) if who else 0.0
        reserve = more if i < len(quotes) - 1 else 0.0
        if shown and used + h + 8 + reserve > room:
            break
        used += h + 16
        shown += 1
    return shown


def _choose(base, chart_w: float, quotes_w: float, body_h: float, *, chart_only: bool):
    """(tables, quotes, what is left out) for a chart `chart_w` and quotes `quotes_w` wide."""
    parts: list[str] = []
    tables = base.full_tables
    if base.shows_numbers:
        tables, parts = choose_rows(base, chart_w, body_h)
    quotes = base.all_quotes
    if base.shows_quotes and quotes:
        fit = 0 if chart_only else quotes_that_fit(base, quotes_w, body_h)
        if fit < len(quotes):
            more = len(quotes) - fit
            parts.append(f"{more} {'more ' if fit else ''}quote{'s' if more > 1 else ''}")
            quotes = quotes[:fit]
    return tables, quotes, parts


def _names(label: str, takeaway: str) -> bool:
    """The takeaway names this group or answer ("62% of Labour and 60% of Conservative voters")."""
    name = label.strip()
    return len(name) >= 4 and re.search(rf"\b{re.escape(name)}\b", takeaway, re.I) is not None


def _worth(base, tables) -> tuple[int, int, int]:
    """(percentages the takeaway cites that the charts show, groups it names that they show,
    questions kept): what a choice of rows keeps of what the slide is about."""
    cited = {v for _, v, is_pct in takeaway_numbers(base.takeaway) if is_pct}
    percents, _bases = shown_values(tables, base.layout, base.multi)
    shown = {round_half_up(p, 0) for p in percents}
    labels = [c.label for t in tables for c in t.columns] + [
        r.label for t in tables for r in t.rows
    ]
    named = sum(1 for label in set(labels) if _names(label, base.takeaway))
    return len(cited & shown), named, len({t.question for t in tables})


# --- the slide ----------------------------------------------------------------------------------
def fit_content(content, aspect: str = "16:9"):
    """`content` with the rows and quotes that fit a slide of `aspect` ("16:9" or "4:3"), and the
    caption line naming what does not (`space_note`)."""
    if content.layout == "text":
        return replace(content, aspect=aspect)
    cw = canvas_width(aspect)
    full = content.full_tables or content.tables  # a content made by hand: all it holds
    every = content.all_quotes or content.quotes
    base = replace(content, full_tables=full, all_quotes=every, tables=full, quotes=every)
    base = replace(base, space_note="", chart_only=False)
    note, result = "", base
    for _ in range(4):
        trial = replace(base, space_note=note)
        chart_w, quotes_w, body_h = body_areas(trial, cw, trial.caption_lines)
        tables, quotes, parts = _choose(base, chart_w, quotes_w, body_h, chart_only=False)
        chart_only = False
        if base.layout == "chart+quotes" and _worth(base, tables) < _worth(base, full):
            # the numbers the slide is about come before its quotes: the chart takes the width
            wide = _choose(base, cw - 2 * M, 0.0, body_h, chart_only=True)
            if _worth(base, wide[0]) > _worth(base, tables):
                (tables, quotes, parts), chart_only = wide, True
        new = f"Not shown for space (see the table export): {'; '.join(parts)}." if parts else ""
        result = replace(
            base, tables=tables, quotes=quotes, space_note=new, aspect=aspect, chart_only=chart_only
        )
        width = cw - 2 * M
        if not new or (
            note and text_height(new, MIN_PX, width) <= text_height(note, MIN_PX, width)
        ):
            return result
        note = new
    return result
