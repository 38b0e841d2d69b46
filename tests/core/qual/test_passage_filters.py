"""Document sets, source variables, coder and coding date as focus-group-only filters, on a
REFI-QDA project written here as QualCoder and NVivo write one (users with guids, selections
with creatingUser and creationDateTime, source <VariableValue>s, <Sets>), checked by brute force
against the table the XML was written from."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from explorer.core import dimension_filters as dim_filters
from explorer.core import dimensions as dm
from explorer.core import filter_state as fs
from explorer.core import passage_dimensions as pd
from explorer.core.qual.load import load_project
from explorer.core.session import Session

USERS = {"U-ALICE": "alice", "U-BOB": "Bob Smith"}
# source guid → (name, borough variable, lines "Speaker: words")
SOURCES = {
    "S1": (
        "Group 1",
        "Camden",
        [
            "Moderator: What about trust?",
            "Ann: I trust them a lot.",
            "Ben: Not me, never have.",
            "Ann: They came quickly.",
        ],
    ),
    "S2": (
        "Group 2",
        "Hackney",
        [
            "Moderator: And the stop and search?",
            "Cat: It felt unfair.",
            "Dan: I think it works.",
            "Cat: Only with respect.",
        ],
    ),
    "S3": (
        "Group 3",
        "Camden",
        [
            "Moderator: Anything else?",
            "Ben: Visible patrols please.",
            "Dan: More foot patrols.",
            "Eve: Answer the phone!",
        ],
    ),
}
SETS = {"Wave 1": ("S1", "S2"), "Outer": ("S2", "S3")}
CASES = {"Ann": "Woman", "Ben": "Man", "Cat": "Woman", "Dan": "Man", "Eve": "Woman"}
# (source, line index, coder guid or "" for none, creationDateTime or "")
CODINGS = [
    ("S1", 1, "U-ALICE", "2024-03-05T10:00:00Z"),
    ("S1", 2, "U-BOB", "2024-04-01T09:30:00Z"),
    ("S1", 3, "U-ALICE", "2024-04-02T09:30:00Z"),
    ("S1", 0, "U-ALICE", "2024-03-05T10:00:00Z"),  # the moderator: never a participant quote
    ("S2", 1, "U-BOB", "2024-03-09T11:00:00Z"),
    ("S2", 2, "U-ALICE", "2024-03-09T11:00:00Z"),
    ("S2", 3, "", ""),  # a coding the tool recorded no coder or date for
    ("S3", 1, "U-BOB", "2024-04-11T08:00:00Z"),
    ("S3", 2, "U-BOB", "2024-04-11T08:00:00Z"),
    ("S3", 3, "U-ALICE", "2024-03-20T08:00:00Z"),
]


def project_xml(codings=CODINGS, document_sets=SETS) -> str:
    users = "".join(f'<User guid="{g}" name="{n}"/>' for g, n in USERS.items())
    cases = "".join(
        f'<Case guid="C-{n}" name="{n}"><VariableValue><VariableRef targetGUID="V-G"/>'
        f"<TextValue>{g}</TextValue></VariableValue></Case>"
        for n, g in CASES.items()
    )
    sources = []
    for guid, (name, borough, lines) in SOURCES.items():
        text = "\n".join(lines)
        selections = []
        for k, (source, line, coder, when) in enumerate(codings):
            if source != guid:
                continue
            start = text.index(lines[line]) + lines[line].index(":") + 2
            end = text.index(lines[line]) + len(lines[line])
            extra = (f' creatingUser="{coder}"' if coder else "") + (
                f' creationDateTime="{when}"' if when else ""
            )
            selections.append(
                f'<PlainTextSelection guid="P{k}" name="{text[start:end]}" '
                f'startPosition="{start}" endPosition="{end}"{extra}>'
                f'<Coding guid="X{k}"{extra}><CodeRef targetGUID="K1"/></Coding>'
                "</PlainTextSelection>"
            )
        sources.append(
            f'<TextSource guid="{guid}" name="{name}"><PlainTextContent>{text}</PlainTextContent>'
            f'<VariableValue><VariableRef targetGUID="V-B"/><TextValue>{borough}</TextValue>'
            f"</VariableValue>{''.join(selections)}</TextSource>"
        )
    sets = "".join(
        f'<Set guid="SET-{i}" name="{n}">'
        + "".join(f'<MemberSource targetGUID="{m}"/>' for m in members)
        + "</Set>"
        for i, (n, members) in enumerate(document_sets.items())
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Passages" origin="QualCoder 3.8">'
        f"<Users>{users}</Users>"
        '<CodeBook><Codes><Code guid="K1" name="Policing" isCodable="true"/></Codes></CodeBook>'
        '<Variables><Variable guid="V-G" name="Gender" typeOfVariable="Text"/>'
        '<Variable guid="V-B" name="Borough" typeOfVariable="Text"/></Variables>'
        f"<Cases>{cases}</Cases><Sources>{''.join(sources)}</Sources><Sets>{sets}</Sets>"
        "</Project>"
    )


def expected_rows() -> list[dict]:
    """The participant codings as the table above says: words, speaker, source facts."""
    rows = []
    for source, line, coder, when in CODINGS:
        name, borough, lines = SOURCES[source]
        speaker, words = lines[line].split(": ", 1)
        if speaker == "Moderator":
            continue
        rows.append(
            {
                "words": words,
                "speaker": speaker,
                "borough": borough,
                "sets": {n for n, members in SETS.items() if source in members},
                "coder": coder.casefold() or pd.NOT_RECORDED,
                "month": when[:7] or pd.NOT_RECORDED,
                "gender": CASES[speaker],
            }
        )
    return rows


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> Session:
    path = Path(tmp_path_factory.mktemp("qf")) / "Passages.qde"
    path.write_text(project_xml(), encoding="utf-8")
    return Session(None, load_project(path))


def test_dimensions_offered(session: Session) -> None:
    dims = {d.key: d for d in session.dimensions}
    sets = dims[pd.SOURCE_PREFIX + "Document set"]
    assert sorted(v.label for v in sets.values) == ["Outer", "Wave 1"]
    borough = dims[pd.SOURCE_PREFIX + "Borough"]
    assert [v.label for v in borough.values] == ["Camden", "Hackney"]
    coder = dims[pd.CODER_KEY]
    assert [v.label for v in coder.values] == ["alice", "Bob Smith", "Not recorded"]
    coded = dims[pd.CODED_KEY]
    assert [v.label for v in coded.values] == ["March 2024", "April 2024", "Not recorded"]
    for dim in (sets, borough, coder, coded):  # never the survey's
        assert dim.scope == dm.QUAL_ONLY and dim.survey_variable is None


def _brute(state_spec: dict[str, set[str]]) -> list[dict]:
    rows = expected_rows()
    for field, allowed in state_spec.items():
        if field == "sets":
            rows = [r for r in rows if r["sets"] & allowed]
        else:
            rows = [r for r in rows if r[field] in allowed]
    return rows


FIELDS = {
    "sets": (pd.SOURCE_PREFIX + "Document set", {"wave 1": "Wave 1", "outer": "Outer"}),
    "borough": (pd.SOURCE_PREFIX + "Borough", {"camden": "Camden", "hackney": "Hackney"}),
    "coder": (
        pd.CODER_KEY,
        {"u-alice": "u-alice", "u-bob": "u-bob", "not recorded": "not recorded"},
    ),
    "month": (pd.CODED_KEY, {"2024-03": "2024-03", "2024-04": "2024-04"}),
    "gender": ("qual:Gender", {"woman": "Woman", "man": "Man"}),
}
CHOICES = [
    {},
    {"coder": {"u-bob"}},
    {"coder": {"u-alice", "not recorded"}},
    {"sets": {"wave 1"}},
    {"sets": {"outer"}, "coder": {"u-alice"}},
    {"sets": {"wave 1", "outer"}, "month": {"2024-04"}},
    {"borough": {"camden"}, "gender": {"woman"}},
    {"borough": {"hackney"}, "coder": {"u-bob"}, "month": {"2024-03"}},
    {"sets": {"outer"}, "borough": {"hackney"}, "coder": {"u-alice"}},
]


def _state(spec: dict[str, set[str]]) -> fs.FilterState:
    state = fs.FilterState()
    for field, keys in spec.items():
        state = fs.with_values(state, FIELDS[field][0], keys)
    return state


def _translate(spec: dict[str, set[str]]) -> dict[str, set[str]]:
    return {f: {FIELDS[f][1][k] for k in keys} for f, keys in spec.items()}


@pytest.mark.parametrize("spec", CHOICES)
def test_quotes_and_participants_by_brute_force(session: Session, spec) -> None:
    state = _state(spec)
    want = _brute(_translate(spec))
    got = session.quotes(state)
    assert sorted((q.text, q.speaker) for q in got) == sorted(
        (r["words"], r["speaker"]) for r in want
    )
    people = {session.project.cases[g].name for g in session.participants(state)}
    assert people == {r["speaker"] for r in want}


@pytest.mark.parametrize("spec", CHOICES)
def test_counts_under_the_other_filters(session: Session, spec) -> None:
    state = _state(spec)
    for field, (key, keys) in FIELDS.items():
        dim = session.dimension(key)
        counts = dim_filters.participant_counts(session.project, state, session.dimensions, dim)
        others = {f: k for f, k in spec.items() if f != field}
        for value_key in keys:
            rows = _brute(_translate({**others, field: {value_key}}))
            assert counts[value_key] == len({r["speaker"] for r in rows}), (field, value_key)


def test_survey_never_named_nor_filtered(session: Session) -> None:
    state = _state({"sets": {"wave 1"}, "coder": {"u-bob"}, "month": {"2024-03"}})
    assert session.describe(state, "survey") == "All respondents"
    assert dim_filters.survey_filters(state, session.dimensions) == {}
    qual = session.describe(state, "qual")
    assert qual == "Document set Wave 1; Coded by Bob Smith; Coded in March 2024"
    assert session.describe(state, "qual only") == qual


def test_every_combination_of_two_values_agrees(session: Session) -> None:
    """Each pair of values from two different dimensions, brute force against the table."""
    items = [(f, k) for f, (_key, keys) in FIELDS.items() for k in keys]
    for (f1, k1), (f2, k2) in itertools.combinations(items, 2):
        spec = {f1: {k1}} if f1 == f2 else {f1: {k1}, f2: {k2}}
        if f1 == f2:
            spec = {f1: {k1, k2}}
        want = _brute(_translate(spec))
        got = session.quotes(_state(spec))
        assert sorted(q.text for q in got) == sorted(r["words"] for r in want), spec


def test_a_filter_that_cannot_narrow_is_not_offered(tmp_path: Path) -> None:
    """One coder and one month for every passage, every source in the one set: no such panels;
    a source variable with two values still is."""
    codings = [(s, line, "U-ALICE", "2024-03-05T10:00:00Z") for s, line, _c, _w in CODINGS]
    path = tmp_path / "One.qde"
    path.write_text(project_xml(codings, {"Wave 1": ("S1", "S2", "S3")}), encoding="utf-8")
    keys = {d.key for d in Session(None, load_project(path)).dimensions}
    assert pd.SOURCE_PREFIX + "Borough" in keys
    assert not keys & {pd.CODER_KEY, pd.CODED_KEY, pd.SOURCE_PREFIX + "Document set"}


def test_slide_names_them_on_the_quotes_never_on_the_survey(session: Session, tmp_path) -> None:
    """A briefing slide (chart and quotes) under a coder and document-set filter: the survey's
    base line names no focus-group-only filter, the quotes line names both, and the quotes are
    the filtered ones; the filter survives the briefing's save and reload."""
    from dataclasses import replace

    from explorer.core.briefing.model import Briefing, make_slide, view_from_state
    from explorer.core.slides.content import build_content
    from tests.core.export.fixtures import small_survey

    state = _state({"sets": {"outer"}, "coder": {"u-bob"}})
    both = Session(small_survey(), session.project)
    view = replace(view_from_state(state, ["q_tech_lfr"]), layout="chart+quotes")
    content = build_content(Briefing(slides=(make_slide("x", view=view),)), 0, both)
    survey_words = " ".join(content.survey_lines)
    assert "Coded by" not in survey_words and "Outer" not in survey_words
    assert "Bob Smith" not in survey_words
    assert "Document set Outer; Coded by Bob Smith" in content.quotes_line
    want = _brute(_translate({"sets": {"outer"}, "coder": {"u-bob"}}))
    assert sorted(q.text for q in content.quotes) == sorted(r["words"] for r in want)
    assert content.tables[0].columns[0].unweighted_base == both.base(fs.FilterState())[0]
    from explorer.core.briefing.store import filter_from_json, filter_to_json

    assert filter_from_json(json.loads(json.dumps(filter_to_json(state)))) == state


