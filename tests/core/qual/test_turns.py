"""Splitting transcripts into turns and tying segments to speakers and cases."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from explorer.core.qual.model import MODERATOR, Case, Project, Segment, Source
from explorer.core.qual.turns import case_index, link_speakers, speaker_key, split_turns

TEXT = (
    "Transcript, group 1\n"
    "\n"
    "Moderator: Welcome, everyone.\n"
    "P07: Thanks. I think: it depends.\n"
    "P08 : Agreed.\n"
    "Participant 9: Me too.\n"
    "Facilitator: Next question.\n"
    "and this line has no label: but a colon\n"
)


def test_labels_and_bodies() -> None:
    cases = {"k7": Case("k7", "P07"), "k9": Case("k9", "P09")}
    turns = split_turns("s", TEXT, case_index(cases))
    assert [t.speaker for t in turns] == ["", MODERATOR, "P07", "P08", "P09", MODERATOR, ""]
    assert [t.case for t in turns] == [None, None, "k7", None, "k9", None, None]
    assert turns[2].text == "Thanks. I think: it depends."
    for turn in turns:
        assert TEXT[turn.start : turn.end] == turn.text
        assert turn.index == turns.index(turn)
    assert turns[-1].text == "and this line has no label: but a colon"


def test_timestamped_labels() -> None:
    text = "[00:01:02] P07: Right.\n00:03 Moderator: Thanks.\n"
    turns = split_turns("s", text)
    assert [(t.speaker, t.text) for t in turns] == [("P07", "Right."), (MODERATOR, "Thanks.")]


def test_speaker_key_agreement() -> None:
    assert (
        len({speaker_key(x) for x in ["P07", "p7", "Participant 7", "participant 07", "P 07"]}) == 1
    )
    assert speaker_key("P07") != speaker_key("P70")
    assert speaker_key("Moderator") == "moderator"


def test_link_speakers_uses_turn_then_selection_ref_then_single_source_case() -> None:
    p = Project(name="t")
    p.cases = {"k7": Case("k7", "P07"), "kx": Case("kx", "Interviewee", source_guids=("s2",))}
    p.sources = {"s": Source("s", "g", TEXT), "s2": Source("s2", "i", "Just talking here.\n")}
    start = TEXT.index("it depends")
    mod = TEXT.index("Welcome")
    p.segments = [
        Segment("a", "s", start, start + 10, "it depends", ("c",)),
        Segment("b", "s", mod, mod + 7, "Welcome", ("c",)),
        Segment("c", "s2", 0, 4, "Just", ("c",)),
        Segment("d", "s", TEXT.index("Agreed"), TEXT.index("Agreed") + 6, "Agreed", ("c",)),
    ]
    link_speakers(p, {"d": "k7"})  # the tool recorded that P07 said "Agreed"? believe the tool
    a, b, c, d = p.segments
    assert (a.speaker, a.case, a.turn) == ("P07", "k7", 2)
    assert (b.speaker, b.case) == (MODERATOR, None)
    assert (c.speaker, c.case) == ("Interviewee", "kx")
    assert (d.speaker, d.case) == ("P07", "k7")


def test_segment_starting_in_blank_space_belongs_to_next_turn() -> None:
    text = "P01: one\n\n\nP02: two\n"
    p = Project(name="t", sources={"s": Source("s", "s", text)})
    p.segments = [Segment("x", "s", 9, 14, text[9:14], ("c",))]
    link_speakers(p)
    assert p.segments[0].speaker == "P02"


@given(
    st.lists(
        st.tuples(st.sampled_from(["P01", "P02", "Moderator", ""]), st.text("abc :.", max_size=20)),
        max_size=8,
    )
)
def test_turns_cover_every_nonblank_paragraph(lines) -> None:
    text = "\n".join(f"{who}: {body}" if who else body for who, body in lines)
    turns = split_turns("s", text)
    assert len(turns) == sum(1 for line in text.split("\n") if line.strip())
    for turn in turns:
        assert text[turn.start : turn.end] == turn.text
        assert "\n" not in turn.text
