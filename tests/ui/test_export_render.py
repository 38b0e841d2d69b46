"""Slides and the current chart as pictures: PNG at a size and DPI, SVG with text kept as text,
a PDF with one page per slide, the clipboard; each carries the marking, base, sources and notice;
exports through the window refuse the source data with a sentence; and (where LibreOffice is
installed) the PDF and PowerPoint open in it and convert to pictures of every slide."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QGuiApplication, QImage

from explorer.core.atomic import register_source_path, unregister_source_path
from explorer.core.briefing import model as bm
from explorer.core.captions import SHORT_NOTICE
from explorer.core.slides.content import build_content
from explorer.ui import export_actions as ex
from explorer.ui import export_render as er


@pytest.fixture(autouse=True)
def _app_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_EXPLORER_DATA", str(tmp_path / "appdata"))


@pytest.fixture
def briefing(session) -> bm.Briefing:
    q = session.questions()
    return bm.Briefing(
        title="Pack",
        marking="OFFICIAL-SENSITIVE",
        slides=(
            bm.make_slide("First", takeaway="One line", view=bm.View(questions=(q[0],))),
            bm.make_slide("Second", view=bm.View(questions=(q[1],), breakdown="age_band")),
            bm.make_slide("Third", view=bm.View(layout="quotes")),
        ),
    )


@pytest.fixture
def contents(qapp, briefing, session):
    return [build_content(briefing, i, session) for i in range(len(briefing.slides))]


def test_png_has_the_chosen_size_and_dpi(contents, tmp_path) -> None:
    path = tmp_path / "slide.png"
    er.save_png(contents[0], path, (1280, 720), dpi=192)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1280, 720)
    assert round(image.dotsPerMeterX() * 0.0254) == 192
    # the marking bands are dark, the page white
    assert image.pixelColor(100, 10).lightness() < 80
    assert image.pixelColor(100, 715).lightness() < 80
    assert image.pixelColor(5, 360).lightness() > 240


def test_svg_keeps_text_as_text(contents, tmp_path) -> None:
    path = tmp_path / "chart.svg"
    er.save_svg(contents[0], path)
    root = ET.parse(path).getroot()
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    joined = "\n".join(texts)
    assert sum(1 for t in texts if t.strip() == "OFFICIAL-SENSITIVE") == 2
    assert "unweighted n =" in joined and SHORT_NOTICE in joined
    assert len(list(root.iter("{http://www.w3.org/2000/svg}rect"))) >= 4


def test_pdf_has_a_page_per_slide_with_its_text(contents, tmp_path) -> None:
    path = tmp_path / "pack.pdf"
    assert er.save_pdf(contents, path) == 3
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = text.split("\f")
        assert sum(1 for p in pages if p.strip()) == 3
        for page, content in zip(pages, contents):
            assert page.count("OFFICIAL-SENSITIVE") == 2
            assert content.title in page
            assert "Illustrative sample data" in page


def test_clipboard_gets_the_chart_as_an_image(window) -> None:
    image = ex.copy_chart_image(window)
    pasted = QGuiApplication.clipboard().image()
    assert not pasted.isNull()
    assert (pasted.width(), pasted.height()) == (image.width(), image.height())


def test_window_exports_carry_provenance(window, tmp_path) -> None:
    ex.export_chart_png(window, tmp_path / "c.png", (800, 450), 96)
    assert QImage(str(tmp_path / "c.png")).width() == 800
    ex.export_chart_svg(window, tmp_path / "c.svg")
    ex.export_table(window, tmp_path / "t.csv")
    table_text = (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert "OFFICIAL" in table_text and "Unweighted base" in table_text
    ex.export_table(window, tmp_path / "t.xlsx")
    ex.export_quotes(window, tmp_path / "q.txt")
    quotes = (tmp_path / "q.txt").read_text()
    assert quotes.startswith("OFFICIAL") and "—" in quotes
    ex.export_quotes(window, tmp_path / "q.csv")
    ex.export_quotes(window, tmp_path / "q.xlsx")
    panel = window.briefing_panel
    panel.add_current_view()
    ex.export_briefing_pptx(window, tmp_path / "b.pptx")
    assert ex.export_briefing_pdf(window, tmp_path / "b.pdf") == 1


def test_exports_onto_the_source_data_are_refused_in_a_dialog(window, tmp_path) -> None:
    source = tmp_path / "survey.sav"
    source.write_bytes(b"original")
    shown = []
    window.briefing_panel.warn = lambda title, text: shown.append(text)
    register_source_path(source)
    try:
        assert not ex._run(window, "chart", ex.export_chart_png, source)
        assert not ex._run(window, "chart", ex.export_chart_svg, source)
    finally:
        unregister_source_path(source)
    assert source.read_bytes() == b"original"
    assert len(shown) == 2 and "source data" in shown[0] and "survey.sav" in shown[0]


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_pdf_and_pptx_and_shows_every_slide(window, briefing, tmp_path) -> None:
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler) is not installed")
    window.briefing_panel._show(briefing, None)
    ex.export_briefing_pdf(window, tmp_path / "b.pdf")
    ex.export_briefing_pptx(window, tmp_path / "b.pptx")
    out = tmp_path / "lo"
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for name, extra in (("b.pptx", []), ("b.pdf", ["--infilter=impress_pdf_import"])):
        subprocess.run(
            [
                "soffice",
                profile,
                "--headless",
                *extra,
                "--convert-to",
                "pdf",
                "--outdir",
                str(out / name),
                str(tmp_path / name),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        converted = out / name / "b.pdf"
        subprocess.run(
            ["pdftoppm", "-r", "30", "-png", str(converted), str(out / name / "page")],
            check=True,
            timeout=60,
        )
        pages = sorted((out / name).glob("page*.png"))
        assert len(pages) == len(briefing.slides), name
        for page in pages:
            image = QImage(str(page))
            dark = sum(
                image.pixelColor(x, y).lightness() < 200
                for x in range(0, image.width(), 2)
                for y in range(0, image.height(), 2)
            )
            assert dark > 100, f"{name}: {page.name} is blank"


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is not installed")
def test_pdf_metadata_bookmarks_searchable_words_and_pdfa(contents, tmp_path) -> None:
    path = tmp_path / "pack.pdf"
    er.save_pdf(contents, path, "Pack", author="A. Analyst")

    def run(*args) -> str:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    info = dict(
        line.split(":", 1) for line in run("pdfinfo", str(path)).splitlines() if ":" in line
    )
    info = {k.strip(): v.strip() for k, v in info.items()}
    assert info["Title"] == "Pack"
    assert info["Subject"] == info["Keywords"] == "OFFICIAL-SENSITIVE"
    assert info["Creator"] == "Briefing Explorer" and info["Author"] == "A. Analyst"
    # One bookmark per slide, in order, pointing at its page (as poppler reads the outline).
    xml = run("pdftohtml", "-xml", "-i", "-stdout", str(path))
    items = re.findall(r'<item page="(\d+)">([^<]*)</item>', xml)
    assert [(int(p), t) for p, t in items] == [
        (c.number, f"{c.number}. {c.title}") for c in contents
    ]
    # Words search as words: "effective" (an "ff" ligature before) is found in the text.
    text = run("pdftotext", str(path), "-")
    assert "effective n =" in text
    # PDF/A-1b declared, and the XMP metadata carries the same subject as the information.
    data = path.read_bytes()
    assert b'pdfaid:part="1"' in data and b'pdfaid:conformance="B"' in data
    assert b'<rdf:li xml:lang="x-default">OFFICIAL-SENSITIVE</rdf:li>' in data


def test_pdf_read_by_pypdf_has_its_metadata_one_bookmark_per_page_and_whole_words(
    contents, tmp_path
) -> None:
    """The same checks through a second, independent PDF reader (pypdf, not poppler)."""
    pypdf = pytest.importorskip("pypdf")
    path = tmp_path / "pack.pdf"
    er.save_pdf(contents, path, "Pack", author="A. Analyst")
    reader = pypdf.PdfReader(str(path))
    meta = reader.metadata
    assert meta.title == "Pack" and meta.author == "A. Analyst"
    assert meta.subject == "OFFICIAL-SENSITIVE" and meta.creator == "Briefing Explorer"
    outline = reader.outline
    assert [o.title for o in outline] == [f"{c.number}. {c.title}" for c in contents]
    assert [reader.get_destination_page_number(o) for o in outline] == list(range(len(contents)))
    for page, content in zip(reader.pages, contents):
        words = " ".join(page.extract_text().split())
        assert not re.search("[\ufb00-\ufb06]", words)  # no ligature glyph stands for letters
        for line in content.caption_lines:  # every caption line, word for word
            for word in line.split():
                assert word in words, (content.number, word)
        if content.tables:
            assert "effective n =" in words


def test_the_author_set_in_the_window_names_the_pdf_and_pptx_author(window, tmp_path) -> None:
    from pptx import Presentation

    from explorer.ui.briefing_menu import choose_author

    texts = [
        a.text()
        for m in window.menuBar().actions()
        if m.menu()
        for sub in m.menu().actions()
        if sub.menu()
        for a in sub.menu().actions()
    ]
    assert "&Author named in exports…" in texts
    choose_author(window, "  Dana   Analyst ")
    assert window.settings.author() == "Dana Analyst"
    window.briefing_panel.add_current_view()
    ex.export_briefing_pptx(window, tmp_path / "b.pptx")
    props = Presentation(str(tmp_path / "b.pptx")).core_properties
    assert props.author == props.last_modified_by == "Dana Analyst"
    ex.export_briefing_pdf(window, tmp_path / "b.pdf")
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", str(tmp_path / "b.pdf")], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(r"^Author:\s+Dana Analyst$", info, re.M)
    choose_author(window, "")  # blank: back to the login name
    assert window.settings.author() != "Dana Analyst"
