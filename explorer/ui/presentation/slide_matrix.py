"""A matrix slide drawn: the evidence matrix as a grid (themes down, groups across, each cell the
survey figure with its interval and base over the focus groups' count), or one row of it with
each group's summary and exemplar quote. Everything drawn comes from the SlideContent; rows that
do not fit are named, never squeezed under the caption.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

from explorer.core.evidence.captions import cell_words, qual_words, survey_words
from explorer.core.evidence.matrix import EvidenceMatrix
from explorer.core.slides.content import SlideContent
from explorer.ui.presentation.slide_items import (
    BODY_PX,
    CENTRE,
    MIN_PX,
    MUTED,
    RULE,
    WRAP,
    BoxItem,
    SlideLayout,
    clamp_lines,
    line_height,
    text_height,
    text_width,
)

TAGS = {"confirms": "✓ confirms", "expands": "+ expands", "diverges": "≠ diverges"}
GAP = 10.0


def _voice(e, width: float, lines: int) -> str:
    """The exemplar and who said it in `lines` lines: the quote is shortened (with "…"), never
    its attribution, so no words are shown without their speaker."""
    who = f" — {e.attribution}"
    limit = line_height(MIN_PX) * lines + 1
    if text_height(f"“{e.text}”{who}", MIN_PX, width) <= limit:
        return f"“{e.text}”{who}"
    words = e.text.split()
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_height(f"“{' '.join(words[:mid])}…”{who}", MIN_PX, width) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return (
        f"“{' '.join(words[:lo])}…”{who}" if lo else clamp_lines(who.strip(), MIN_PX, width, lines)
    )


def _row_label(content: SlideContent, m: EvidenceMatrix, i: int) -> str:
    row = m.rows[i]
    answer = row.cells[0].survey.answer if row.cells and row.cells[0].survey else ""
    tag = content.evidence.tag(m.by, row.theme.id) if content.evidence else None
    extra = " · ".join(x for x in (answer, TAGS[tag.tag] if tag else "") if x)
    return f"{row.theme.label}\n{extra}" if extra else row.theme.label


def draw_matrix(out: SlideLayout, content: SlideContent, rect: QRectF) -> None:
    m = content.matrix
    if content.problem or m is None or not m.rows or not m.groups:
        message = content.problem or "The matrix has no rows or groups under this filter."
        out.text(BODY_PX, rect, message, italic=True, colour=MUTED)
        return
    if content.matrix_row is not None and len(m.rows) == 1:
        _draw_row(out, content, m, rect)
    else:
        _draw_grid(out, content, m, rect)


def _head(out: SlideLayout, m: EvidenceMatrix, rect: QRectF, first: float, cw: float) -> float:
    labels = [g.label for g in m.groups]
    h = max(text_height(t, MIN_PX, cw - GAP, True) for t in labels) + 6
    for j, label in enumerate(labels):
        box = QRectF(rect.left() + first + j * cw, rect.top(), cw - GAP, h)
        out.text(MIN_PX, box, label, bold=True, flags=CENTRE | WRAP)
    return rect.top() + h


def _draw_grid(out: SlideLayout, content: SlideContent, m: EvidenceMatrix, rect: QRectF) -> None:
    first = min(rect.width() * 0.24, 440.0)
    cw = (rect.width() - first) / len(m.groups)
    y = _head(out, m, rect, first, cw)
    labels = [_row_label(content, m, i) for i in range(len(m.rows))]
    texts = [[cell_words(c) for c in row.cells] for row in m.rows]
    heights = [
        max([text_height(labels[i], MIN_PX, first - GAP)]
            + [text_height(t, MIN_PX, cw - GAP) for t in texts[i]]) + 14
        for i in range(len(m.rows))
    ]  # fmt: skip
    note_h = line_height(MIN_PX) * 2 + 6
    shown = len(m.rows)
    while (
        shown and y + sum(heights[:shown]) + (note_h if shown < len(m.rows) else 0) > rect.bottom()
    ):
        shown -= 1
    for i in range(shown):
        out.items.append(BoxItem(QRectF(rect.left(), y, rect.width(), 1.5), RULE))
        out.text(MIN_PX, QRectF(rect.left(), y + 7, first - GAP, heights[i] - 7), labels[i])
        for j, text in enumerate(texts[i]):
            box = QRectF(rect.left() + first + j * cw, y + 7, cw - GAP, heights[i] - 7)
            out.text(MIN_PX, box, text, flags=CENTRE | WRAP)
        y += heights[i]
    if shown < len(m.rows):
        left = ", ".join(r.theme.label for r in m.rows[shown:])
        note = f"Left out for lack of room (see the spreadsheet export): {left}"
        note = clamp_lines(note, MIN_PX, rect.width(), 2, italic=True)
        out.text(
            MIN_PX,
            QRectF(rect.left(), y + 6, rect.width(), note_h),
            note,
            italic=True,
            colour=MUTED,
        )


def _draw_row(out: SlideLayout, content: SlideContent, m: EvidenceMatrix, rect: QRectF) -> None:
    """One theme, the groups down the slide: the survey figure, the focus-group count, the
    analyst's summary and an exemplar quote with its attribution."""
    row = m.rows[0]
    notes = content.evidence
    tag = notes.tag(m.by, row.theme.id) if notes else None
    answer = row.cells[0].survey.answer if row.cells[0].survey else ""
    words = f"Survey: {answer}" if answer else ""
    if tag is not None:
        words += (
            (" · " if words else "") + TAGS[tag.tag] + (f": {tag.reason}" if tag.reason else "")
        )
    y = rect.top()
    if words:
        words = clamp_lines(words, MIN_PX, rect.width(), 1, bold=True)
        h = text_height(words, MIN_PX, rect.width(), bold=True)
        out.text(MIN_PX, QRectF(rect.left(), y, rect.width(), h + 2), words, bold=True)
        y += h + GAP
    summaries = [notes.summary(m.by, row.theme.id, c.group.key) if notes else "" for c in row.cells]
    # the group, its figure and base, and its count are never shortened: they get the width
    # their longest line needs; the analyst's summary and the quote share what is left
    fixed = [
        [m.by_label, *(c.group.label for c in row.cells)],
        ["Survey", *(line for c in row.cells for line in survey_words(c))],
        ["Focus groups", *(x for c in row.cells for x in qual_words(c, long=True).split("\n"))],
    ]
    # text is laid out in 96% of its box (slide_items.SlideLayout.text)
    widths = [max(text_width(t, MIN_PX, bold=True) for t in texts) / 0.96 + GAP for texts in fixed]
    rest = max(rect.width() - sum(widths), 0.0)
    shares = [(m.by_label, 0), ("Survey", 0), ("Focus groups", 0)]
    if any(summaries):
        shares.append(("Analyst", 0))
        widths.append(rest * 0.4)
    voices = any(c.exemplar for c in row.cells)  # none in a pack without quotes
    if voices:
        shares.append(("Voices", 0))
        widths.append(rect.width() - sum(widths))
    elif any(summaries):
        widths[-1] = rect.width() - sum(widths[:-1])
    xs = [rect.left() + sum(widths[:k]) for k in range(len(widths))]
    head = max(text_height(label, MIN_PX, w - GAP, True) for (label, _w), w in zip(shares, widths))
    for (label, _w), x, w in zip(shares, xs, widths):
        out.text(MIN_PX, QRectF(x, y, w - GAP, head + 2), label, bold=True)
    y += head + 6
    lh = line_height(MIN_PX)
    lines = max(2, int(((rect.bottom() - y) / len(row.cells) - 8) // lh))
    fits = int((rect.bottom() - y) // (lh * lines + 8))
    cells = list(zip(row.cells, summaries))
    if fits < len(cells):  # the groups that do not fit are named, not squeezed
        fits = max(fits - 1, 0)
        left = ", ".join(c.group.label for c, _s in cells[fits:])
        note = clamp_lines(f"Left out for lack of room: {left}", MIN_PX, rect.width(), 1)
        out.text(
            MIN_PX,
            QRectF(rect.left(), rect.bottom() - lh - 2, rect.width(), lh + 2),
            note,
            italic=True,
            colour=MUTED,
        )
        cells = cells[:fits]
    for cell, summary in cells:
        out.items.append(BoxItem(QRectF(rect.left(), y, rect.width(), 1.5), RULE))
        e = cell.exemplar
        voice = _voice(e, widths[-1] - GAP, lines) if e else "No passage."
        texts = [cell.group.label, "\n".join(survey_words(cell)), qual_words(cell, long=True)]
        texts += [summary] if any(summaries) else []
        texts += [voice] if voices else []
        for k, (text, x, w) in enumerate(zip(texts, xs, widths)):
            text = clamp_lines(text, MIN_PX, w - GAP, lines, bold=k == 0)
            out.text(MIN_PX, QRectF(x, y + 4, w - GAP, lh * lines + 2), text, bold=k == 0)
        y += lh * lines + 8
