"""Light, dark and high-contrast themes: window palette, chart colours (Okabe–Ito) and text sizes,
plus the bundled fonts. Charts read sizes and colours from `current()`, never literals.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

FONT_DIR = Path(str(files("explorer.ui") / "resources" / "fonts"))
FONT_FAMILY = "DejaVu Sans"
# Okabe & Ito (2008), a palette that stays distinct under the common colour-vision deficiencies.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
# Ten distinct series on a light background: Okabe–Ito without black, and Paul Tol's wine,
# teal, olive and indigo (also colour-blind safe) — no two alike, as A/F and B/G were.
LIGHT_SERIES = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
    "#D55E00", "#882255", "#44AA99", "#999933", "#332288",
)  # fmt: skip
# On dark backgrounds: light enough to stand out (Okabe–Ito's lighter hues and Tol's light set).
DARK_SERIES = (
    "#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442",
    "#D55E00", "#77AADD", "#EE8866", "#AAAA00", "#FFAABB",
)  # fmt: skip
HIGH_CONTRAST_SERIES = (
    "#56B4E9", "#F0E442", "#00C08B", "#FF99CC", "#FF9F1A",
    "#A6E22E", "#BB99FF", "#99DDFF", "#DDDD77", "#FF6F61",
)  # fmt: skip


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    base: str  # background of lists, tables and charts
    text: str
    muted: str  # footers, axes
    grid: str
    highlight: str
    bar: str  # single-series bars
    net: str  # net bars (also hatched, so colour is not the only carrier)
    selected: str  # bars in the cross-filter (also outlined)
    error_bar: str
    warning: str
    frame: str = "#8A8F98"  # outlines of boxes, fields and check indicators
    palette: tuple[str, ...] = LIGHT_SERIES
    font_size: int = 10
    title_size: int = 12
    label_size: int = 9
    bar_outline: float = 1.0

    def series(self, i: int) -> str:
        """The colour of series `i`: ten distinct colours, then they repeat."""
        colours = [
            c for c in self.palette if c.lower() not in (self.base.lower(), self.text.lower())
        ]
        return colours[i % len(colours)]


LIGHT = Theme(
    name="light",
    window="#F3F4F6",
    base="#FFFFFF",
    text="#1A1A1A",
    muted="#555555",
    grid="#DDDDDD",
    highlight="#0072B2",
    bar="#0072B2",
    net="#E69F00",
    selected="#D55E00",
    error_bar="#1A1A1A",
    warning="#8A3B00",
)
DARK = Theme(
    name="dark",
    window="#1E1F22",
    base="#26282C",
    text="#ECECEC",
    muted="#B0B0B0",
    grid="#3A3D42",
    highlight="#56B4E9",
    bar="#56B4E9",
    net="#E69F00",
    selected="#D55E00",
    error_bar="#ECECEC",
    warning="#F0E442",
    palette=DARK_SERIES,
)
HIGH_CONTRAST = Theme(
    name="high-contrast",
    window="#000000",
    base="#000000",
    text="#FFFFFF",
    muted="#FFFFFF",
    grid="#777777",
    highlight="#F0E442",
    bar="#56B4E9",
    net="#F0E442",
    selected="#E69F00",
    error_bar="#FFFFFF",
    warning="#F0E442",
    frame="#FFFFFF",
    palette=HIGH_CONTRAST_SERIES,
    font_size=11,
    title_size=13,
    label_size=10,
    bar_outline=2.0,
)
THEMES = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST)}
_current = LIGHT


def current() -> Theme:
    return _current


def load_fonts() -> str:
    """Register the bundled fonts; the family charts and widgets use (a fallback if none load)."""
    families: list[str] = []
    for path in sorted(FONT_DIR.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return FONT_FAMILY if FONT_FAMILY in families else (families[0] if families else "")


def font(size: int | None = None, *, bold: bool = False) -> QFont:
    f = QFont(FONT_FAMILY, size or _current.font_size)
    f.setBold(bold)
    return f


def configure_plots(pg) -> None:
    """The charts' (pyqtgraph's) colours for the current theme."""
    pg.setConfigOptions(
        background=_current.base, foreground=_current.text, antialias=True, exitCleanup=False
    )


def apply(app: QApplication, name: str) -> Theme:
    """Make `name` the current theme for the whole application (widgets and charts)."""
    global _current
    theme = THEMES.get(name, LIGHT)
    _current = theme
    if "explorer.ui.charts.plotting" in sys.modules:  # else set when the first chart imports it
        configure_plots(sys.modules["explorer.ui.charts.plotting"].pg)
    # Each setter repolishes every widget the application holds: only what changes is set (a
    # second window in one process, as in the tests, re-applied the same theme to them all).
    if app.style() is None or app.style().name().casefold() != "fusion":
        app.setStyle("Fusion")
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.window,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.Highlight: theme.highlight,
        QPalette.ColorRole.HighlightedText: theme.base,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Link: theme.highlight,
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    if app.palette() != pal:
        app.setPalette(pal)
    if app.font() != font():
        app.setFont(font())
    border = (
        "2px solid " + theme.text if theme.name == "high-contrast" else "1px solid " + theme.grid
    )
    sheet = (
        f"QToolTip {{ color: {theme.text}; background: {theme.base}; border: {border}; }}"
        f"QPushButton#chip {{ border: {border}; border-radius: 9px; padding: 2px 8px;"
        f" background: {theme.base}; color: {theme.text}; }}"
        f"QLabel#notice {{ color: {theme.warning}; font-weight: bold; }}"
        f"QLabel#identifiable {{ color: {theme.base}; background: {theme.warning};"
        f" font-weight: bold; padding: 4px; }}"
        f"*:focus {{ outline: 2px solid {theme.highlight}; }}"
        # Fusion derives outlines from the window colour, which vanishes on black: draw our own
        f"QCheckBox::indicator, QTreeView::indicator {{ width: 12px; height: 12px;"
        f" border: 2px solid {theme.frame}; background: {theme.base}; }}"
        f"QCheckBox::indicator:checked, QTreeView::indicator:checked {{"
        f" background: {theme.highlight}; border: 2px solid {theme.text}; }}"
        f"QLineEdit {{ border: 1px solid {theme.frame}; padding: 2px; background: {theme.base}; }}"
    )
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    return theme
