"""The sample briefing's evidence-matrix slides: four themes by age (the whole matrix) and live
facial recognition by age (one row, with each group's exemplar), and the analyst's notes on them
— written for the illustrative sample, like the rest of it.
"""

from __future__ import annotations

from explorer.core.briefing.model import Slide, View
from explorer.core.evidence.notes import EvidenceNotes, with_summary, with_tag
from explorer.core.evidence.themes import TOPIC, MatrixSpec

BY = "age_band"
THEMES = ("lfr", "ai", "confidence", "modernising")
QUESTIONS = ("q_tech_lfr", "q_ai_general", "q_trust_met", "q_support_newtech")

# (key, title, takeaway, notes, the one row shown or None)
PLANS = (
    (
        "evidence-matrix",
        "The numbers and the voices, side by side, by age",
        "Support for AI falls with age in the survey, and the older focus-group participants "
        "raised AI less and insisted a person decides; other themes vary little by age.",
        "A joint display: each cell is the survey's weighted figure for the row's answer, with "
        "its interval and base, over how many of the group's focus-group participants raised "
        "the theme. The focus-group counts describe who spoke, not the population: read them as "
        "where the voices come from, never as a second estimate.",
        None,
    ),
    (
        "evidence-lfr",
        "Live facial recognition: steady support at every age, and the conditions behind it",
        "Support for live facial recognition is much the same at every age; the groups say what "
        "it depends on: accuracy, safeguards, and not scanning everyone.",
        "One row of the matrix: the survey's support by age beside each age group's voices. The "
        "tag says how the two stand: the voices expand on the numbers rather than contradict them.",
        "lfr",
    ),
)


def matrix_slides(slide_id) -> tuple[Slide, ...]:
    """The matrix slides, their ids made by `slide_id(key)` as the other sample slides'."""
    spec = tuple((TOPIC, t) for t in THEMES)
    return tuple(
        Slide(
            slide_id(key),
            title,
            takeaway,
            notes,
            View(None, QUESTIONS if row is None else QUESTIONS[:1], None, layout="matrix"),
            matrix=MatrixSpec(BY, spec, row),
        )
        for key, title, takeaway, notes, row in PLANS
    )


def matrix_notes() -> EvidenceNotes:
    notes = EvidenceNotes()
    for group, text in (
        ("18-24", "Worry it gets Black faces wrong, beside majority support."),
        ("35-44", "Told it has improved, but who tested it?"),
        ("45-54", "Fear of being the one wrongly stopped."),
        ("55-64", "It scans everyone, not just the wanted."),
        ("65+", "Fine for a missing child: support depends on the use."),
    ):
        notes = with_summary(notes, BY, "lfr", group, text)
    notes = with_tag(
        notes,
        BY,
        "lfr",
        "expands",
        "the same at every age; the groups add its conditions.",
    )
    return with_tag(
        notes,
        BY,
        "ai",
        "confirms",
        "support falls with age; older participants raised AI less, wanting a person to decide.",
    )
