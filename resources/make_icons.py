"""Render the app icon's PNG sizes and the Windows .ico from `icons/briefing-explorer.svg`.

Run after editing the SVG: `python resources/make_icons.py`. Qt's own SVG renderer and ICO writer
are used, so nothing beyond the app's dependencies is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256)
HERE = Path(__file__).resolve().parent / "icons"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(HERE / "briefing-explorer.svg"))
    images = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(HERE / f"briefing-explorer-{size}.png"))
        images.append(image)
    # Qt's ICO plugin writes one image per file; Windows picks the 256 px entry and scales it.
    images[-1].save(str(HERE / "briefing-explorer.ico"), "ICO")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
