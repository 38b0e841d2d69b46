"""Issue 18 in the window: the facilitator toggle, counts that leave unknown speakers out, copy
with the passage's reference, the documents of a project with no codings, and focus groups alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from explorer.core.qual.load import load_project
from explorer.core.qual.model import FACILITATOR
from explorer.core.session import Session
from tests.fixtures.qual import real_shapes as shapes
from tests.fixtures.qual.builders import zip_bytes
from tests.fixtures.qual.real_shapes import qualcoder_38


@pytest.fixture
def real(tmp_path: Path):
    path = tmp_path / "qualcoder.qdpx"
    path.write_bytes(qualcoder_38()[0])
    return load_project(path)


def test_facilitator_toggle_shows_and_marks_their_words(qtbot, window, real) -> None:
    quotes = window.quotes
    window.set_session(Session(None, real))
    assert quotes.count.text() == "4 quotes from 2 participants"
    assert all(q.role != FACILITATOR for q in quotes.quotes)
    quotes.facilitators.setChecked(True)
    assert len(quotes.quotes) == 6
    marked = [quotes.list.item(i).text() for i in range(quotes.list.count())]
    assert sum("Moderator (facilitator)" in t for t in marked) == 2
    assert "2 facilitator passages shown" in quotes.count.text()
    assert quotes.count.text().startswith("6 quotes from 2 participants")  # never counted
    quotes.facilitators.setChecked(False)
    assert len(quotes.quotes) == 4


def test_copy_with_reference_and_memo_in_detail(qtbot, window, real) -> None:
    quotes = window.quotes
    window.set_session(Session(None, real))
    quotes.list.setCurrentRow(0)
    plain = quotes.current_text()
    assert plain.startswith("“families, lots of kids on our estate” — Mr. Dabor")
    assert "selection" not in plain
    quotes.with_reference.setChecked(True)
    start, end = shapes._positions("families, lots of kids on our estate", 1)  # as QualCoder counts
    reference = (
        f"Group 1.txt, selection 5e1ec700-0000-4000-8000-000000000000, characters {start}–{end}"
    )
    assert reference in quotes.current_text()
    detail = quotes.detail.toPlainText()
    assert "Memo: Said with feeling" in detail and "Coded by coder one on 2024-05-01" in detail


def test_unknown_speakers_are_not_participants_and_warn(qtbot, window, tmp_path: Path) -> None:
    qde = """<Project xmlns="urn:QDA-XML:project:1.0" name="u"><CodeBook><Codes>
<Code guid="k" name="Trust"/></Codes></CodeBook><Sources>
<TextSource guid="s" name="notes.txt"><PlainTextContent>We talked about trust.
Then about the estate.
P01: I trust them.
P02: So do I.
P03: Not me.</PlainTextContent>
<PlainTextSelection guid="a" startPosition="0" endPosition="10"><Coding><CodeRef targetGUID="k"/></Coding></PlainTextSelection>
<PlainTextSelection guid="b" startPosition="23" endPosition="40"><Coding><CodeRef targetGUID="k"/></Coding></PlainTextSelection>
<PlainTextSelection guid="c" startPosition="51" endPosition="62"><Coding><CodeRef targetGUID="k"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>"""
    path = tmp_path / "u.qde"
    path.write_text(qde, encoding="utf-8")
    window.set_session(Session(None, load_project(path)))
    text = window.quotes.count.text()
    assert text == "3 quotes from 1 participant (2 from unknown speakers)"
    assert window.quotes.identifiable.isVisible()
    assert "2 of these passages have no known speaker" in window.quotes.identifiable.text()


def test_project_without_codings_opens_its_documents(qtbot, window, tmp_path: Path) -> None:
    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Pilot" origin="MAXQDA 2022">
<CodeBook><Codes><Code guid="k1" name="Trust"/><Code guid="k2" name="Fear"/>
<Code guid="k3" name="Hope"/></Codes></CodeBook>
<Sources><TextSource guid="s1" name="Interview A" plainTextPath="internal://a.txt"/></Sources>
</Project>"""
    path = tmp_path / "Pilot.qdpx"
    path.write_bytes(
        zip_bytes(
            {
                "Pilot.qde": qde.encode(),
                "sources/a.txt": b"I: How long have you lived here?\r\nR: Ten years.\r\n",
            }
        )
    )
    window.set_session(Session(None, load_project(path)))
    quotes = window.quotes
    assert quotes.count.text() == "1 document and 3 codes, no coded passages yet"
    assert quotes.tabs.currentWidget() is quotes.documents
    shown = quotes.documents.text.toPlainText()
    assert "I (facilitator): How long have you lived here?" in shown
    assert "R: Ten years." in shown


def test_focus_groups_alone_say_so_in_the_chart_area(qtbot, window, real) -> None:
    window.set_session(Session(None, real))
    label = window.charts.findChild(QLabel, "focusGroupsAlone")
    assert label is not None and label.isVisible() and "No survey is loaded" in label.text()
    assert not window.charts.multiples.isVisible()
    assert window.charts.tabs.currentWidget() is window.charts.matrix
    assert "No focus groups loaded" not in window.charts.matrix.findChild(type(label)).text()