@pytest.mark.parametrize("spec", CHOICES)
def test_codes_by_attribute_matrix_follows_them(session: Session, spec) -> None:
    """The Codes × attribute matrix counts participants from the kept passages only."""
    from explorer.core.qual import matrix as mx

    state = _state(spec)
    keep = session.passage_filter(state)
    m = mx.attribute_matrix(session.project, "Gender", session.participants(state), None, keep)
    rows = _brute(_translate(spec))
    if not rows:
        assert m.rows == ()
        return
    want = [len({r["speaker"] for r in rows})] + [
        len({r["speaker"] for r in rows if r["gender"] == g}) for g in m.columns[1:]
    ]
    assert list(m.counts[0]) == want
    cell = mx.attribute_cell_segments(
        session.project, "K1", "Gender", None, session.participants(state), keep
    )
    assert sorted(s.text for s in cell) == sorted(r["words"] for r in rows)


def test_a_pinned_quote_under_a_live_coder_filter(session: Session) -> None:
    """Presenting live: a pinned quote stays only if a passage it lies in passes the live coder
    filter (its speaker being kept is not enough)."""
    from explorer.core.briefing.live_quotes import live_pinned
    from explorer.core.briefing.model import PinnedQuote

    pinned = []
    for seg in session.project.segments:
        if seg.case and not seg.blank:
            pinned.append((PinnedQuote(seg.source, seg.start, seg.end, seg.text, "x"), seg))
    for spec in ({"coder": {"u-alice"}}, {"coder": {"u-bob"}, "sets": {"outer"}}):
        state = _state(spec)
        kept = session.participants(state)
        shown, _note = live_pinned(
            [p for p, _s in pinned], session.project, kept, session.passage_filter(state)
        )
        want = _brute(_translate(spec))
        assert sorted(t for t, _a in shown) == sorted(r["words"] for r in want)
