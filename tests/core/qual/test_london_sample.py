"""The bundled London focus groups against their contract (reference/focus_groups.md), and the
committed .qdpx against the readable sources it is built from."""

from __future__ import annotations

import csv
import re
import shutil
import statistics
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from explorer.core.errors import ExplorerError
from explorer.core.qual.london_sample import build_project
from explorer.core.qual.model import MODERATOR, Project
from tests.conftest import REFERENCE_DIR, SAMPLE_DIR

SOURCES = SAMPLE_DIR / "focus_groups"
QDPX = SAMPLE_DIR / "london_focus_groups.qdpx"

# participant attribute → the survey variable whose value labels it must use
SURVEY_VARIABLE = {
    "Age": "age_band",
    "Gender": "gender",
    "Ethnic group": "ethnic_group",
    "Victim in past year": "q_victim",
}


@pytest.fixture(scope="module")
def project() -> Project:
    return build_project(SOURCES)


def _participants() -> list[dict[str, str]]:
    with (SOURCES / "participants.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _paragraphs(stem: str) -> list[tuple[str, str]]:
    """(label, text) per non-empty line, parsed here independently of the builder."""
    out = []
    for line in (SOURCES / f"{stem}.txt").read_text(encoding="utf-8").split("\n"):
        if line.strip():
            label, _, text = line.partition(": ")
            out.append((label, text.rstrip()))
    return out


def _participant_turns(project: Project, location: str | None = "London") -> list:
    turns = []
    for source in project.sources.values():
        for turn in source.turns:
            if turn.case is None:
                continue
            if location is None or project.cases[turn.case].attribute("Location") == location:
                turns.append(turn)
    return turns


def _survey_labels() -> dict[str, set[str]]:
    """variable → its substantive value labels, parsed from questionnaire.md's tables."""
    labels: dict[str, set[str]] = {}
    text = (REFERENCE_DIR / "questionnaire.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        values = re.findall(r"(?:^|, )\d+ ([^,]+?)(?= \(missing\)|,|$)", cells[2])
        missing = set(re.findall(r"\d+ ([^,]+?) \(missing\)", cells[2]))
        for name in re.findall(r"`(\w+)`", cells[0]):
            labels[name] = {v for v in values if v not in missing}
    return labels


def _coding_frame() -> dict[str, list[str]]:
    text = (REFERENCE_DIR / "focus_groups.md").read_text(encoding="utf-8")
    section = text.split("## Coding frame", 1)[1].split("\n## ", 1)[0]
    frame = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("parent", "---"):
            frame[cells[0]] = [c.strip() for c in cells[1].split(";")]
    return frame


def test_three_london_groups_of_twelve_distinct_participants(project: Project) -> None:
    rows = [r for r in _participants() if r["Location"] == "London"]
    by_group: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_group[row["Group"]].add(row["pseudonym"])
    assert sorted(by_group) == ["Group 1", "Group 2", "Group 3"]
    assert all(len(people) == 12 for people in by_group.values())
    assert len({r["pseudonym"] for r in rows}) == 36 == len(rows)
    # each group's transcript is spoken by exactly that group's twelve people
    for source in project.sources.values():
        speakers = {t.speaker for t in source.turns if t.case}
        if source.group in by_group:
            assert speakers == by_group[source.group]
            assert {t.speaker for t in source.turns if not t.case} == {MODERATOR}


def test_enough_participant_turns(project: Project) -> None:
    turns = _participant_turns(project)
    assert len(turns) >= 240
    per_group = Counter(project.sources[t.source].group for t in turns)
    assert len(per_group) == 3 and min(per_group.values()) >= 80
    # nobody dominates their group and everybody speaks more than once
    per_person = Counter(t.speaker for t in turns)
    assert min(per_person.values()) >= 3
    assert max(per_person.values()) <= 0.2 * min(per_group.values())


def test_most_participant_turns_are_coded_and_moderators_never(project: Project) -> None:
    codes_per_turn: dict[tuple[str, int], set[str]] = defaultdict(set)
    for segment in project.segments:
        codes_per_turn[(segment.source, segment.turn)].update(segment.codes)
        assert segment.speaker != MODERATOR
    turns = _participant_turns(project, location=None)
    coded = [len(codes_per_turn[(t.source, t.index)]) for t in turns]
    assert sum(n >= 1 for n in coded) >= 0.8 * len(turns)
    assert sum(n >= 2 for n in coded) >= 0.3 * len(turns)  # many carry two or three


def test_codebook_is_the_coding_frame(project: Project) -> None:
    frame = _coding_frame()
    assert len(frame) == 8
    by_guid = project.codes
    parents = [c for c in by_guid.values() if c.parent is None]
    assert [c.name for c in parents] == list(frame)
    for parent in parents:
        assert [c.name for c in project.children(parent.guid)] == frame[parent.name]
    colours = [c.color for c in by_guid.values()]
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours)
    assert len(set(colours)) == len(colours)
    assert all(len(c.description) > 20 for c in by_guid.values())
    # every child code is used somewhere, so every filter on the frame finds quotes
    used = {g for s in project.segments for g in s.codes}
    assert {c.guid for c in by_guid.values() if c.parent} <= used


def test_every_quote_in_codings_is_verbatim_in_its_turn(project: Project) -> None:
    with (SOURCES / "codings.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    quoted = 0
    for row in rows:
        speaker, ordinal = row["turn"].split("#")
        turns = [text for label, text in _paragraphs(row["source"]) if label == speaker]
        text = turns[int(ordinal) - 1]
        if row["quote"]:
            quoted += 1
            assert row["quote"] in text
            assert row["quote"] != text
    assert quoted >= 1
    texts = {s.text for s in project.segments}
    assert all(not r["quote"] or r["quote"] in texts for r in rows)


def test_segments_lie_on_their_speakers_turns(project: Project) -> None:
    for segment in project.segments:
        source = project.sources[segment.source]
        turn = source.turns[segment.turn]
        assert segment.text == source.text[segment.start : segment.end]
        assert turn.start <= segment.start < segment.end <= turn.end
        assert segment.case == turn.case and project.cases[segment.case].name == segment.speaker
    # turn offsets are code points into the text, label excluded
    for stem, source in zip(("group1", "group2", "group3"), project.sources.values()):
        parsed = _paragraphs(stem)
        assert [(t.speaker, t.text) for t in source.turns] == parsed


def test_attribute_values_use_the_survey_wording(project: Project) -> None:
    labels = _survey_labels()
    born = re.search(
        r"`Born in the UK` \(([^)]*)\)",
        (REFERENCE_DIR / "focus_groups.md").read_text(encoding="utf-8"),
    )
    assert born is not None
    allowed = {attr: labels[var] for attr, var in SURVEY_VARIABLE.items()}
    allowed["Born in the UK"] = {v.strip() for v in born.group(1).split("/")}
    assert "18–24" in allowed["Age"]  # the parse found the en-dash bands
    for case in project.cases.values():
        values = case.attribute_map
        assert set(values) >= set(allowed) | {"Group", "Location"}
        for attr, wording in allowed.items():
            assert values[attr] in wording, (case.name, attr, values[attr])
    # a plausible mix in every London group
    for group in ("Group 1", "Group 2", "Group 3"):
        people = [c for c in project.cases.values() if c.attribute("Group") == group]
        for attr in allowed:
            assert len({c.attribute(attr) for c in people}) >= 2, (group, attr)
        assert len({c.attribute("Age") for c in people}) >= 4


def test_pseudonyms_only(project: Project) -> None:
    assert all(re.fullmatch(r"P\d\d", c.name) for c in project.cases.values())
    for path in SOURCES.glob("*.txt"):
        labels = {label for label, _ in _paragraphs(path.stem)}
        assert all(re.fullmatch(r"P\d\d|Moderator", label) for label in labels), labels


def test_project_says_it_is_illustrative(project: Project) -> None:
    assert project.illustrative
    assert project.description.startswith("Illustrative sample data:")
    assert "no real participant said them" in project.description


def test_turns_read_like_talk_not_a_template(project: Project) -> None:
    texts = [t.text for t in _participant_turns(project)]
    openings = [" ".join(t.casefold().split()[:5]) for t in texts]
    assert len(set(openings)) / len(openings) >= 0.9
    lengths = [len(t.split()) for t in texts]
    assert min(lengths) <= 3 and max(lengths) >= 50
    assert statistics.pstdev(lengths) >= 0.5 * statistics.mean(lengths)
    assert 0.1 <= sum(n < 8 for n in lengths) / len(lengths) <= 0.5
    # people answer each other by pseudonym and talk with hesitations
    assert sum(bool(re.search(r"\bP\d\d\b", t)) for t in texts) >= 6
    hesitant = r"\b(um|I mean|yeah, no|honestly|to be fair|I don't know)\b"
    assert sum(bool(re.search(hesitant, t, re.IGNORECASE)) for t in texts) >= 25


def test_build_is_deterministic_and_guids_unique(project: Project) -> None:
    again = build_project(SOURCES)
    assert again == project
    guids = [*project.codes, *project.cases, *project.sources, *(s.guid for s in project.segments)]
    assert len(set(guids)) == len(guids)


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        ("codings.csv", "I reported it online", "I reported it by pigeon", "quotes text"),
        ("codings.csv", ",Sympathy for officers\n", ",Sympathy for robots\n", "no code"),
        ("codings.csv", "group1,P03#1,", "group1,P03#99,", "no turn"),
        ("group2.txt", "P14: Um, invisible?", "Anna: Um, invisible?", "label"),
        ("codebook.csv", "Technology known,ANPR", "Technology knwon,ANPR", "parent"),
    ],
)
def test_builder_fails_loudly_on_broken_sources(
    tmp_path: Path, file: str, old: str, new: str, problem: str
) -> None:
    folder = tmp_path / "focus_groups"
    shutil.copytree(SOURCES, folder)
    target = folder / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ExplorerError, match=problem) as error:
        build_project(folder)
    assert error.value.message.startswith(file)


