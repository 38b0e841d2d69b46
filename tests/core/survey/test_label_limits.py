"""Labels longer than any questionnaire's are cut on reading, with a note naming the variable;
a briefing's over-long title and takeaway are cut on opening. (A 200,000-character label made
the window take over 13 GB to lay it out.)"""

from __future__ import annotations

import csv
import json

from explorer.core.briefing.model import Briefing, Slide
from explorer.core.briefing.store import MAX_TAKEAWAY, MAX_TITLE, dumps, load_briefing
from explorer.core.survey.load import load_survey
from explorer.core.survey.parsed import MAX_LABEL, MAX_VALUE_LABEL


def test_long_question_and_answer_labels_are_cut_and_noted(tmp_path):
    data = tmp_path / "poll.csv"
    data.write_text("q1,q2\n1,2\n2,1\n1,1\n", encoding="utf-8")
    with (tmp_path / "poll.codebook.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["variable", "label", "code", "value_label", "missing", "kind", "weight"])
        w.writerow(["q1", "Q" * 50_000, "", "", "", "nominal", ""])
        w.writerow(["q1", "", 1, "A" * 9_000, "", "", ""])
        w.writerow(["q1", "", 2, "Short", "", "", ""])
        w.writerow(["q2", "An ordinary question", "", "", "", "nominal", ""])
        w.writerow(["q2", "", 1, "Yes", "", "", ""])
        w.writerow(["q2", "", 2, "No", "", "", ""])
    survey = load_survey(data)
    q1, q2 = survey.variables["q1"], survey.variables["q2"]
    assert len(q1.label) == MAX_LABEL and q1.label.endswith("…")
    labels = dict(q1.value_labels)
    assert len(labels[1]) == MAX_VALUE_LABEL and labels[2] == "Short"
    assert q2.label == "An ordinary question" and dict(q2.value_labels)[1] == "Yes"
    noted = [w for w in survey.warnings if w.startswith("q1:")]
    assert noted and "50,000" in noted[0]
    assert not any(w.startswith("q2:") for w in survey.warnings)


def test_briefing_title_and_takeaway_cut_on_opening(tmp_path):
    path = tmp_path / "long.briefing.json"
    slide = Slide(id="s1", title="T" * 30_000, takeaway="K" * 30_000, notes="N" * 30_000)
    path.write_text(dumps(Briefing(title="B" * 30_000, slides=(slide,))), encoding="utf-8")
    assert len(json.loads(path.read_text())["title"]) == 30_000  # the file keeps what it had
    opened = load_briefing(path)
    assert len(opened.title) == MAX_TITLE
    assert len(opened.slides[0].title) == MAX_TITLE
    assert len(opened.slides[0].takeaway) == MAX_TAKEAWAY
    assert opened.slides[0].notes == "N" * 30_000  # speaker notes are the presenter's, kept
