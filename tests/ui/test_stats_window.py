"""The window's statistics: the significance and design dialog changes every table the window
shows (checked against the core with the same options), and the waves view charts the current
question over the waves of the illustrative tracker with the filter applied. Screenshots of both
are written at 1366×768 and 1920×1080 when BRIEFING_EXPLORER_SHOTS names a folder."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from explorer.core.captions import significance_line
from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.core.survey.load import load_survey
from explorer.core.survey.sample.tracker import WAVES, write_tracker
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import compute_table


@pytest.fixture(scope="module")
def tracker(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tracker")
    return load_survey(str(write_tracker(folder, respondents=400)[-1]))


def shoot(widget, name: str) -> None:
    folder = os.environ.get("BRIEFING_EXPLORER_SHOTS")
    if not folder:
        return
    for size in ((1366, 768), (1920, 1080)):
        widget.resize(*size)
        widget.grab().save(str(Path(folder) / f"{name}-{size[0]}.png"))


def test_settings_dialog_changes_every_table(qtbot, window, tracker) -> None:
    from explorer.ui.stats_dialog import StatsDialog

    window.set_session(Session(tracker))
    window.controller.question("q_trust_met")
    window.controller.breakdown("age_band")
    window.controller.flush()
    dialog = StatsDialog(window.session.options, tracker, window)
    qtbot.addWidget(dialog)
    dialog.correction.setCurrentIndex(dialog.correction.findData("bonferroni"))
    dialog.confidence.setCurrentIndex(2)  # 99%
    dialog.compare.setCurrentIndex(dialog.compare.findData("rest"))
    dialog.strata.setCurrentIndex(dialog.strata.findData("london_area"))
    shoot(dialog, "stats-dialog")
    chosen = dialog.options()
    assert chosen == TableOptions(
        correction="bonferroni", confidence=0.99, compare="rest", strata="london_area"
    )
    window.session.options = chosen
    window.charts.refresh(window.controller.state)
    shown = window.charts.grouped.table
    expected = compute_table(tracker, "q_trust_met", by="age_band", options=chosen)
    assert [[c.significance for c in r.cells] for r in shown.rows] == [
        [c.significance for c in r.cells] for r in expected.rows
    ]
    assert "99% level" in significance_line(shown) and "Bonferroni" in significance_line(shown)
    assert "Bonferroni" in window.charts.grouped.legend.text()
    # The table view states the same test, and the declared design and design effect
    window.charts.table_view.set_table(shown)
    legend = window.charts.table_view.legend.text()
    assert significance_line(shown) in legend and "london_area" in legend
    total = shown.columns[0]
    deff = total.unweighted_base / total.effective_base
    assert f"Design effect from weighting {deff:.2f}" in legend
    assert f"Design effect from weighting {deff:.2f}" in window.charts.grouped.footer.text()
    shoot(window, "grouped-bonferroni")


def test_waves_view_follows_the_filter(qtbot, window, tracker) -> None:
    from explorer.core.filter_state import with_values
    from explorer.ui.waves_dialog import WavesDialog, wave_candidates

    window.set_session(Session(tracker))
    assert wave_candidates(tracker)[0] == "wave"
    state = with_values(FilterState(), "age_band", ["18-24", "25-34"])
    dialog = WavesDialog(window.session, state, "q_trust_met", "london_area", window)
    qtbot.addWidget(dialog)
    dialog.answer.setCurrentIndex(dialog.answer.findData("net:trust"))
    tracker_view = dialog.tracker
    assert tracker_view.waves == WAVES and tracker_view.answer == "Trust (net)"
    assert len(tracker_view.lines) == 3  # total, inner and outer London: the breakdown applies
    assert "points or more" in dialog.summary.text()
    young = tracker.valid("q_trust_met") & np.isin(tracker.values("age_band"), (1, 2))
    wave = tracker.values("wave")
    bases = [p.unweighted_base for p in tracker_view.lines[0].points]
    assert bases == [int((young & (wave == w)).sum()) for w in (1, 2, 3, 4)]
    shoot(dialog, "waves")


def test_means_beside_a_0_to_10_distribution(qtbot, window) -> None:
    from explorer.core.survey.means import compute_means
    from tests.core.survey.stats_data import stats_survey

    rng = np.random.default_rng(3)
    n = 600
    by = rng.integers(1, 3, n).astype(float)
    score = np.clip(np.round(rng.normal(4 + 2 * by, 2)), 0, 10)
    survey = stats_survey(np.ones(n), by, rng.uniform(0.5, 2, n), score=score)
    window.set_session(Session(survey))
    window.controller.question("score")
    window.controller.breakdown("by")
    window.controller.flush()
    panel = window.charts.means
    assert panel.isVisible()
    expected = compute_means(survey, "score", by="by")
    assert panel.means.columns == expected.columns
    assert f"{expected.columns[2].mean:.1f}</b> <b>A" in panel.text()  # G2 higher than G1
    shoot(window, "means")
    window.controller.question("q")  # a question with no mean: the panel goes
    window.controller.flush()
    assert not panel.isVisible()


def test_single_chart_footer_and_tooltip_follow_the_settings(qtbot, window, tracker) -> None:
    from explorer.ui.charts.bar_chart import footer_text, tooltip_text

    window.set_session(Session(tracker))
    window.session.options = TableOptions(confidence=0.90)
    window.controller.question("q_trust_met")
    window.controller.breakdown(None)
    window.controller.flush()
    chart = window.charts.bar_chart
    table = chart.table
    w = tracker.values(tracker.weight)[tracker.valid("q_trust_met")]
    deff = w.size * (w**2).sum() / w.sum() ** 2  # n / Kish base, worked out here
    assert f"Design effect from weighting {deff:.2f}" in footer_text(table)
    tip = tooltip_text(chart.bars[0], table.columns[0].unweighted_base, "hidden", confidence=0.90)
    assert "90% interval" in tip


def test_a_banded_number_shows_the_means_of_the_number(qtbot, window) -> None:
    import pandas as pd

    from explorer.core.survey.derive import add_bands
    from explorer.core.survey.model import Kind, SourceInfo, Survey, Variable

    rng = np.random.default_rng(9)
    n = 800
    by = rng.integers(1, 3, n).astype(float)
    age = np.round(rng.normal(38 + 8 * by, 12)).clip(16, 90)
    age[::40] = np.nan  # some did not say
    w = rng.uniform(0.5, 2.0, n)
    variables = {
        "years": Variable("years", "Years lived in London", Kind.NUMERIC),
        "by": Variable("by", "Group", Kind.NOMINAL, ((1.0, "G1"), (2.0, "G2"))),
        "w": Variable("w", "Weight", Kind.WEIGHT),
    }
    frame = pd.DataFrame({"years": age, "by": by, "w": w})
    survey = Survey.from_frame(frame, variables, SourceInfo("ages.sav", "spss"), weight="w")
    survey, banded = add_bands(survey, "years", [25, 45, 65])
    assert survey.variables[banded].banded_from == "years"
    window.set_session(Session(survey))
    window.controller.question(banded)
    window.controller.breakdown("by")
    window.controller.flush()
    panel = window.charts.means
    assert panel.isVisible() and panel.means.question == "years"
    assert "Means of Years lived in London (before banding)" in panel.text()
    said = ~np.isnan(age)
    for column, group in zip(panel.means.columns[1:], (1.0, 2.0)):
        inside = said & (by == group)
        assert column.mean == pytest.approx((w[inside] * age[inside]).sum() / w[inside].sum())
        assert column.unweighted_base == int(inside.sum())
    shoot(window, "banded-means")


def test_waves_from_the_other_waves_files(qtbot, window, tmp_path) -> None:
    from explorer.core.filter_state import with_values
    from explorer.ui.waves_dialog import FILES, WavesDialog

    paths = [str(p) for p in write_tracker(tmp_path, respondents=300)[:4]]  # one file per wave
    second = load_survey(paths[1])
    window.set_session(Session(second))
    state = with_values(FilterState(), "age_band", ["18-24", "25-34"])
    dialog = WavesDialog(window.session, state, "q_trust_met", "london_area", window)
    qtbot.addWidget(dialog)
    dialog.ask_files = lambda: [paths[3], paths[0], paths[2]]  # any order: file-name order wins
    dialog.choose_files()
    assert dialog.wave_var.currentData() == FILES
    assert dialog.baseline.count() == 4
    dialog.answer.setCurrentIndex(dialog.answer.findData("net:trust"))
    tracker = dialog.tracker
    names = [p.rsplit("/", 1)[-1] for p in paths]
    assert tracker.waves == tuple(f"Wave {i} ({n})" for i, n in enumerate(names, start=1))
    assert len(tracker.lines) == 3  # total and the two areas: the breakdown applies
    for point, path in zip(tracker.lines[0].points, paths):
        survey = load_survey(path)
        young = np.isin(survey.values("age_band"), (1, 2)) & survey.valid("q_trust_met")
        w = survey.values(survey.weight)
        assert point.unweighted_base == int(young.sum())  # the window's filter, in each file
        trusting = young & np.isin(survey.values("q_trust_met"), (1, 2))
        assert point.percent == pytest.approx(100 * w[trusting].sum() / w[young].sum())
    assert "points or more" in dialog.summary.text()
    shoot(dialog, "waves-files")


def test_a_saved_briefing_records_the_settings_and_opening_it_restores_them(
    qtbot, window, tracker, tmp_path
) -> None:
    import json

    window.set_session(Session(tracker))
    window.controller.question("q_trust_met")
    window.controller.flush()
    chosen = TableOptions(correction="holm", confidence=0.99, strata="london_area")
    window.session.options = chosen
    panel = window.briefing_panel
    panel.warn = lambda *args: None  # no modal dialogs in a test
    panel.ask = lambda *args: False
    panel.add_current_view()
    path = tmp_path / "settings.briefing.json"
    assert panel._save_to(path)
    saved = json.loads(path.read_text(encoding="utf-8"))["statistics"]
    assert (saved["correction"], saved["confidence"], saved["strata"]) == (
        "holm",
        0.99,
        "london_area",
    )
    window.session.options = TableOptions()  # the analyst changes them; then reopens
    assert panel.open(path)
    options = window.session.options
    assert (options.correction, options.confidence, options.strata) == ("holm", 0.99, "london_area")
    shown = window.charts.bar_chart.table  # recomputed with them
    assert (shown.settings["correction"], shown.settings["strata"]) == ("holm", "london_area")
