"""Splitting transcripts into turns (across hard-wrapped lines) and tying passages to speakers."""

from __future__ import annotations

import re
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.qual import speaker_labels
from explorer.core.qual.model import (
    FACILITATOR,
    MODERATOR,
    PARTICIPANT,
    UNKNOWN,
    Case,
    Project,
    Segment,
    Source,
)
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


def _segment(project: Project, source: str, quote: str, guid: str = "x") -> Segment:
    text = project.sources[source].text
    start = text.index(quote)
    return Segment(guid, source, start, start + len(quote), quote, ("c",))


def test_labels_bodies_and_continuation_lines() -> None:
    cases = {"k7": Case("k7", "P07"), "k9": Case("k9", "P09")}
    turns = split_turns("s", TEXT, case_index(cases))
    assert [t.speaker for t in turns] == ["", MODERATOR, "P07", "P08", "P09", "Facilitator"]
    assert [t.role for t in turns] == [UNKNOWN, FACILITATOR] + [PARTICIPANT] * 3 + [FACILITATOR]
    assert [t.case for t in turns] == [None, None, "k7", None, "k9", None]
    assert turns[2].text == "Thanks. I think: it depends."
    # a line with no label continues the turn above it
    assert turns[-1].text == "Next question.\nand this line has no label: but a colon"
    for turn in turns:
        assert TEXT[turn.start : turn.end] == turn.text
        assert turn.index == turns.index(turn)


LABEL_FORMS = [
    ("Anna Smith: well", "Anna Smith", PARTICIPANT),
    ("ANNA: well", "ANNA", PARTICIPANT),
    ("P07: well", "P07", PARTICIPANT),
    ("Speaker 12: well", "Speaker 12", PARTICIPANT),
    ("[Anna] well", "Anna", PARTICIPANT),
    ("Anna (00:01:02): well", "Anna", PARTICIPANT),
    ("[00:01:02] Anna: well", "Anna", PARTICIPANT),
    ("00:03 Moderator: well", "Moderator", FACILITATOR),
    ("I: well", "I", FACILITATOR),
    ("Q: well", "Q", FACILITATOR),
    ("R: well", "R", PARTICIPANT),
    ("A: well", "A", PARTICIPANT),
    ("Interviewer: well", "Interviewer", FACILITATOR),
    ("Researcher: well", "Researcher", FACILITATOR),
    ("Moderator 2: well", "Moderator 2", FACILITATOR),
    ("Mr. Dabor: well", "Mr. Dabor", PARTICIPANT),
]


def test_every_listed_label_form() -> None:
    for line, speaker, role in LABEL_FORMS:
        (turn,) = split_turns("s", line + "\nand the next line\n")
        assert (turn.speaker, turn.role) == (speaker, role), line
        assert turn.text == "well\nand the next line", line


def test_prose_and_stage_directions_are_not_labels() -> None:
    text = "P01: I said this\nNote: not a person\n[laughter] and more\nhttp://x.y: no\n"
    (turn,) = split_turns("s", text)
    assert turn.speaker == "P01" and turn.text.endswith("http://x.y: no")


