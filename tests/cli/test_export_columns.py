"""`explorer export` reads only the survey variables its slides use, yet its session's profile
dimensions are the whole file's: which survey variable takes a focus-group attribute (and so
filters the quotes beside a chart) is decided over every variable, so every variable that could
take one is read too. Checked on the hand-made .sav of test_matrix_columns, where an earlier
variable labelled "Age" takes the focus groups' Age before the linked `age_band`."""

from __future__ import annotations

from explorer.core.briefing.columns import briefing_columns, load_for_export
from explorer.core.briefing.model import Briefing, add_slide, make_slide, view_from_state
from explorer.core.filter_state import FilterState
from explorer.core.session import load_session
from tests.cli.test_matrix_columns import QUAL, hand_made  # noqa: F401 (a fixture)


def _dimensions(session) -> list[tuple]:
    return [
        (d.key, d.survey_variable, d.qual_attribute, tuple(v.label for v in d.values))
        for d in session.dimensions
    ]


def test_an_exports_session_has_the_whole_files_dimensions_from_fewer_columns(
    hand_made,  # noqa: F811 (the fixture)
) -> None:
    path, _topics = hand_made
    view = view_from_state(FilterState(), ["q_use_a"], "age_band")
    briefing = add_slide(Briefing(title="Use"), make_slide("Technology used", view=view))
    part = load_for_export(briefing, str(path), QUAL)
    whole = load_session(str(path), QUAL)
    assert _dimensions(part) == _dimensions(whole)
    age = next(d for d in whole.dimensions if d.qual_attribute == "Age")
    assert age.survey_variable == "age_first"  # the trap: the first variable labelled Age
    assert "age_first" in part.survey.columns
    assert len(part.survey.columns) < len(whole.survey.columns)
    assert not {f"q_noise_{i}" for i in range(1, 9)} & set(part.survey.columns)
    # the test could not pass by luck: the slides' own variables alone give other dimensions
    naive = load_session(str(path), QUAL, columns=briefing_columns(briefing))
    assert _dimensions(naive) != _dimensions(whole)
    # and the tables the slide shows are the same either way
    state = FilterState()
    part_table = part.table("q_use_a", state, by="age_band")
    whole_table = whole.table("q_use_a", state, by="age_band")
    assert part_table.columns == whole_table.columns and part_table.rows == whole_table.rows
