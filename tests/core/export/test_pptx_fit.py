"""The sample briefing's PowerPoint holds what its PDF holds, legibly: text in the font the fit
was measured with, quotes inside their box and clear of the captions, stacked rows tall enough
for their figures — checked in the file, and in LibreOffice's rendering of it where installed.

The wrapping here is measured independently of the app (Pillow on the bundled font, greedy
word wrap), so the two would have to share a mistake to agree on it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from PIL import ImageFont
from pptx import Presentation

from explorer.cli import main as cli
from explorer.core.briefing.sample import BRIEFING_PATH
from explorer.core.slides.measure import FONT_DIR

INCH = 914400
needs_sample = pytest.mark.skipif(not Path(BRIEFING_PATH).exists(), reason="no bundled sample")


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fit") / "sample.pptx"
    assert cli(["export", str(BRIEFING_PATH), "--pptx", str(path)]) == 0
    return path


def _wrapped_lines(text: str, pt: float, width_in: float, italic: bool = False) -> int:
    """Lines `text` takes at `pt` in `width_in`: greedy wrap at spaces, widths from the font."""
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), round(pt * 20))
    room = width_in * 72 * 20  # at 20× the size, in the font's pixels
    lines, used = 1, 0.0
    for word in text.split():
        w = font.getlength(word)
        space = font.getlength(" ")
        if used and used + space + w > room:
            lines, used = lines + 1, w
        else:
            used += (space if used else 0.0) + w
    return lines


def _quotes_and_caption(slide):
    quotes = next((s for s in slide.shapes if s.name == "Quotes"), None)
    caption = next(s for s in slide.shapes if s.has_text_frame and "Data:" in s.text_frame.text)
    return quotes, caption


@needs_sample
def test_the_theme_names_the_font_every_fit_was_measured_with(deck) -> None:
    prs = Presentation(str(deck))
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    faces = {
        e.get("typeface")
        for e in theme.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}latin")
        if e.getparent().tag.endswith(("majorFont", "minorFont"))
    }
    assert faces == {"DejaVu Sans"}
    assert (FONT_DIR / "DejaVuSans.ttf").exists()


@needs_sample
def test_every_slides_quotes_fit_their_box_above_the_captions(deck) -> None:
    prs = Presentation(str(deck))
    checked = 0
    for number, slide in enumerate(prs.slides, start=1):
        quotes, caption = _quotes_and_caption(slide)
        if quotes is None or not quotes.text_frame.text.strip():
            continue
        assert quotes.top + quotes.height <= caption.top, number
        width_in = quotes.width / INCH
        need = 0.0
        for para in quotes.text_frame.paragraphs:
            runs = para.runs
            if not runs:
                continue
            pt = runs[0].font.size.pt
            assert pt >= 14
            need += _wrapped_lines(para.text, pt, width_in) * 1.16 * pt / 72
            need += (para.space_after.pt if para.space_after is not None else 0) / 72
        assert need <= quotes.height / INCH + 0.02, (number, need, quotes.height / INCH)
        checked += 1
    assert checked >= 8  # the sample's chart-and-quotes and quotes slides


@needs_sample
def test_stacked_rows_are_tall_enough_to_carry_their_figures(deck) -> None:
    prs = Presentation(str(deck))
    slide = prs.slides[3]  # "One in seven were victims of crime…"
    assert slide.shapes.title.text_frame.text.startswith("One in seven")
    frames = [s for s in slide.shapes if s.has_chart]
    victim = frames[0]
    rows = len(list(victim.chart.plots[0].categories))
    assert rows == 2  # All respondents, 18–24
    assert victim.height / INCH / rows >= 0.2
    xml = etree.tostring(victim.chart._chartSpace).decode()
    labels = re.findall(r"<a:t>([^<]*)</a:t>", xml)
    assert {"15%", "85%", "23%", "77%"} <= set(labels)


needs_office = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler is not installed",
)


@pytest.fixture(scope="module")
def rendered(deck, tmp_path_factory) -> Path:
    """The deck as LibreOffice draws it, as a PDF."""
    out = tmp_path_factory.mktemp("office")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(deck)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return out / "sample.pdf"


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float]]:
    """(word, left, top, bottom) of each word LibreOffice drew on `page`."""
    html = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (w, float(x0), float(y0), float(y1))
        for x0, y0, _x1, y1, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html
        )
    ]


@needs_sample
@needs_office
def test_libreoffice_draws_slide_4s_figures_and_keeps_its_quotes_off_the_captions(
    rendered,
) -> None:
    words = _words(rendered, 4)
    texts = [w for w, *_ in words]
    for figure in ("85%", "23%", "77%", "46%"):
        assert figure in texts, figure
    base_top = min(y0 for w, _x, y0, _y1 in words if w == "Base:")
    page_w = max(x for _w, x, *_ in words)
    # Each attribution ends "…, London" (the captions name no "London" but london_*.sav files).
    ends = [y1 for w, x, _y0, y1 in words if w == "London" and x > 0.55 * page_w]
    assert len(ends) == 2, "both quotes' attributions are drawn in the quotes column"
    assert max(ends) <= base_top, "a quote runs into the caption"


@needs_sample
@needs_office
def test_libreoffice_draws_the_nets_slide_2s_takeaway_cites_beside_the_bars(rendered) -> None:
    words = _words(rendered, 2)
    takeaway_bottom = max(y1 for w, _x, _y0, y1 in words if w == "distrust")
    below = [w for w, _x, y0, _y1 in words if y0 > takeaway_bottom]  # the chart, not the words
    for figure in ("62%", "60%", "31%", "40%"):  # Labour, Conservative, Green trust; Green distrust
        assert figure in below, figure
    assert "Trust" in below and "Distrust" in below
