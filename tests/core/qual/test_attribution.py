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


def test_default_template_uses_the_projects_own_attributes() -> None:
    from explorer.core.qual.attribution import default_template, set_user_template
    from explorer.core.qual.model import Case, Project

    p = Project(name="t")
    p.cases = {
        "a": Case("a", "P01", (("Role", "Sergeant"), ("Full name", "X"), ("Years in post", "12")))
    }
    assert default_template(p) == "{speaker}, {Role}, {Years in post}, {group}"
    p.cases["b"] = Case("b", "P02", (("Age", "25–34"), ("Gender", "Woman")))
    assert default_template(p).startswith("{speaker}, {Gender}, {Age}, {Role}")

    class Q:
        speaker, role, group, source, codes = "P01", "participant", "Group 1", "g.txt", ()
        attributes = {"Role": "Sergeant", "Years in post": "12"}
        project = p

    assert attribution(Q()) == "Participant 01, Sergeant, 12, Group 1"
    set_user_template("{speaker} ({Years in post} years)")
    try:
        assert attribution(Q()) == "Participant 01 (12 years)"
    finally:
        set_user_template(None)
    Q.role = "facilitator"
    Q.speaker = "Interviewer"
    assert attribution(Q()) == "Interviewer (facilitator), Group 1"  # no participant attributes
