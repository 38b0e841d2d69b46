"""The main area's focus-group matrices (codes × attribute, co-occurrence) against counts made
here by brute force, and never counting a facilitator's words as a participant's."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings

from explorer.core.qual.matrix import attribute_cell_segments, attribute_matrix
from explorer.core.qual.model import FACILITATOR, Code
from tests.fixtures.qual.builders import projects, sample_project


def _below(project, guid):
    out = set()
    for code in project.codes.values():
        current, seen = code.guid, set()
        while current in project.codes and current not in seen:
            if current == guid:
                out.add(code.guid)
                break
            seen.add(current)
            current = project.codes[current].parent
    return out


def _said(project, seg):
    role = seg.role or ("facilitator" if seg.speaker.casefold() == "moderator" else "")
    return role != FACILITATOR and seg.speaker.casefold() != "moderator"


def test_attribute_matrix_counts_participants_by_brute_force():
    p = sample_project()
    everyone = set(p.cases)
    m = attribute_matrix(p, "Gender", everyone)
    assert m.columns[0] == "All" and set(m.columns[1:]) == {"Woman", "Man"}
    for i, (guid, _name, _depth) in enumerate(m.rows):
        below = _below(p, guid)
        coded = {s.case for s in p.segments if set(s.codes) & below and _said(p, s) and s.case}
        for j, value in enumerate(m.keys):
            column = {
                c for c in everyone if value is None or p.cases[c].attribute("Gender") == value
            }
            assert m.counts[i][j] == len(coded & column)
            assert m.bases[i][j] == len(column)


@settings(max_examples=60, deadline=None)
@given(projects())
def test_attribute_matrix_random_projects(p):
    everyone = set(p.cases)
    names = p.attribute_names
    if not names:
        return
    m = attribute_matrix(p, names[0], everyone)
    for i, (guid, _name, _depth) in enumerate(m.rows):
        below = _below(p, guid)
        coded = {s.case for s in p.segments if set(s.codes) & below and _said(p, s) and s.case}
        assert m.counts[i][0] == len(coded)


def test_a_facilitator_in_a_case_linked_interview_is_not_the_participant():
    p = sample_project()
    seg = p.segments[0]
    # An interviewer's passage in a source linked to a participant's case: the case is known,
    # the speaker is the facilitator.
    p.segments[0] = replace(seg, role=FACILITATOR, speaker="Interviewer")
    m = attribute_matrix(p, "Gender", {seg.case})
    rows = {guid: i for i, (guid, _n, _d) in enumerate(m.rows)}
    stretched = rows.get("c-stretched")
    if stretched is not None:  # the same participant may have said something else coded so
        cells = attribute_cell_segments(p, "c-stretched", "Gender", None, {seg.case})
        assert seg.guid not in {s.guid for s in cells}
        assert m.counts[stretched][0] == len({s.case for s in cells})
    else:
        assert not attribute_cell_segments(p, "c-stretched", "Gender", None, {seg.case})


def test_codes_sharing_a_name_are_told_apart_by_their_path():
    p = sample_project()
    p.codes["c-privacy-2"] = Code("c-privacy-2", "Privacy", "c-ai")
    p.segments[-1] = replace(p.segments[-1], codes=(*p.segments[-1].codes, "c-privacy-2"))
    m = attribute_matrix(p, "Gender", set(p.cases))
    labels = [name for _g, name, _d in m.rows]
    assert "Artificial intelligence ▸ Privacy" in labels
    assert len(labels) == len(set(labels))
