"""Packs from the command line: `export --handout` (A4 portrait, each slide with its notes, slide
number, date and marking), `--slides 2,4-6`, `--cover` and `--method` slides, `--public` (no
quotes), and a bad slide list as one sentence with exit status 2."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import unicodedata

import pytest

from explorer.cli import main
from explorer.core.briefing.sample import BRIEFING_PATH, QUAL_PATH, SURVEY_PATH

needs_sample = pytest.mark.skipif(
    not (SURVEY_PATH.exists() and QUAL_PATH.exists() and BRIEFING_PATH.exists()),
    reason="the bundled sample is not built",
)


@pytest.fixture(autouse=True)
def _app_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_EXPLORER_DATA", str(tmp_path / "appdata"))


def _pages(path) -> list[tuple[float, float]]:
    """Each page's MediaBox size in points, read from the PDF's own page objects."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert len(boxes) == len(re.findall(rb"/Type /Page[^s]", data))
    return [(float(w), float(h)) for w, h in boxes]


def _texts(path) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    pages = pypdf.PdfReader(str(path)).pages
    # NFKC: the PDF's font joins "ff" and "fi" into ligature glyphs
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", p.extract_text())) for p in pages]


@needs_sample
@pytest.mark.slow
def test_handout_with_cover_method_and_chosen_slides(tmp_path, capsys) -> None:
    handout, pdf = tmp_path / "handout.pdf", tmp_path / "pack.pdf"
    code = main(
        [
            "export",
            str(BRIEFING_PATH),
            "--handout",
            str(handout),
            "--pdf",
            str(pdf),
            "--slides",
            "2,4-6",
            "--cover",
            "--author",
            "Insight team",
            "--method",
        ]
    )
    assert code == 0, capsys.readouterr().err
    a4 = (595.0, 842.0)  # A4 portrait in points, ±1
    pages = _pages(handout)
    assert len(pages) >= 6  # cover, slides 2, 4, 5, 6, method (+ any notes continued)
    assert all(abs(w - a4[0]) <= 1 and abs(h - a4[1]) <= 1 for w, h in pages)
    assert len(_pages(pdf)) == 6
    saved = json.loads(BRIEFING_PATH.read_text(encoding="utf-8"))["slides"]
    texts = _texts(handout)
    today = datetime.date.today().strftime("%d %B %Y").lstrip("0")
    for page in texts:
        assert page.count("OFFICIAL") >= 2 and today in page
    assert "Author: Insight team" in texts[0] and "Slide 1 of 6" in texts[0]
    squash = lambda text: re.sub(r"\s+", " ", text)  # noqa: E731
    for number, original in ((2, 2), (3, 4), (4, 5), (5, 6)):
        page = next(t for t in texts if f"Slide {number} of 6 Speaker notes" in t)
        assert squash(saved[original - 1]["notes"])[:60] in page
    digest = hashlib.sha256(SURVEY_PATH.read_bytes()).hexdigest()
    method = texts[-1].replace(" ", "")
    assert "Methodandsources" in method and digest in method


@needs_sample
@pytest.mark.slow
def test_public_pack_has_no_quotes(tmp_path, capsys) -> None:
    pdf = tmp_path / "public.pdf"
    assert main(["export", str(BRIEFING_PATH), "--pdf", str(pdf), "--public"]) == 0
    saved = json.loads(BRIEFING_PATH.read_text(encoding="utf-8"))["slides"]
    quotes_only = sum(1 for s in saved if s["view"]["layout"] == "quotes")
    assert len(_pages(pdf)) == len(saved) - quotes_only
    text = " ".join(_texts(pdf))
    for slide in saved:
        for quote in slide["quotes"]:
            assert quote["text"][:40] not in text
            assert quote["attribution"] not in text


def test_a_bad_slide_list_is_one_sentence(tmp_path, capsys) -> None:
    briefing = tmp_path / "b.briefing.json"
    briefing.write_text(BRIEFING_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert (
        main(["export", str(briefing), "--pdf", str(tmp_path / "x.pdf"), "--slides", "3-99"]) == 2
    )
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--slides" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


@needs_sample
@pytest.mark.slow
def test_a_four_three_pack(tmp_path, capsys) -> None:
    pdf, png = tmp_path / "pack43.pdf", tmp_path / "png"
    code = main(
        ["export", str(BRIEFING_PATH), "--pdf", str(pdf), "--png-dir", str(png), "--slides", "2"]
        + ["--aspect", "4:3"]
    )
    assert code == 0, capsys.readouterr().err
    ((width, height),) = _pages(pdf)
    assert abs(width / height - 4 / 3) < 0.01
    from PySide6.QtGui import QImage

    image = QImage(str(png / "slide-01.png"))
    assert (image.width(), image.height()) == (1440, 1080)
