"""Attribution lines under quotes: the default template, custom templates, missing fields."""

from __future__ import annotations

from explorer.core.qual.attribution import attribution, speaker_label
from explorer.core.qual.queries import QuoteQuery, find_quotes
from tests.fixtures.qual.builders import sample_project


def _quote(speaker: str):
    p = sample_project()
    return next(q for q in find_quotes(p, QuoteQuery()) if q.speaker == speaker)


def test_default_template() -> None:
    assert attribution(_quote("P05")) == "Participant 05, woman, 25–34, Group 2, London"


def test_missing_fields_drop_with_their_separator() -> None:
    q = _quote("P01")
    assert attribution(q, "{speaker}, {Shoe size}, {Age}") == "Participant 01, 25–34"
    assert attribution(q, "{Shoe size}, {age} ({speaker})") == "25–34 (Participant 01)"
    assert attribution(q, "{nothing}, {none}") == ""


def test_other_fields() -> None:
    q = _quote("P03")
    assert attribution(q, "{speaker} in {source}: {codes}") == (
        "Participant 03 in Group 1 transcript: Live facial recognition; Privacy"
    )


def test_speaker_label() -> None:
    assert speaker_label("P7") == "Participant 07"
    assert speaker_label("Participant 12") == "Participant 12"
    assert speaker_label("Anna") == "Anna"
    assert speaker_label("Moderator") == "Moderator"
