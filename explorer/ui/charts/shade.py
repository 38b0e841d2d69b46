"""Shading a table cell by its value and inking it to read: a colour laid over the background,
and black or white text by WCAG contrast (the breakdown grid and the evidence matrix)."""

from __future__ import annotations

from PySide6.QtGui import QColor


def blend(colour: str, base: str, amount: float) -> QColor:
    """`colour` laid over `base` at `amount` (0–1)."""
    a, b = QColor(colour), QColor(base)
    return QColor(
        round(b.red() + (a.red() - b.red()) * amount),
        round(b.green() + (a.green() - b.green()) * amount),
        round(b.blue() + (a.blue() - b.blue()) * amount),
    )


def luminance(c: QColor) -> float:
    def channel(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ink_for(fill: QColor) -> QColor:
    """Black or white, whichever reads better on `fill` (WCAG contrast)."""
    black, white = QColor("#000000"), QColor("#FFFFFF")
    return black if contrast(fill, black) >= contrast(fill, white) else white