def _comparable(project: Project) -> tuple:
    # where the file put things (its text file, its own positions) is the reader's to add
    sources = {
        g: replace(s, file_name="", convention="", attributes=())
        for g, s in project.sources.items()
    }
    segments = [replace(s, file_start=None, file_end=None) for s in project.segments]
    return (
        project.name,
        project.description,
        project.illustrative,
        project.codes,
        project.cases,
        sources,
        segments,
        project.users,
    )


def test_committed_qdpx_round_trips_to_the_built_project(project: Project) -> None:
    load = pytest.importorskip("explorer.core.qual.load")
    loaded = load.load_project(QDPX)
    assert loaded.skipped == []
    assert _comparable(loaded) == _comparable(project)


def test_committed_qdpx_is_up_to_date(tmp_path: Path, project: Project) -> None:
    load = pytest.importorskip("explorer.core.qual.load")
    writer = pytest.importorskip("explorer.core.qual.qde_writer")
    fresh = tmp_path / "rebuilt.qdpx"
    writer.write_qdpx(project, fresh)
    assert _comparable(load.load_project(fresh)) == _comparable(load.load_project(QDPX)), (
        "run `python -m explorer.core.qual.london_sample` after editing the sources"
    )


def test_attribute_values_match_the_bundled_survey_labels(project: Project) -> None:
    sav = SAMPLE_DIR / "london_survey.sav"
    if not sav.exists():
        pytest.skip("the sample survey is not built yet")
    from explorer.core.survey.load import load_survey

    variables = load_survey(sav).variables
    for attr, name in SURVEY_VARIABLE.items():
        labels = set(variables[name].labels.values())
        assert {c.attribute(attr) for c in project.cases.values()} <= labels, attr
