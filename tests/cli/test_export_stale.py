"""Words that go stale: exporting the sample briefing against a regenerated survey puts a visible
notice on every PDF page and PowerPoint slide (not only a warning on stderr), names the takeaway
figures the slides no longer show, and `export --strict` refuses instead (exit 2, one sentence)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from explorer.cli import main
from explorer.core.briefing.sample import BRIEFING_PATH, QUAL_PATH, SURVEY_PATH

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (SURVEY_PATH.exists() and QUAL_PATH.exists() and BRIEFING_PATH.exists()),
        reason="the bundled sample is not built",
    ),
]


@pytest.fixture(autouse=True)
def _app_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_EXPLORER_DATA", str(tmp_path / "appdata"))


@pytest.fixture
def regenerated(tmp_path, capsys):
    path = tmp_path / "new_wave.sav"
    assert main(["sample", "--respondents", "600", "--seed", "7", "--out", str(path)]) == 0
    capsys.readouterr()
    return path


def test_changed_data_is_a_notice_on_every_page_and_slide(tmp_path, regenerated, capsys) -> None:
    from pptx import Presentation

    pdf, pptx = tmp_path / "pack.pdf", tmp_path / "pack.pptx"
    args = ["export", str(BRIEFING_PATH), "--survey", str(regenerated)]
    assert main([*args, "--pdf", str(pdf), "--pptx", str(pptx)]) == 0
    err = capsys.readouterr().err
    assert "warning: new_wave.sav (saved as london_survey.sav) has changed" in err
    notice = "Data changed: new_wave.sav differs from the data this briefing was written on"
    slides = Presentation(str(pptx)).slides
    texts = [" ".join(s.text_frame.text for s in sl.shapes if s.has_text_frame) for sl in slides]
    assert texts and all(notice in text for text in texts)
    stale = [t for t in texts if "Takeaway figures not shown on this slide:" in t]
    assert stale, "600 new respondents do not reproduce every takeaway's figures"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    ligatures = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl"})
    pages = [re.sub(r"\s+", " ", p.translate(ligatures)) for p in text.stdout.split("\f")[:-1]]
    assert len(pages) == len(texts)
    assert all(notice in page for page in pages)


def test_strict_refuses_changed_data(tmp_path, regenerated, capsys) -> None:
    pdf = tmp_path / "pack.pdf"
    args = ["export", str(BRIEFING_PATH), "--survey", str(regenerated), "--strict"]
    assert main([*args, "--pdf", str(pdf), "--pptx", str(tmp_path / "p.pptx")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: Not exported (--strict): new_wave.sav") and "\n" not in err
    assert not pdf.exists() and not (tmp_path / "p.pptx").exists()


def test_strict_exports_unchanged_data(tmp_path, capsys) -> None:
    out = tmp_path / "p.pptx"
    assert main(["export", str(BRIEFING_PATH), "--strict", "--pptx", str(out)]) == 0
    assert out.is_file() and "warning" not in capsys.readouterr().err
