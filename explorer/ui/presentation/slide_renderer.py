"""Draws a slide for projection with QPainter: a display list laid out on a 1920×1080 canvas
(large type, thick bars, marking top and bottom, base/filter caption, illustrative notice), then
painted scaled onto any device (a widget, a PNG, a PDF page or an SVG).

Laying out first and painting second lets tests walk every text item and bar of a slide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from explorer.core.captions import NO_RESPONDENTS
from explorer.core.slides.content import SlideContent
from explorer.core.survey.formatting import format_percent
from explorer.core.survey.table import Table
from explorer.ui import theme

W, H = 1920.0, 1080.0
# 20 pt at 1080p: a 1080-pixel-high screen at the standard 96 dpi gives 20 pt = 26.7 px.
MIN_PX = 27
MARK_PX, TITLE_PX, TAKEAWAY_PX, BODY_PX, QUOTE_PX = 28, 52, 34, 28, 30
M = 56.0  # side margin
BAND = 50.0  # marking band, top and bottom
INK, MUTED, PAPER, RULE = "#111111", "#333333", "#FFFFFF", "#BBBBBB"
BAR, NET = "#0072B2", "#E69F00"
# A 5-point scale reads blue (agree/support/trust) through grey to orange; "Don't know" dark grey.
STACK = ("#0072B2", "#56B4E9", "#C8C8C8", "#E69F00", "#D55E00", "#6E6E6E", "#009E73", "#CC79A7")
WRAP = int(Qt.TextFlag.TextWordWrap)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TOP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


@dataclass
class TextItem:
    rect: QRectF
    text: str
    px: int
    bold: bool = False
    italic: bool = False
    colour: str = INK
    flags: int = TOP_LEFT | WRAP


@dataclass
class BoxItem:
    rect: QRectF
    fill: str
    hatched: bool = False
    outline: str | None = None
    value: float | None = None  # the percent a bar shows (None: hidden or no base)
    key: tuple = ()  # (question, column label, row label) for a bar


@dataclass
class SlideLayout:
    items: list = field(default_factory=list)

    @property
    def texts(self) -> list[TextItem]:
        return [i for i in self.items if isinstance(i, TextItem)]

    @property
    def bars(self) -> list[BoxItem]:
        return [i for i in self.items if isinstance(i, BoxItem) and i.key]

    def text(self, px: int, rect: QRectF, text: str, **kw) -> TextItem:
        rect = QRectF(rect)
        flags = kw.get("flags", TOP_LEFT | WRAP)
        if flags & WRAP:  # the width text_height() measured with
            if flags & int(Qt.AlignmentFlag.AlignRight):
                rect.setLeft(rect.left() + rect.width() * 0.04)
            else:
                rect.setWidth(rect.width() * 0.96)
        item = TextItem(rect, text, max(px, MIN_PX), **kw)
        self.items.append(item)
        return item


_fonts_loaded = False


def _font(px: int, bold: bool = False, italic: bool = False) -> QFont:
    global _fonts_loaded
    if not _fonts_loaded:
        theme.load_fonts()
        _fonts_loaded = True
    font = QFont(theme.FONT_FAMILY)
    font.setPixelSize(px)
    font.setBold(bold)
    font.setItalic(italic)
    return font


def text_height(
    text: str, px: int, width: float, bold: bool = False, italic: bool = False
) -> float:
    metrics = QFontMetricsF(_font(px, bold, italic))
    # a little slack: hinting makes the same text a touch wider on some devices
    box = metrics.boundingRect(QRectF(0, 0, width * 0.96, 1e6), WRAP | TOP_LEFT, text)
    return box.height()


def text_width(text: str, px: int, bold: bool = False) -> float:
    return QFontMetricsF(_font(px, bold)).horizontalAdvance(text) * 1.04


def line_height(px: int) -> float:
    return QFontMetricsF(_font(px)).lineSpacing()


def _fit(text: str, width: float, sizes: tuple[int, ...], max_lines: int, bold=False) -> tuple:
    """The largest size in `sizes` at which `text` wraps into `max_lines` lines (else the last)."""
    for px in sizes:
        h = text_height(text, px, width, bold)
        if h <= line_height(px) * max_lines + 1:
            return px, h
    return sizes[-1], text_height(text, sizes[-1], width, bold)


def _pct(value: float | None, suppressed: bool) -> str:
    text = format_percent(value, suppressed=suppressed)
    return f"{text}%" if text[:1].isdigit() else text


def _ink_on(fill: str) -> str:
    c = QColor(fill)
    luminance = 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF()
    return INK if luminance > 0.45 else PAPER


# --- panels ----------------------------------------------------------------------------------
@dataclass
class _Stacked:
    title: str
    question: str
    categories: list[str]
    rows: list[tuple[str, list[tuple[float | None, bool]]]]  # (label, [(percent, suppressed)])


def _code_rows(table: Table):
    return [r for r in table.rows if r.kind == "code"]


def _stacked_for_breakdown(table: Table) -> _Stacked:
    rows = []
    for i, column in enumerate(table.columns):
        label = "All respondents" if column.key == "all" else column.label
        cells = [(r.cells[i].percent, r.cells[i].suppressed) for r in _code_rows(table)]
        rows.append((label, cells))
    return _Stacked(table.label, table.question, [r.label for r in _code_rows(table)], rows)


def panels_for(tables: tuple[Table, ...], multi: frozenset[str]) -> list:
    """Bars for one question; stacked rows for a breakdown or for questions sharing answers."""
    if len(tables) == 1 and not tables[0].by:
        return [tables[0]]
    panels: list = []
    groups: dict[tuple[str, ...], list[Table]] = {}
    for table in tables:
        if table.question in multi:
            panels.append(table)
        elif table.by and len(table.columns) > 1:
            panels.append(_stacked_for_breakdown(table))
        else:
            key = tuple(r.label for r in _code_rows(table))
            if key not in groups:
                groups[key] = []
                panels.append(key)
            groups[key].append(table)
    out = []
    for panel in panels:
        if isinstance(panel, tuple):
            group = groups[panel]
            rows = [
                (t.label, [(r.cells[0].percent, r.cells[0].suppressed) for r in _code_rows(t)])
                for t in group
            ]
            title = "" if len(group) > 1 else group[0].label
            out.append(_Stacked(title, "+".join(t.question for t in group), list(panel), rows))
            if len(group) == 1:
                out[-1].rows = [("All respondents", rows[0][1])]
        else:
            out.append(panel)
    return out


def _bars_height(table: Table, width: float, tight: bool = False) -> float:
    rows = [r for r in table.rows if r.kind != "score"]
    return line_height(BODY_PX) * (1.15 if tight else 1.5) * len(rows) + line_height(BODY_PX) * 1.2


def _legend_lines(categories: list[str], width: float) -> list[list[tuple[int, str, float]]]:
    lines: list[list[tuple[int, str, float]]] = [[]]
    x = 0.0
    for i, label in enumerate(categories):
        w = 40 + text_width(label, MIN_PX) + 30
        if x + w > width and lines[-1]:
            lines.append([])
            x = 0.0
        lines[-1].append((i, label, w))
        x += w
    return lines


def _labels_above(panel: _Stacked, width: float) -> bool:
    """Long labels (question wordings) go above their bar, so the bar keeps the full width."""
    return any(text_width(label, MIN_PX) > width * 0.3 for label, _ in panel.rows)


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


def _stacked_head(panel: _Stacked, width: float) -> float:
    lh = line_height(MIN_PX)
    title = text_height(panel.title, BODY_PX, width, True) + 8 if panel.title else 0
    return title + len(_legend_lines(panel.categories, width)) * lh * 1.2 + 8


def _stacked_height(panel: _Stacked, width: float, tight: bool = False) -> float:
    rows = sum(a + b + 8 for a, b in _row_heights(panel, width, tight))
    return _stacked_head(panel, width) + rows


def _draw_bars(out: SlideLayout, table: Table, rect: QRectF, tight: bool = False) -> None:
    rows = [r for r in table.rows if r.kind != "score"]
    lh = line_height(BODY_PX)
    y = rect.top()
    if rows:
        row_h = min(80.0, max(lh * (1.1 if tight else 1.3), rect.height() / len(rows)))
    label_w = min(rect.width() * 0.42, max(text_width(r.label, BODY_PX) for r in rows) + 12)
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
    for line in _legend_lines(panel.categories, rect.width()):
        x = rect.left()
        for i, label, w in line:
            colour = STACK[i % len(STACK)]
            out.items.append(BoxItem(QRectF(x, y + lh * 0.15, 28, 28), colour, outline=INK))
            out.text(MIN_PX, QRectF(x + 36, y, w - 36, lh * 1.2), label, flags=LEFT)
            x += w
        y += lh * 1.2
    y += 8
    above = _labels_above(panel, rect.width())
    heights = _row_heights(panel, rect.width(), tight)
    natural = sum(a + b + 8 for a, b in heights)
    grow = max(0.0, rect.bottom() - y - natural) / max(len(heights), 1)
    label_w = 0.0 if above else rect.width() * 0.3
    x0 = rect.left() + (0 if above else label_w + 12)
    span = rect.right() - x0
    for (label, cells), (label_h, bar_h) in zip(panel.rows, heights):
        bar_h = min(bar_h + grow, max(bar_h, 90.0))
        if above:
            out.text(MIN_PX, QRectF(rect.left(), y, rect.width(), label_h), label)
            y += label_h
        else:
            out.text(MIN_PX, QRectF(rect.left(), y, label_w, bar_h), label, flags=RIGHT | WRAP)
        total = sum(p for p, s in cells if p is not None and not s)
        if not total:
            out.text(
                MIN_PX,
                QRectF(x0, y, span, bar_h),
                "[c] too few respondents to show",
                italic=True,
                colour=MUTED,
                flags=LEFT,
            )
        x = x0
        for i, (pct, suppressed) in enumerate(cells):
            shown = pct if pct is not None and not suppressed else 0.0
            w = span * shown / max(total, 100.0)
            colour = STACK[i % len(STACK)]
            box = QRectF(x, y + bar_h * 0.08, w, bar_h * 0.84)
            out.items.append(
                BoxItem(
                    box,
                    colour,
                    outline=PAPER,
                    value=pct,
                    key=(panel.question, label, panel.categories[i]),
                )
            )
            text = _pct(pct, suppressed)
            if w >= text_width(text, MIN_PX, True) + 8:
                out.text(MIN_PX, box, text, bold=True, colour=_ink_on(colour), flags=CENTRE)
            x += w
        y += bar_h + 8


def _draw_table(out: SlideLayout, table: Table, rect: QRectF) -> None:
    columns = list(table.columns)[:7]
    rows = [r for r in table.rows if r.kind in ("code", "net")]
    lh = line_height(MIN_PX) * 1.25
    first = rect.width() * (0.42 if len(columns) > 1 else 0.6)
    cw = (rect.width() - first) / len(columns)
    header_h = max(text_height(c.label, MIN_PX, cw - 8, True) for c in columns) + 8
    out.text(BODY_PX, QRectF(rect.left(), rect.top(), first, header_h), table.label, bold=True)
    y = rect.top()
    for j, column in enumerate(columns):
        out.text(
            MIN_PX,
            QRectF(rect.left() + first + j * cw, y, cw - 8, header_h),
            column.label,
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
                _pct(cell.percent, cell.suppressed),
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
    tight = sum(height_of(p, False) for p in panels) + gaps > rect.height()
    note_h = line_height(MIN_PX) * 2 + 12  # room kept for the "not shown for space" note
    y = rect.top()
    left_out = []
    for k, panel in enumerate(panels):
        height = height_of(panel, tight)
        if k and y + height > rect.bottom() - note_h:
            left_out.append(
                panel.title or panel.question if not isinstance(panel, Table) else panel.label
            )
            continue
        area = QRectF(rect.left(), y, rect.width(), min(height, rect.bottom() - y))
        if len(panels) == 1:
            area = QRectF(rect)
        if isinstance(panel, Table):
            _draw_bars(out, panel, area, tight)
        else:
            _draw_stacked(out, panel, area, tight)
        y += height + 20
    if left_out:
        note = f"Not shown here for space (see the table export): {'; '.join(left_out)}"
        out.text(
            MIN_PX,
            QRectF(rect.left(), y, rect.width(), text_height(note, MIN_PX, rect.width()) + 4),
            note,
            italic=True,
            colour=MUTED,
        )


def _draw_quotes(out: SlideLayout, content: SlideContent, rect: QRectF) -> None:
    quotes = content.quotes
    if not quotes:
        out.text(BODY_PX, rect, content.no_quotes_text, italic=True, colour=MUTED)
        return
    y = rect.top()
    shown = 0
    for text, who in quotes:
        body = f"“{text.strip()}”"
        h = text_height(body, QUOTE_PX, rect.width() - 24, italic=True)
        a = text_height(f"— {who}", MIN_PX, rect.width() - 24) if who else 0
        if shown and y + h + a > rect.bottom():
            break
        out.items.append(BoxItem(QRectF(rect.left(), y, 8, h + a), BAR))
        out.text(QUOTE_PX, QRectF(rect.left() + 24, y, rect.width() - 24, h + 4), body, italic=True)
        if who:
            out.text(
                MIN_PX,
                QRectF(rect.left() + 24, y + h + 4, rect.width() - 24, a + 4),
                f"— {who}",
                colour=MUTED,
            )
        y += h + a + 36
        shown += 1
    if shown < len(quotes) and y + line_height(MIN_PX) <= rect.bottom() + 8:
        more = len(quotes) - shown
        out.text(
            MIN_PX,
            QRectF(rect.left(), y, rect.width(), line_height(MIN_PX) + 4),
            f"+{more} more quote{'s' if more > 1 else ''}, not shown for space",
            italic=True,
            colour=MUTED,
        )


# --- the slide -------------------------------------------------------------------------------
def caption_lines(content: SlideContent) -> list[str]:
    return content.caption_lines


def layout_slide(content: SlideContent) -> SlideLayout:
    """Every text and box of the slide on the 1920×1080 canvas."""
    out = SlideLayout()
    band = "#1A1A1A" if content.marking.startswith("OFFICIAL-SENSITIVE") else "#2B2B2B"
    for y in (0.0, H - BAND):
        out.items.append(BoxItem(QRectF(0, y, W, BAND), band))
        out.text(
            MARK_PX, QRectF(0, y, W, BAND), content.marking, bold=True, colour=PAPER, flags=CENTRE
        )
    out.text(
        MIN_PX,
        QRectF(W - M - 200, H - BAND, 200, BAND),
        f"{content.number} / {content.total}",
        colour=PAPER,
        flags=RIGHT,
    )
    width = W - 2 * M
    y = BAND + 18
    px, h = _fit(content.title, width, (TITLE_PX, 46, 40), 2, bold=True)
    out.text(px, QRectF(M, y, width, h + 4), content.title, bold=True)
    y += h + 10
    if content.takeaway:
        px, h = _fit(content.takeaway, width, (TAKEAWAY_PX, 31, 28), 3)
        out.text(px, QRectF(M, y, width, h + 4), content.takeaway, colour=MUTED)
        y += h + 10
    out.items.append(BoxItem(QRectF(M, y, width, 3), RULE))
    y += 20
    lines = caption_lines(content)
    bold = content.emphasised_lines
    heights = [text_height(line, MIN_PX, width) for line in lines]
    cap_top = H - BAND - 14 - sum(heights) - 4 * (len(lines) - 1)
    out.items.append(BoxItem(QRectF(M, cap_top - 14, width, 2), RULE))
    cy = cap_top
    for line, h in zip(lines, heights):
        out.text(
            MIN_PX,
            QRectF(M, cy, width, h + 2),
            line,
            colour=MUTED,
            bold=line in bold,
        )
        cy += h + 4
    body = QRectF(M, y, width, cap_top - 30 - y)
    if content.layout in ("chart", "table"):
        _draw_chart(out, content, body)
    elif content.layout == "quotes":
        _draw_quotes(out, content, body)
    else:
        split = body.width() * 0.58
        _draw_chart(out, content, QRectF(body.left(), body.top(), split, body.height()))
        _draw_quotes(
            out,
            content,
            QRectF(body.left() + split + 48, body.top(), body.width() - split - 48, body.height()),
        )
    return out


def paint_layout(painter: QPainter, layout: SlideLayout, target: QRectF) -> None:
    """Paint `layout` scaled into `target` (keeps the 16:9 canvas; the caller sizes `target`)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.translate(target.topLeft())
    painter.scale(target.width() / W, target.height() / H)
    painter.fillRect(QRectF(0, 0, W, H), QColor(PAPER))
    for item in layout.items:
        if isinstance(item, BoxItem):
            painter.setPen(QPen(QColor(item.outline), 2) if item.outline else Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(item.fill)))
            painter.drawRect(item.rect)
            if item.hatched:
                painter.setBrush(QBrush(QColor(PAPER), Qt.BrushStyle.BDiagPattern))
                painter.drawRect(item.rect)
        else:
            painter.setFont(_font(item.px, item.bold, item.italic))
            painter.setPen(QColor(item.colour))
            painter.drawText(item.rect, item.flags, item.text)
    painter.restore()


def fit_16_9(rect: QRectF) -> QRectF:
    """The largest 16:9 rectangle centred in `rect` (letterboxed on other screen shapes)."""
    w = min(rect.width(), rect.height() * W / H)
    h = w * H / W
    return QRectF(rect.left() + (rect.width() - w) / 2, rect.top() + (rect.height() - h) / 2, w, h)


def paint_slide(painter: QPainter, content: SlideContent, target: QRectF) -> SlideLayout:
    layout = layout_slide(content)
    paint_layout(painter, layout, fit_16_9(target))
    return layout
