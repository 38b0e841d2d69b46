"""The painted grid of a breakdown (BreakdownGrid in breakdown_grid.py): its layout, painting and
the mouse and keyboard on its rows.

Painted by hand (QPainter) so that every value and letter is laid out to fit the width it gets:
the figures' and headings' fonts step down until they fit, headings wrap between words, so up to
10 groups × 8 answers stay legible at 1366×768 in all three themes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from explorer.ui import theme
from explorer.ui.charts.bars import adds
from explorer.ui.charts.shade import blend, ink_for

if TYPE_CHECKING:
    from explorer.ui.charts.breakdown_grid import BreakdownGrid

PAD = 4


class BreakdownCanvas(QWidget):
    """The painted grid of a BreakdownGrid (its `grid`): it reads the owner's table, rows, shown
    columns and selection, and emits the owner's answerClicked."""

    def __init__(self, owner: BreakdownGrid) -> None:
        super().__init__(owner)
        self.owner = owner
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.cursor_row = -1

    def sizeHint(self) -> QSize:
        return QSize(400, max(self.needed_height(), 120))

    def minimumSizeHint(self) -> QSize:
        # as tall as its rows need (the scroll area shows the rest), never wider than asked
        return QSize(200, max(self.needed_height(), 120))

    def refit(self) -> None:
        self.setMinimumHeight(max(self.needed_height(), 120))
        self.updateGeometry()
        self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        needed = max(self.needed_height(), 120)
        if needed != self.minimumHeight():  # narrower: wrapped heads and labels grow taller
            self.setMinimumHeight(needed)

    # --- layout ------------------------------------------------------------------------------
    def geometry_(self):
        """(label width, column width, header height, row height, fonts) for the current size:
        the figures' font steps down (not below 8 pt) until the widest figure fits a column."""
        t = theme.current()
        owner = self.owner
        n = max(len(owner.columns), 1)
        label_font = theme.font(t.label_size)
        fm = QFontMetrics(label_font)
        widest = max([fm.horizontalAdvance(b.row.label) for b in owner.rows] + [40])
        label_w = min(widest + 2 * PAD, max(int(self.width() * 0.2), 90))
        col_w = max((self.width() - label_w) / n, 1.0)
        small = self._small_font(col_w)
        values = [owner.cell_text(i, j)[0] for i in range(len(owner.rows)) for j in owner.columns]
        size = t.label_size + 1
        value_font = theme.font(size, bold=True)
        while (
            size > 8
            and max([QFontMetrics(value_font).horizontalAdvance(v) for v in values] + [0])
            > col_w - 2 * PAD
        ):
            size -= 1
            value_font = theme.font(size, bold=True)
        heads = [self._head_lines(j, col_w) for j in owner.columns]
        head_h = max(len(lines) for lines in heads) * QFontMetrics(small).height() + 2 * PAD
        letter_lines = max(
            [len(self.letter_lines(owner.cell_text(i, j)[1], col_w, small))
             for i in range(len(owner.rows)) for j in owner.columns] + [1]
        )  # fmt: skip
        label_lines = max(
            [len(self._wrap(b.row.label, label_w - 2 * PAD, label_font)) for b in owner.rows] + [1]
        )
        row_h = (
            max(
                QFontMetrics(value_font).height() + letter_lines * QFontMetrics(small).height(),
                label_lines * fm.height(),
            )
            + 2 * PAD
        )
        return label_w, col_w, head_h, row_h, value_font, small, label_font

    @staticmethod
    def letter_lines(letters: str, width: float, font) -> list[str]:
        """Significance letters in lines that fit `width` (each letter measured as the widest)."""
        if not letters:
            return []
        fm = QFontMetrics(font)
        each = max(fm.horizontalAdvance(c) for c in letters)
        per_line = max(1, int((width - 2 * PAD) // each))
        return [letters[k : k + per_line] for k in range(0, len(letters), per_line)]

    def _head_texts(self, j: int) -> tuple[str, str]:
        col = self.owner.table.columns[j]
        name = col.label if not col.letter else f"{col.letter}: {col.label}"
        return name, f"n={col.unweighted_base:,}{' ⚠' if col.low_base else ''}"

    def _small_font(self, width: float):
        """The headings' and letters' font: a point below the labels', stepping down (at most
        three points, not below 8 pt: it must stay readable) until every word of every column
        heading fits its column whole ("Conservative", "n=1,050"), so that headings wrap between
        words; a word still too long is hyphenated (_wrap)."""
        size = max(theme.current().label_size - 1, 7)
        floor = max(theme.current().label_size - 3, 8)
        words = [
            word
            for j in self.owner.columns
            for text in self._head_texts(j)
            for word in text.replace(" ⚠", "").split()
        ]
        while size > floor:
            fm = QFontMetrics(theme.font(size))
            if max([fm.horizontalAdvance(w) for w in words] + [0]) <= width - 2 * PAD:
                break
            size -= 1
        return theme.font(size)

    def _head_lines(self, j: int, width: float) -> list[str]:
        small = self._small_font(width)
        name, base = self._head_texts(j)
        return self._wrap(name, width - 2 * PAD, small) + self._wrap(base, width - 2 * PAD, small)

    @staticmethod
    def _wrap(text: str, width: float, font) -> list[str]:
        """Words wrapped to `width`; a word longer than a line is broken with a hyphen, never
        dropped."""
        fm = QFontMetrics(font)
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if fm.horizontalAdvance(trial) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
            while fm.horizontalAdvance(line) > width and len(line) > 1:
                cut = len(line)
                while cut > 1 and fm.horizontalAdvance(line[:cut] + "-") > width:
                    cut -= 1
                lines.append(line[:cut] + "-")
                line = line[cut:]
        if line:
            lines.append(line)
        return lines or [""]

    def needed_height(self) -> int:
        if self.owner.table is None:
            return 0
        _lw, _cw, head_h, row_h, *_ = self.geometry_()
        return int(head_h + row_h * len(self.owner.rows)) + 2

    # --- painting ----------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        owner = self.owner
        t = theme.current()
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(t.base))
        if owner.table is None:
            return
        label_w, col_w, head_h, row_h, value_font, small, label_font = self.geometry_()
        # squeeze rows to the height available (scrolling is the caller's fallback)
        painter.setPen(QColor(t.text))
        painter.setFont(small)
        sh = QFontMetrics(small).height()
        for k, j in enumerate(owner.columns):
            x = label_w + k * col_w
            for m, line in enumerate(self._head_lines(j, col_w)):
                rect = QRectF(x + PAD, PAD + m * sh, col_w - 2 * PAD, sh)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, line)
        grid_pen = QPen(QColor(t.grid))
        accent = t.bar
        for i, bar in enumerate(owner.rows):
            y = head_h + i * row_h
            chosen = bool(bar.codes) and set(bar.codes) <= owner.selected
            dim = bool(owner.selected) and not chosen
            painter.setFont(label_font)
            painter.setPen(QColor(t.text))
            lines = self._wrap(bar.row.label, label_w - 2 * PAD, label_font)
            lh = QFontMetrics(label_font).height()
            top = y + (row_h - lh * len(lines)) / 2
            for m, line in enumerate(lines):
                painter.drawText(
                    QRectF(PAD, top + m * lh, label_w - 2 * PAD, lh),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    line + (" ✓" if chosen and m == len(lines) - 1 else ""),
                )
            for k, j in enumerate(owner.columns):
                x = label_w + k * col_w
                cell = bar.row.cells[j]
                pct = cell.percent if cell.percent is not None and not cell.suppressed else 0.0
                amount = 0.08 + 0.62 * min(pct, 100.0) / 100.0 if pct else 0.0
                fill = blend(accent, t.base, amount * (0.45 if dim else 1.0))
                rect = QRectF(x + 1, y + 1, col_w - 2, row_h - 2)
                painter.fillRect(rect, fill)
                ink = ink_for(fill)
                value, letters = owner.cell_text(i, j)
                painter.setPen(ink)
                painter.setFont(value_font)
                vh = QFontMetrics(value_font).height()
                painter.drawText(
                    QRectF(x + PAD, y + PAD, col_w - 2 * PAD, vh),
                    Qt.AlignmentFlag.AlignCenter,
                    value,
                )
                painter.setFont(small)
                for m, line in enumerate(self.letter_lines(letters, col_w, small)):
                    painter.drawText(
                        QRectF(x + PAD, y + PAD + vh + m * sh, col_w - 2 * PAD, sh),
                        Qt.AlignmentFlag.AlignCenter,
                        line,
                    )
            painter.setPen(grid_pen)
            painter.drawLine(0, int(y + row_h), int(self.width()), int(y + row_h))
            if chosen or i == self.cursor_row:
                pen = QPen(QColor(t.selected if chosen else t.text), 2)
                if not chosen:
                    pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawRect(QRectF(1, y + 1, self.width() - 2, row_h - 2))
        # the total column stands apart from the groups
        painter.setPen(QPen(QColor(t.text), 1))
        painter.drawLine(
            int(label_w + col_w), 0, int(label_w + col_w), int(head_h + row_h * len(owner.rows))
        )
        painter.end()

    # --- interaction -------------------------------------------------------------------------
    def row_at(self, y: float) -> int | None:
        if self.owner.table is None:
            return None
        _lw, _cw, head_h, row_h, *_ = self.geometry_()
        i = int((y - head_h) // row_h)
        return i if y >= head_h and 0 <= i < len(self.owner.rows) else None

    def row_point(self, i: int):
        """The middle of row `i`'s label (for a test's mouse click)."""
        from PySide6.QtCore import QPoint

        label_w, _cw, head_h, row_h, *_ = self.geometry_()
        return QPoint(int(label_w / 2), int(head_h + row_h * i + row_h / 2))

    def mousePressEvent(self, event) -> None:
        i = self.row_at(event.position().y())
        owner = self.owner
        if i is not None and owner.rows[i].codes:
            owner.answerClicked.emit(
                owner.table.question, tuple(owner.rows[i].codes), adds(event.modifiers())
            )

    def mouseMoveEvent(self, event) -> None:
        i = self.row_at(event.position().y())
        if i is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.owner.hover_text(i), self)

    def keyPressEvent(self, event) -> None:
        """Up/Down move between answers; Enter/Space filter by one (Ctrl/Shift adds)."""
        owner = self.owner
        key = event.key()
        if owner.rows and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            self.cursor_row = max(0, min(len(owner.rows) - 1, self.cursor_row + step))
            self.setToolTip(owner.hover_text(self.cursor_row))
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if 0 <= self.cursor_row < len(owner.rows) and owner.rows[self.cursor_row].codes:
                codes = tuple(owner.rows[self.cursor_row].codes)
                owner.answerClicked.emit(owner.table.question, codes, adds(event.modifiers()))
            return
        super().keyPressEvent(event)
