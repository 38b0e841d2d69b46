"""What a slide's chart shows, as plain values both the slide renderer (PDF, PNG, presentation)
and the PowerPoint export draw: bars for one question, or stacked rows (a breakdown, with the
All-respondents row first; or several questions sharing one answer scale), the palette, and a
stacked chart's legend entries (the answers, then "[c] hidden" once when a cell is hidden).

Hidden cells keep their place: `segment_widths` gives each hidden segment an equal share of the
room the shown ones leave (100% minus the shown, which a reader can work out anyway).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from explorer.core.survey.table import Table

ALL_RESPONDENTS = "All respondents"
# The app's palette (Okabe–Ito): a 5-point scale reads blue through grey to orange; "Don't know"
# dark grey. Single bars are blue, nets orange (hatched); a hidden [c] segment grey, hatched.
BAR, NET, HIDDEN = "#0072B2", "#E69F00", "#C8C8C8"
STACK = ("#0072B2", "#56B4E9", "#C8C8C8", "#E69F00", "#D55E00", "#6E6E6E", "#009E73", "#CC79A7")
HIDDEN_NAME = "[c] hidden"  # the legend's entry for a hidden segment, named once


@dataclass
class Stacked:
    title: str
    question: str
    categories: list[str]
    rows: list[tuple[str, list[tuple[float | None, bool]]]]  # (label, [(percent, suppressed)])
    # The question's nets ("Trust", "Distrust"), each with its figure per row, drawn in columns
    # at the right of the bars (a takeaway's "62% of Labour trust the Met" is a net).
    nets: list[tuple[str, list[tuple[float | None, bool]]]] = field(default_factory=list)


def code_rows(table: Table):
    return [r for r in table.rows if r.kind == "code"]


def net_rows(table: Table):
    return [r for r in table.rows if r.kind == "net"]


def net_name(label: str) -> str:
    """A net's name as a column heading: "Trust (net)" → "Trust"."""
    return re.sub(r"\s*\(net\)\s*$", "", label, flags=re.I) or label


def is_multi(table: Table) -> bool:
    """A multiple-response table: its rows are items (named by variable), which do not add up."""
    return any(isinstance(r.code, str) for r in code_rows(table))


def stacked_for_breakdown(table: Table) -> Stacked:
    rows = []
    for i, column in enumerate(table.columns):
        label = ALL_RESPONDENTS if column.key == "all" else column.label
        cells = [(r.cells[i].percent, r.cells[i].suppressed) for r in code_rows(table)]
        rows.append((label, cells))
    nets = [
        (net_name(r.label), [(c.percent, c.suppressed) for c in r.cells]) for r in net_rows(table)
    ]
    return Stacked(table.label, table.question, [r.label for r in code_rows(table)], rows, nets)


def _group_nets(group: list[Table]) -> list:
    """The nets of questions sharing a scale, when every one of them has the same nets."""
    names = [tuple(r.label for r in net_rows(t)) for t in group]
    if not names[0] or any(n != names[0] for n in names):
        return []
    return [
        (
            net_name(label),
            [(net_rows(t)[k].cells[0].percent, net_rows(t)[k].cells[0].suppressed) for t in group],
        )
        for k, label in enumerate(names[0])
    ]


def panels_for(tables: tuple[Table, ...], multi: frozenset[str] | None = None) -> list:
    """Bars (a Table) for one question; Stacked rows for a breakdown or questions sharing answers.

    `multi` names multiple-response questions (always bars); None: told from the tables."""
    tables = tuple(tables)
    if multi is None:
        multi = frozenset(t.question for t in tables if is_multi(t))
    if len(tables) == 1 and not tables[0].by:
        return [tables[0]]
    panels: list = []
    groups: dict[tuple[str, ...], list[Table]] = {}
    for table in tables:
        if table.question in multi:
            panels.append(table)
        elif table.by and len(table.columns) > 1:
            panels.append(stacked_for_breakdown(table))
        else:
            key = tuple(r.label for r in code_rows(table))
            if key not in groups:
                groups[key] = []
                panels.append(key)
            groups[key].append(table)
    out = []
    for panel in panels:
        if isinstance(panel, tuple):
            group = groups[panel]
            rows = [
                (t.label, [(r.cells[0].percent, r.cells[0].suppressed) for r in code_rows(t)])
                for t in group
            ]
            title = "" if len(group) > 1 else group[0].label
            question = "+".join(t.question for t in group)
            out.append(Stacked(title, question, list(panel), rows, _group_nets(group)))
            if len(group) == 1:
                out[-1].rows = [(ALL_RESPONDENTS, rows[0][1])]
        else:
            out.append(panel)
    return out


def has_hidden(panel: Stacked) -> bool:
    return any(s for _, cells in panel.rows for _, s in cells)


def legend_names(categories: list[str], hidden: bool) -> list[str]:
    """The legend's names: every answer in order, then "[c] hidden" once when a cell is."""
    return [*categories, HIDDEN_NAME] if hidden else list(categories)


def legend_entries(panel: Stacked) -> list[tuple[str, str, bool]]:
    """(name, colour, hatched) of each legend entry, as every output draws it: the answers in
    their palette colours, then "[c] hidden", hatched grey, once when a cell is hidden."""
    out = [(name, STACK[i % len(STACK)], False) for i, name in enumerate(panel.categories)]
    if has_hidden(panel):
        out.append((HIDDEN_NAME, HIDDEN, True))
    return out


def segment_widths(cells: list[tuple[float | None, bool]]) -> list[float]:
    """Each segment's length in percent: shown ones as they are, hidden ones an equal share of
    what the shown ones leave of 100% (so a hidden segment keeps its place and says nothing the
    shown figures do not)."""
    shown = sum(p for p, s in cells if p is not None and not s)
    n_hidden = sum(1 for _, s in cells if s)
    room = max(100.0 - shown, 0.0) / n_hidden if n_hidden else 0.0
    return [room if s else (p if p is not None else 0.0) for p, s in cells]
