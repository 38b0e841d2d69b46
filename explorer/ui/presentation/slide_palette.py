"""Slide colours per theme: slides are laid out in the light colours, and painting maps each one
to the theme's (high contrast: white and bright colours on black, the marking band white).

Text drawn on a bar is re-inked for the mapped bar colour, so it stays readable in every theme.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

# light colour -> high-contrast colour; anything not listed is kept
HIGH_CONTRAST = {
    "#FFFFFF": "#000000",  # paper
    "#111111": "#FFFFFF",  # ink
    "#333333": "#FFFFFF",  # muted text
    "#BBBBBB": "#FFFFFF",  # rules
    "#1A1A1A": "#FFFFFF",  # marking band (OFFICIAL-SENSITIVE)
    "#2B2B2B": "#FFFFFF",  # marking band
    "#0072B2": "#56B4E9",
    "#56B4E9": "#B3E0FF",
    "#C8C8C8": "#C8C8C8",
    "#E69F00": "#F0E442",
    "#D55E00": "#FF8C52",
    "#6E6E6E": "#A0A0A0",
    "#009E73": "#3DDCA8",
    "#CC79A7": "#F2A6D0",
}
PALETTES = {"light": {}, "high-contrast": HIGH_CONTRAST}


def palette_for(theme_name: str) -> dict[str, str]:
    """The colour map for a theme (the dark theme's slides stay light, as projected slides do)."""
    return PALETTES.get(theme_name, {})


def current_palette() -> dict[str, str]:
    from explorer.ui import theme

    return palette_for(theme.current().name)


def mapped(colour: str, palette: dict[str, str]) -> str:
    return palette.get(colour.upper(), colour)


def luminance(colour: str) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    q = QColor(colour)
    return 0.2126 * channel(q.redF()) + 0.7152 * channel(q.greenF()) + 0.0722 * channel(q.blueF())


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_on(fill: str) -> str:
    """Black or white, whichever reads better on `fill`."""
    return "#111111" if contrast(fill, "#111111") >= contrast(fill, "#FFFFFF") else "#FFFFFF"
