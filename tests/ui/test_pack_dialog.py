"""Packs from the window (File ▸ Export ▸ Briefing pack…): chosen slides, a cover slide with
its author, a method-and-sources slide, the public-audience switch (saved in the briefing) and
the slides as PDF, PowerPoint and an A4 handout, read back from the files written."""

from __future__ import annotations

from dataclasses import replace

import pytest

from explorer.core.briefing import model as bm
from explorer.core.errors import ExplorerError
from explorer.ui.pack_dialog import PackChoice, PackDialog, export_pack

pypdf = pytest.importorskip("pypdf")


@pytest.fixture
def briefing(session) -> bm.Briefing:
    questions = session.questions()
    slides = [
        bm.make_slide(
            f"Slide {i + 1}",
            notes=f"Notes for slide {i + 1}",
            view=bm.View(questions=(questions[i % len(questions)],), layout=layout),
        )
        for i, layout in enumerate(["chart", "chart+quotes", "chart", "chart"])
    ]
    slides[2] = replace(slides[2], hidden=True)
    slides[3] = replace(slides[3], internal=True)
    return bm.Briefing(title="Pack test", slides=tuple(slides))


def _texts(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(path)).pages]


def test_a_pack_with_cover_method_and_chosen_slides(window, briefing, tmp_path) -> None:
    window.briefing_panel._show(briefing, None)
    choice = PackChoice(
        slides="2,3",  # slide 3 is hidden, but chosen by number
        cover=True,
        author="Analysis team",
        method=True,
        pdf=str(tmp_path / "pack.pdf"),
        pptx=str(tmp_path / "pack.pptx"),
        handout=str(tmp_path / "pack-handout.pdf"),
    )
    written = export_pack(window, choice)
    assert written == [choice.pdf, choice.pptx, choice.handout]
    pages = _texts(choice.pdf)
    assert len(pages) == 4  # cover, slides 2 and 3, method
    assert "Pack test" in pages[0] and "Analysis team" in pages[0]
    assert "Slide 2" in pages[1] and "Slide 3" in pages[2]
    assert "Method and sources" in pages[3] and "SHA-256" in pages[3]
    assert "1 / 4" in pages[0] and "4 / 4" in pages[3]
    from pptx import Presentation

    assert len(Presentation(choice.pptx).slides) == 4
    handout = " ".join(_texts(choice.handout))
    assert "Slide 2 of 4" in handout and "Notes for slide 2" in handout
    assert "Slide 1 of 4" in handout  # the cover, numbered with the pack
    assert not window.briefing_panel.briefing.public


def test_public_pack_leaves_out_quotes_and_internal_slides(window, briefing, tmp_path) -> None:
    window.briefing_panel._show(briefing, None)
    choice = PackChoice(public=True, pdf=str(tmp_path / "public.pdf"))
    export_pack(window, choice)
    pages = _texts(choice.pdf)
    assert len(pages) == 2  # slides 1 and 2: not hidden 3, not internal 4
    assert "Slide 1" in pages[0] and "Slide 2" in pages[1]
    assert "Participant" not in pages[1]  # slide 2's quotes are left out for the public
    assert window.briefing_panel.briefing.public  # the switch is saved with the briefing


def test_a_pack_refuses_in_one_sentence(window, briefing, tmp_path) -> None:
    window.briefing_panel._show(briefing, None)
    with pytest.raises(ExplorerError, match="Choose at least one"):
        export_pack(window, PackChoice())
    with pytest.raises(ExplorerError) as error:
        export_pack(window, PackChoice(slides="2,9", pdf=str(tmp_path / "x.pdf")))
    assert error.value.message.startswith("Slides '2,9': the briefing has slides 1 to 4")
    assert not (tmp_path / "x.pdf").exists()


def test_the_dialog_asks_for_every_part_of_a_pack(qtbot, window, briefing, tmp_path) -> None:
    window.briefing_panel._show(replace(briefing, public=True), None)
    dialog = PackDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.public.isChecked()  # the briefing's saved switch
    assert not dialog.author.isEnabled()
    dialog.cover.setChecked(True)
    assert dialog.author.isEnabled()
    qtbot.keyClicks(dialog.author, "Analysis team")
    qtbot.keyClicks(dialog.slides, "1-2")
    dialog.method.setChecked(True)
    dialog.pptx.setChecked(True)
    dialog.handout.setChecked(True)
    dialog.public.setChecked(False)
    dialog.base.setText(str(tmp_path / "board"))
    assert dialog.names.text() == "Writes: board.pdf, board.pptx, board-handout.pdf"
    assert dialog.choice() == PackChoice(
        slides="1-2",
        cover=True,
        author="Analysis team",
        method=True,
        public=False,
        pdf=str(tmp_path / "board.pdf"),
        pptx=str(tmp_path / "board.pptx"),
        handout=str(tmp_path / "board-handout.pdf"),
    )
    dialog.cover.setChecked(False)
    assert dialog.choice().author == ""  # no cover, no author


def test_the_export_menu_offers_the_pack(window) -> None:
    file_menu = next(a.menu() for a in window.menuBar().actions() if "File" in a.text())
    export = next(a.menu() for a in file_menu.actions() if a.menu() and "Export" in a.text())
    assert any("pack" in a.text().replace("&", "").lower() for a in export.actions())
