"""Grouped bars stay readable: a column too small to show is named, not drawn; value labels are
shown only when they fit, and the footer says hover gives the figures when they do not."""

from __future__ import annotations

import pytest

from explorer.core.survey.load import load_survey
from explorer.core.survey.tabulate import compute_table
from tests.conftest import SAMPLE_DIR


@pytest.fixture(scope="module")
def young_by_vote():
    survey = load_survey(SAMPLE_DIR / "london_survey.sav")
    mask = survey.mask({"age_band": (1.0, 2.0)})
    return survey, compute_table(survey, "q_trust_met", by="vote_intention", mask=mask)


def test_a_suppressed_column_is_named_not_drawn(qtbot, young_by_vote) -> None:
    from explorer.ui.charts.grouped_bars import GroupedBars

    survey, table = young_by_vote
    hidden = [c for c in table.columns[1:] if "suppressed" in c.flags]
    assert hidden, "the sample's under-35 Other party voters are fewer than 10"
    chart = GroupedBars()
    qtbot.addWidget(chart)
    chart.resize(900, 1400)
    chart.show()
    chart.set_table(table, survey)
    drawn = [s for s in chart._series if len(s.opts["y"])]
    assert len(drawn) == len(table.columns) - 1 - len(hidden)
    for col in hidden:
        assert f"{col.letter} {col.label} n={col.unweighted_base}" in chart.footer.text()
    assert not any(text.endswith("[c]") for text in chart.label_texts)


def test_labels_show_when_they_fit_and_hide_when_they_would_overprint(qtbot, young_by_vote):
    from explorer.ui.charts.grouped_bars import GroupedBars

    survey, table = young_by_vote
    chart = GroupedBars()
    qtbot.addWidget(chart)
    chart.show()
    chart.resize(900, 1600)
    chart.set_table(table, survey)
    qtbot.waitUntil(chart.labels_fit)
    assert all(label.isVisible() for label in chart._labels[: len(chart.label_texts)])
    assert "hover" not in chart.footer.text()
    chart.resize(900, 380)
    qtbot.waitUntil(lambda: not chart.labels_fit())
    assert not any(label.isVisible() for label in chart._labels)
    assert chart.footer.text().startswith("Too many bars to label")
