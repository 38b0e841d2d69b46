"""Questions sharing one answer scale on a PowerPoint slide, drawn as the PDF draws them: one
legend, then each question's label in full above its own one-row stacked bar (a native chart that
fills its frame). Long question labels beside a single chart would be wrapped into the axis, and
LibreOffice drops those that would overlap.
"""

from __future__ import annotations

from explorer.core.export import pptx_legend, pptx_nets
from explorer.core.export.chart_panels import Stacked
from explorer.core.export.pptx_chart import EMU, bare_stacked
from explorer.core.slides import segment_labels


def add_question_rows(
    slide, panel: Stacked, x_in: float, y_in: float, w_in: float, h_in: float, canvas_w: float
):
    """Legend, then label and bar for each question, within (x, y, w, h) inches; each bar's
    segments labelled as the content model decides on the PDF's chart `canvas_w` px wide."""
    from pptx.util import Inches

    top = y_in + pptx_legend.add(slide, panel, x_in, y_in, w_in, titled=False)
    nets = pptx_nets.widths_in(panel, w_in, above=True)
    if nets:  # the nets' columns at the right of the bars, named once over them
        top += pptx_nets.add_header(slide, panel, nets, x_in, w_in, top)
    bars_w = w_in - (sum(nets) + 0.05 if nets else 0.0)
    fixed, bars = pptx_legend.question_parts(panel, w_in)
    bar = max(min((h_in - fixed) / bars, 0.45), 0.05)
    labelled = segment_labels.labels(panel, canvas_w)
    frames = []
    for r, (label, cells) in enumerate(panel.rows):
        top += pptx_legend.add_label(slide, label, x_in, top, w_in)
        row = Stacked(label, panel.question, panel.categories, [(label, cells)])
        frames.append(
            bare_stacked(
                slide, row, Inches(x_in), Inches(top), Inches(bars_w), int(bar * EMU), [labelled[r]]
            )
        )
        if nets:
            pptx_nets.add_figures(slide, panel, nets, x_in + w_in, r, top, bar)
        top += bar + pptx_legend.BAR_GAP_IN
    return frames
