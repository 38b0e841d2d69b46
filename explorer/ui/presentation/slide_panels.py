"""The body of a slide: bars for one question, stacked rows for a breakdown or for questions
sharing their answers, a table, and quotes, each kept inside the room it is given (rows and
quotes that do not fit are named in a note, never drawn over the caption).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

from explorer.core.captions import NO_RESPONDENTS
from explorer.core.export import chart_panels
from explorer.core.export.chart_panels import Stacked as _Stacked
from explorer.core.export.chart_panels import legend_entries, segment_widths
from explorer.core.slides import net_columns, segment_labels
from explorer.core.slides.content import SlideContent
from explorer.core.survey.formatting import column_heading, with_letters
from explorer.core.survey.table import Table
from explorer.ui.presentation.slide_items import (
    BAR,
    BODY_PX,
    CENTRE,
    HIDDEN,
    INK,
    LEFT,
    MIN_PX,
    MUTED,
    NET,
    PAPER,
    RIGHT,
    RULE,
    STACK,
    WRAP,
    BoxItem,
    SlideLayout,
    _ink_on,
    _pct,
    line_height,
    text_height,
    text_width,
)


# --- panels ----------------------------------------------------------------------------------
# What the panels hold (bars, stacked rows) is core's, shared with the PowerPoint export.
def panels_for(tables: tuple[Table, ...], multi: frozenset[str]) -> list:
    """Bars for one question; stacked rows for a breakdown or for questions sharing answers."""
    return chart_panels.panels_for(tables, multi)


def _bars_height(table: Table, width: float, tight: bool = False) -> float:
    rows = [r for r in table.rows if r.kind != "score"]
    return line_height(BODY_PX) * (1.15 if tight else 1.5) * len(rows) + line_height(BODY_PX) * 1.2


def _legend_lines(panel: _Stacked, width: float) -> list[list[tuple[int, str, float]]]:
    """The legend's entries (the content model's: answers, then "[c] hidden" once) wrapped."""
    return net_columns.legend_lines(_legend_names(panel), width)


def _legend_names(panel: _Stacked) -> list[str]:
    return [name for name, _, _ in legend_entries(panel)]


# Where the row labels go and how wide the net columns are: the core's (segment_labels), which
# also decides which segments carry their figure in every output.
_labels_above = segment_labels.labels_above


def _row_heights(panel: _Stacked, width: float, tight: bool = False) -> list[tuple[float, float]]:
    """(label height, bar height) per row at the smallest readable size (`tight`: thinner bars,
    so that every question of a slide fits rather than one being left out)."""
    lh = line_height(MIN_PX)
    if _labels_above(panel, width):
        bar = lh * (1.2 if tight else 1.3)
        return [(text_height(label, MIN_PX, width) + 2, bar) for label, _ in panel.rows]
    return [
        (0.0, max(lh * (1.2 if tight else 1.5), text_height(label, MIN_PX, width * 0.3) + 6))
        for label, _ in panel.rows
    ]


_net_widths = segment_labels.net_widths


def _stacked_head(panel: _Stacked, width: float) -> float:
    lh = line_height(MIN_PX)
    title = text_height(panel.title, BODY_PX, width, True) + 8 if panel.title else 0
    nets = net_columns.header_extra(_legend_names(panel), width, _net_widths(panel, width))
    return title + len(_legend_lines(panel, width)) * lh * 1.2 + 8 + nets


def _stacked_height(panel: _Stacked, width: float, tight: bool = False) -> float:
    rows = sum(a + b + 8 for a, b in _row_heights(panel, width, tight))
    return _stacked_head(panel, width) + rows


def _least_height(panel, width: float) -> float:
    """The least height a panel is drawn in (as explorer.core.slides.fit reckons it)."""
    if isinstance(panel, Table):
        rows = [r for r in panel.rows if r.kind != "score"]
        if not rows:
            return 0.0
        label_w = min(width * 0.42, max(text_width(r.label, BODY_PX) for r in rows) + 12)
        need = max(
            [line_height(BODY_PX) * 1.1]
            + [text_height(r.label, BODY_PX, label_w) + 6 for r in rows]
        )
        return need * len(rows)
    lh = line_height(MIN_PX)
    above = _labels_above(panel, width)
    side = width * 0.3
    rows = sum(
        (text_height(label, MIN_PX, width) + 2 if above else 0.0)
        + max(lh / 0.84 + 1, 0.0 if above else text_height(label, MIN_PX, side) + 2)
        + 4
        for label, _cells in panel.rows
    )
    return _stacked_head(panel, width) + rows


def _draw_bars(out: SlideLayout, table: Table, rect: QRectF, tight: bool = False) -> None:
    rows = [r for r in table.rows if r.kind != "score"]
    lh = line_height(BODY_PX)
    y = rect.top()
    if not rows:
        return
    label_w = min(rect.width() * 0.42, max(text_width(r.label, BODY_PX) for r in rows) + 12)
    # every row as high as its longest wrapped label needs; rows that do not fit are named
    need = max(
        [lh * (1.1 if tight else 1.3)] + [text_height(r.label, BODY_PX, label_w) + 6 for r in rows]
    )
    room = rect.height()
    if need * len(rows) > room:
        more = f"+{len(rows)} more answers not shown for space (see the table export)"
        room -= text_height(more, MIN_PX, rect.width()) + 8
        fit = max(int(room // need), 0)
        left_out = len(rows) - fit
        rows = rows[:fit]
        note = f"+{left_out} more answer{'s' if left_out > 1 else ''} not shown for space (see the table export)"
        nh = text_height(note, MIN_PX, rect.width()) + 4
        out.text(
            MIN_PX,
            QRectF(rect.left(), rect.bottom() - nh, rect.width(), nh),
            note,
            italic=True,
            colour=MUTED,
        )
        if not rows:
            return
    row_h = min(80.0, max(need, room / len(rows)))
    value_w = text_width("100%", BODY_PX, True) + 16
    x0 = rect.left() + label_w + 12
    top = max([r.cells[0].percent or 0.0 for r in rows] + [1.0])
    scale = (rect.right() - value_w - x0) / top
    for row in rows:
        cell = row.cells[0]
        out.text(BODY_PX, QRectF(rect.left(), y, label_w, row_h), row.label, flags=RIGHT | WRAP)
        pct = cell.percent if cell.percent is not None and not cell.suppressed else 0.0
        bar = QRectF(x0, y + row_h * 0.16, max(pct * scale, 2.0), row_h * 0.68)
        net = row.kind == "net"
        out.items.append(
            BoxItem(
                bar,
                NET if net else BAR,
                hatched=net,
                outline=NET if net else None,
                value=cell.percent,
                key=(table.question, "all", row.label),
            )
        )
        out.text(
            BODY_PX,
            QRectF(bar.right() + 10, y, value_w, row_h),
            _pct(cell.percent, cell.suppressed),
            bold=True,
            flags=LEFT,
        )
        y += row_h


def _draw_stacked(out: SlideLayout, panel: _Stacked, rect: QRectF, tight: bool = False) -> None:
    lh = line_height(MIN_PX)
    y = rect.top()
    if panel.title:
        h = text_height(panel.title, BODY_PX, rect.width(), True)
        out.text(BODY_PX, QRectF(rect.left(), y, rect.width(), h + 4), panel.title, bold=True)
        y += h + 8
    entries = legend_entries(panel)
    for line in _legend_lines(panel, rect.width()):
        x = rect.left()
        for i, label, w in line:
            _name, colour, hatched = entries[i]
            swatch = QRectF(x, y + lh * 0.15, 28, 28)
            out.items.append(
                BoxItem(swatch, colour, hatched=hatched, outline=MUTED if hatched else INK)
            )
            out.text(MIN_PX, QRectF(x + 36, y, w - 36, lh * 1.2), label, flags=LEFT)
            x += w
        y += lh * 1.2
    y += 8
    nets = _net_widths(panel, rect.width())
    if nets:  # the columns' names, over their figures at the right of the bars
        extra = net_columns.header_extra(_legend_names(panel), rect.width(), nets)
        top = y if extra else y - 8 - lh * 1.2  # else on the legend's last line
        x = rect.right() - sum(nets)
        for (name, _), w in zip(panel.nets, nets):
            out.text(MIN_PX, QRectF(x, top, w, lh * 1.2), name, bold=True, flags=RIGHT)
            x += w
        y += extra
    above = _labels_above(panel, rect.width())
    labelled = segment_labels.labels(panel, rect.width())  # which segments carry their figure
    heights = _row_heights(panel, rect.width(), tight)
    gap = 8.0
    natural = sum(a + b + gap for a, b in heights)
    rows = list(panel.rows)
    if y + natural > rect.bottom() + 0.5:  # first squeeze rows to the least that reads well
        side = rect.width() * 0.3
        heights = [
            (a, max(lh / 0.84 + 1, 0.0 if above else text_height(label, MIN_PX, side) + 2))
            for (label, _cells), (a, _b) in zip(rows, heights)
        ]
        gap = 4.0
        natural = sum(a + b + gap for a, b in heights)
    if y + natural > rect.bottom() + 0.5:  # then keep the rows that fit and say how many do not
        note = f"+{len(rows)} more rows not shown for space (see the table export)"
        bottom = rect.bottom() - text_height(note, MIN_PX, rect.width()) - 8
        fit, used = 0, 0.0
        while fit < len(rows) and y + used + sum(heights[fit]) + gap <= bottom:
            used += sum(heights[fit]) + gap
            fit += 1
        left_out = len(rows) - fit
        note = (
            f"+{left_out} more row{'s' if left_out > 1 else ''} not shown for space "
            "(see the table export)"
        )
        nh = text_height(note, MIN_PX, rect.width()) + 4
        out.text(
            MIN_PX,
            QRectF(rect.left(), rect.bottom() - nh, rect.width(), nh),
            note,
            italic=True,
            colour=MUTED,
        )
        rows, heights, natural = rows[:fit], heights[:fit], used
        rect = QRectF(rect.left(), rect.top(), rect.width(), bottom - rect.top())
    grow = max(0.0, rect.bottom() - y - natural) / max(len(heights), 1)
    label_w = 0.0 if above else rect.width() * 0.3
    x0 = rect.left() + (0 if above else label_w + 12)
    span = rect.right() - x0 - sum(nets)
    for r, ((label, cells), (label_h, bar_h)) in enumerate(zip(rows, heights)):
        bar_h = min(bar_h + grow, max(bar_h, 90.0))
        if above:
            out.text(MIN_PX, QRectF(rect.left(), y, rect.width(), label_h), label)
            y += label_h
        else:
            out.text(MIN_PX, QRectF(rect.left(), y, label_w, bar_h), label, flags=RIGHT | WRAP)
        # Hidden segments keep their place (chart_panels.segment_widths: an equal share of what
        # the shown ones leave of 100%, which the shown figures give away anyway).
        widths = segment_widths(cells)
        scale = max(sum(widths), 100.0)
        if not any(widths) and not any(s for _, s in cells):
            out.text(
                MIN_PX,
                QRectF(x0, y, span, bar_h),
                "No respondents in this group",
                italic=True,
                colour=MUTED,
                flags=LEFT,
            )
        x = x0
        for i, (pct, suppressed) in enumerate(cells):
            w = span * widths[i] / scale
            colour = HIDDEN if suppressed else STACK[i % len(STACK)]
            box = QRectF(x, y + bar_h * 0.08, w, bar_h * 0.84)
            out.items.append(
                BoxItem(
                    box,
                    colour,
                    hatched=suppressed,
                    outline=MUTED if suppressed else PAPER,
                    value=None if suppressed else pct,
                    key=(panel.question, label, panel.categories[i]),
                )
            )
            text = _pct(pct, suppressed)
            if labelled[r][i]:
                out.text(
                    MIN_PX, box, text, bold=True, colour=_ink_on(colour), flags=CENTRE, on=colour
                )
            x += w
        x = rect.right() - sum(nets)
        for (_name, figures), w in zip(panel.nets, nets):
            pct, suppressed = figures[r]  # rows are the panel's first ones
            box = QRectF(x, y + bar_h * 0.08, w, bar_h * 0.84)
            out.text(MIN_PX, box, _pct(pct, suppressed), bold=True, flags=RIGHT)
            x += w
        y += bar_h + gap


def _draw_table(out: SlideLayout, table: Table, rect: QRectF) -> None:
    columns = list(table.columns)[:7]
    rows = [r for r in table.rows if r.kind in ("code", "net")]
    lh = line_height(MIN_PX) * 1.25
    first = rect.width() * (0.42 if len(columns) > 1 else 0.6)
    cw = (rect.width() - first) / len(columns)
    header_h = max(text_height(column_heading(c), MIN_PX, cw - 8, True) for c in columns) + 8
    out.text(BODY_PX, QRectF(rect.left(), rect.top(), first, header_h), table.label, bold=True)
    y = rect.top()
    for j, column in enumerate(columns):
        out.text(
            MIN_PX,
            QRectF(rect.left() + first + j * cw, y, cw - 8, header_h),
            column_heading(column),
            bold=True,
            flags=RIGHT | WRAP,
        )
    y += header_h
    for row in rows:
        out.items.append(BoxItem(QRectF(rect.left(), y, rect.width(), 1.5), RULE))
        out.text(MIN_PX, QRectF(rect.left(), y, first, lh), row.label, flags=LEFT)
        for j, cell in enumerate(row.cells[: len(columns)]):
            out.text(
                MIN_PX,
                QRectF(rect.left() + first + j * cw, y, cw - 8, lh),
                with_letters(_pct(cell.percent, cell.suppressed), cell),
                bold=row.kind == "net",
                flags=RIGHT,
            )
        y += lh
        if y + lh > rect.bottom():
            break


def _draw_chart(out: SlideLayout, content: SlideContent, rect: QRectF) -> None:
    if content.problem or not content.tables:
        message = content.problem or "This slide charts no survey question."
        out.text(BODY_PX, rect, message, italic=True, colour=MUTED)
        return
    if all(t.empty for t in content.tables):  # nobody matches: words, not empty bars
        out.text(BODY_PX, rect, f"{NO_RESPONDENTS}.", italic=True, colour=MUTED)
        return
    if content.layout == "table":
        _draw_table(out, content.tables[0], rect)
        return
    panels = panels_for(content.tables, content.multi)

    def height_of(panel, tight: bool) -> float:
        if isinstance(panel, Table):
            return _bars_height(panel, rect.width(), tight)
        return _stacked_height(panel, rect.width(), tight)

    gaps = 20 * (len(panels) - 1)
    want = [height_of(p, False) for p in panels]
    tight = sum(want) + gaps > rect.height()
    least = [_least_height(p, rect.width()) for p in panels]
    spare = rect.height() - gaps - sum(least)
    if tight and spare >= 0:  # the content chose rows that fit: share out what is left over
        give = [max(w - s, 0.0) for w, s in zip(want, least)]
        share = spare / sum(give) if sum(give) else 0.0
        heights = [s + g * min(share, 1.0) for s, g in zip(least, give)]
    else:
        heights = [height_of(p, tight) for p in panels]
    names = [p.label if isinstance(p, Table) else (p.title or p.question) for p in panels]
    bottom = rect.bottom()
    if len(panels) > 1 and sum(heights) + gaps > rect.height() + 0.5:
        # a safety net: room for the note naming what is left out, however much that is
        longest = f"Not shown here for space (see the table export): {'; '.join(names[1:])}"
        bottom -= text_height(longest, MIN_PX, rect.width()) + 12
    y = rect.top()
    left_out = []
    for k, (panel, height) in enumerate(zip(panels, heights)):
        if k and y + height > bottom + 0.5:
            left_out.append(names[k])
            out.left_out += panel.question.split("+")
            continue
        area = QRectF(rect.left(), y, rect.width(), min(height, bottom - y))
        if len(panels) == 1:
            area = QRectF(rect)
        if isinstance(panel, Table):
            _draw_bars(out, panel, area, tight)
        else:
            _draw_stacked(out, panel, area, tight)
        y += height + 20
    if left_out:
        note = f"Not shown here for space (see the table export): {'; '.join(left_out)}"
        h = text_height(note, MIN_PX, rect.width()) + 4
        out.text(
            MIN_PX,
            QRectF(rect.left(), rect.bottom() - h, rect.width(), h),
            note,
            italic=True,
            colour=MUTED,
        )
