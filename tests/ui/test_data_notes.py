"""What loading noticed (a weight set aside, a source skipped) reaches the user in the window."""

from __future__ import annotations

import zipfile

import pandas as pd
import pyreadstat

from explorer.core.data_notes import data_notes
from explorer.core.qual.load import load_project
from explorer.core.survey.load import load_survey

QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="notes">
  <CodeBook><Codes><Code guid="c1" name="Trust" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="s1" name="Group 1" plainTextPath="internal://g1.txt">
      <PlainTextSelection guid="x1" startPosition="0" endPosition="9999">
        <Coding guid="k1"><CodeRef targetGUID="c1"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <PDFSource guid="s2" name="Consent form" path="internal://consent.pdf"/>
  </Sources>
</Project>"""


def _files(tmp_path):
    survey = tmp_path / "wave.sav"
    frame = pd.DataFrame({"q": [1.0, 2.0, 1.0, 2.0] * 5, "weight": [1.0, -1.0, 1.0, 1.0] * 5})
    pyreadstat.write_sav(frame, survey, variable_value_labels={"q": {1: "Yes", 2: "No"}})
    qual = tmp_path / "groups.qdpx"
    with zipfile.ZipFile(qual, "w") as archive:
        archive.writestr("project.qde", QDE)
        archive.writestr("sources/g1.txt", "P01: I trust them, mostly.")
        archive.writestr("sources/consent.pdf", b"%PDF-1.4 not text")
    return survey, qual


def test_notes_name_their_file(tmp_path) -> None:
    survey, qual = _files(tmp_path)
    notes = data_notes(load_survey(survey), load_project(qual))
    # The negative weights leave their respondents out (as SPSS does), and the note says so.
    assert any(
        n.startswith("wave.sav: ") and "5 respondents" in n and "left out" in n for n in notes
    )
    assert any(n.startswith("groups.qdpx: ") and "Consent form" in n for n in notes)
    assert any(n.startswith("groups.qdpx: ") and "clipped" in n.lower() for n in notes)
    # the reconciliation: found against loaded, and what was left out with its coded passages
    found = "groups.qdpx: found / loaded: sources 2 / 1; codes 1 / 1; coded passages 1 / 1"
    assert any(n.startswith(found) for n in notes)
    assert any("not loaded: 1 × PDF source" in n for n in notes)


def test_the_window_tells_the_user_and_lists_every_note(qtbot, window, tmp_path) -> None:
    survey, qual = _files(tmp_path)
    expected = data_notes(load_survey(survey), load_project(qual))
    window.open_files(survey=str(survey), qual=str(qual))
    qtbot.waitUntil(lambda: window.session.names.startswith("wave.sav"), timeout=15000)
    qtbot.waitUntil(lambda: "Data notes" in window.statusBar().currentMessage(), timeout=5000)
    message = window.statusBar().currentMessage()
    assert expected[0][:100] in message and f"+{len(expected) - 1} more" in message
    assert "View ▸ Data notes" in message
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    action = next(a for a in view_menu.actions() if a.text().startswith("&Data notes"))
    action.trigger()
    dialog = window.notes_dialog
    qtbot.waitExposed(dialog)
    shown = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert shown == expected
    dialog.close()


def test_a_complete_project_is_not_flagged_but_still_listed() -> None:
    from explorer.core.data_notes import notes_to_flag
    from explorer.core.sample_files import SAMPLE_QUAL

    project = load_project(SAMPLE_QUAL)
    listed = data_notes(None, project)
    assert any("found / loaded: sources 4 / 4" in n for n in listed)  # the dialog lists it
    assert notes_to_flag(None, project) == [n for n in listed if "found / loaded" not in n]
