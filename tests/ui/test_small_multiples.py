"""Small multiples at laptop size: as many per row as the width reads, answer labels wrapped
(never cut), every value label inside its plot, one short footer line each and the filter stated
once above them."""

from __future__ import annotations

import pytest

from explorer.ui.charts.small_multiples import grid_shape


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_small_multiples_fit_and_say_everything(qtbot, window, size) -> None:
    window.resize(*size)
    window.fit_docks()
    window.controller.toggle("age_band", "18-24", True)
    window.flush()
    qtbot.wait(100)
    area = window.charts.multiples
    shown = [c for c in area.charts if c.isVisible()]
    tables = area._last[0]
    columns, rows = grid_shape(area.width(), area.height(), len(tables))
    assert area.shape == (columns, rows)
    assert len(shown) == min(len(tables), columns * rows)
    assert "Age: 18–24" in area.caption.text() or "Age 18–24" in area.caption.text()
    for chart in shown:
        ticks = chart.plot.getPlotItem().getAxis("left")._tickLevels[0]
        for (_i, text), bar in zip(ticks, chart.bars):
            assert "…" not in text
            assert text.replace("\n", " ") == bar.row.label + (" ✓" if "✓" in text else "")
        footer = chart.footer.text()
        assert "\n" not in footer and footer.startswith("unweighted n = ")
        assert "Age" not in footer  # the filter is said once, above the charts
        vb = chart.plot.getPlotItem().getViewBox()
        right = vb.sceneBoundingRect().right()
        for label in chart._labels[: len(chart.bars)]:
            assert label.sceneBoundingRect().right() <= right + 1, label.textItem.toPlainText()


def test_more_room_more_charts_per_row() -> None:
    assert grid_shape(460, 250, 8) == (2, 1)
    assert grid_shape(1000, 250, 8) == (4, 1)
    assert grid_shape(1000, 600, 8) == (4, 2)
    assert grid_shape(150, 600, 3) == (1, 2)