def test_user_extended_label_pattern_and_facilitator(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(speaker_labels, "PATTERNS", list(speaker_labels.PATTERNS))
    monkeypatch.setattr(
        speaker_labels, "FACILITATOR_LABELS", set(speaker_labels.FACILITATOR_LABELS)
    )
    settings_file = tmp_path / "labels.json"
    settings_file.write_text(
        '{"patterns": ["^>>\\\\s*(?P<name>\\\\w+)\\\\s*<<\\\\s*"], "facilitators": ["Chair"]}',
        encoding="utf-8",
    )
    speaker_labels.load_user_labels(str(settings_file))
    turns = split_turns("s", ">> Chair << Opening words\n>> Bola << My view\n")
    assert [(t.speaker, t.role, t.text) for t in turns] == [
        ("Chair", FACILITATOR, "Opening words"),
        ("Bola", PARTICIPANT, "My view"),
    ]


def test_speaker_key_agreement() -> None:
    assert (
        len({speaker_key(x) for x in ["P07", "p7", "Participant 7", "participant 07", "P 07"]}) == 1
    )
    assert speaker_key("P07") != speaker_key("P70")
    assert speaker_key("Moderator") == "moderator"


def test_facilitator_in_a_linked_interview_is_never_the_interviewee() -> None:
    """One interview per source, linked to its case: the interviewer's lines (and their hard-wrapped
    continuations) are the facilitator's, never the interviewee's with her attributes."""
    text = (
        "Interviewer: How long have you lived\n"
        "in the borough?\n"
        "Jane: Twenty years, give or take. The\n"
        "street has changed a lot.\n"
        "Interviewer: And the police?\n"
    )
    p = Project(name="t")
    p.cases = {"kj": Case("kj", "Respondent 4", (("Age", "45"),), source_guids=("s",))}
    p.sources = {"s": Source("s", "interview.txt", text)}
    p.segments = [
        _segment(p, "s", "in the borough?", "a"),
        _segment(p, "s", "street has changed a lot.", "b"),
        _segment(p, "s", "And the police?", "c"),
    ]
    link_speakers(p)
    a, b, c = p.segments
    assert (a.speaker, a.role, a.case) == ("Interviewer", FACILITATOR, None)
    assert (b.speaker, b.role, b.case) == ("Respondent 4", PARTICIPANT, "kj")
    assert (c.role, c.case) == (FACILITATOR, None)


def test_unlabelled_interview_is_the_linked_case_or_unknown() -> None:
    p = Project(name="t")
    p.cases = {"kx": Case("kx", "Interviewee", source_guids=("s2",))}
    p.sources = {
        "s2": Source("s2", "i", "Just talking here.\nMore talk.\n"),
        "s3": Source("s3", "j", "Nobody is named here.\n"),
    }
    p.segments = [_segment(p, "s2", "More talk", "a"), _segment(p, "s3", "Nobody", "b")]
    link_speakers(p)
    a, b = p.segments
    assert (a.speaker, a.role, a.case) == ("Interviewee", PARTICIPANT, "kx")
    assert (b.speaker, b.role, b.case) == ("", UNKNOWN, None)


def test_selection_ref_and_case_node_spans_name_the_case() -> None:
    p = Project(name="t")
    p.cases = {"k7": Case("k7", "P07"), "kb": Case("kb", "Bola")}
    p.sources = {"s": Source("s", "g", TEXT)}
    p.segments = [
        _segment(p, "s", "Agreed", "d"),
        _segment(p, "s", "Me too", "e"),
        _segment(p, "s", "Next question", "f"),
    ]
    start = TEXT.index("Me too")
    spans = {"s": [(start - 3, start + 10, "kb"), (0, len(TEXT), "k7")]}
    link_speakers(p, {"d": "k7", "f": "k7"}, spans)
    d, e, f = p.segments
    assert (d.speaker, d.case) == ("P07", "k7")  # the tool's SelectionRef outranks the label
    assert (e.case, e.role) == ("kb", PARTICIPANT)  # inside Bola's case-node selection
    assert (f.role, f.case) == (FACILITATOR, None)  # never a facilitator's passage


def test_exchange_lists_every_speaker_and_start_in_blank_space() -> None:
    text = "P01: one\n\n\nP02: two\nModerator: three\n"
    p = Project(name="t", sources={"s": Source("s", "s", text)})
    p.segments = [
        Segment("x", "s", 9, 14, text[9:14], ("c",)),
        Segment("y", "s", text.index("one"), text.index("three"), "", ("c",)),
    ]
    link_speakers(p)
    x, y = p.segments
    assert x.speaker == "P02"  # its first word is P02's label
    assert y.speaker == "P01" and [s for s, _ in y.exchange] == ["P01", "P02", MODERATOR]


# --- the property: the speaker of a passage is the nearest label at or above its start ----------
_SPEAKERS = ["P01", "P02", "Speaker 3", "Moderator", "Interviewer", "ANNA", "Mr. Dabor"]
_words = st.lists(
    st.text("abcdefghij .,?'", min_size=1, max_size=9).filter(lambda w: w.strip()),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_SPEAKERS), _words, st.booleans()), min_size=1, max_size=8),
    st.integers(12, 60),
    st.lists(st.tuples(st.floats(0, 1), st.integers(1, 80)), min_size=1, max_size=6),
)
def test_passage_speaker_is_nearest_label_above(turns, width, picks) -> None:
    lines = []
    for who, words, blank_after in turns:
        lines += textwrap.wrap(f"{who}: {' '.join(words)}", width=width) or [f"{who}:"]
        if blank_after:
            lines.append("")
    text = "\n".join(lines) + "\n"
    p = Project(name="t", sources={"s": Source("s", "s", text)})
    label = re.compile("^({}):".format("|".join(re.escape(s) for s in _SPEAKERS)), re.M)
    for i, (where, length) in enumerate(picks):
        start = min(int(where * len(text)), len(text) - 1)
        end = min(len(text), start + length)
        p.segments.append(Segment(f"s{i}", "s", start, end, text[start:end], ("c",)))
    link_speakers(p)
    for seg in p.segments:
        first = seg.start + (len(seg.text) - len(seg.text.lstrip()))
        above = [m for m in label.finditer(text) if m.start() <= first]
        expected = above[-1].group(1) if above else label.search(text).group(1)
        assert seg.speaker == expected, (seg.text, text)
        role = FACILITATOR if expected in ("Moderator", "Interviewer") else PARTICIPANT
        assert seg.role == role and (seg.case is None)
