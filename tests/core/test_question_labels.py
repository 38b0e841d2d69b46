"""The question picker's labels put what tells similar questions apart first."""

from __future__ import annotations

from explorer.core.question_labels import picker_labels
from explorer.core.session import SAMPLE_SURVEY, load_session


def test_similar_questions_lead_with_what_differs() -> None:
    labels = {
        "lfr": "Support or oppose police use of live facial recognition",
        "drones": "Support or oppose police use of drones",
        "tough": "Britain is not tough enough on criminals",
    }
    shown = picker_labels(labels)
    assert shown["lfr"] == "live facial recognition — Support or oppose police use of…"
    assert shown["drones"].startswith("drones — ")
    assert shown["tough"] == labels["tough"]


def test_every_support_or_oppose_question_of_the_sample_is_told_apart() -> None:
    session = load_session(SAMPLE_SURVEY, None)
    labels = {q: session.question_label(q) for q in session.questions()}
    shown = picker_labels(labels)
    support = [q for q, label in labels.items() if label.startswith("Support or oppose")]
    assert len(support) >= 10
    openings = [shown[q].split(" — ")[0] for q in support]
    assert len(set(openings)) == len(openings)  # distinct before any shared wording
    assert all(not o.startswith("Support or oppose") for o in openings)
    assert len(set(shown.values())) == len(shown)
