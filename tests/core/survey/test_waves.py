"""Trackers on the illustrative four-wave London tracker (written by its generator, read back by
the loader): each wave equals its own table, the wave-on-wave and baseline tests equal pooled
z-tests computed here on the raw data with the correction as a decision procedure, the minimum
detectable change is the textbook formula, and questionnaire differences are reported."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pytest

from explorer.cli import main
from explorer.core.errors import ExplorerError
from explorer.core.survey.load import load_survey
from explorer.core.survey.model import Variable
from explorer.core.survey.sample.tracker import WAVES, write_tracker
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import compute_table
from explorer.core.survey.waves import Wave, match, track, waves_from_variable
from tests.core.survey.test_significance import rejected

Z = 1.959963984540054


@pytest.fixture(scope="module")
def tracker_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tracker")
    return [str(p) for p in write_tracker(folder, respondents=600)]


@pytest.fixture(scope="module")
def pooled(tracker_files):
    return load_survey(tracker_files[-1])


def test_the_tracker_is_labelled_illustrative(pooled) -> None:
    assert pooled.illustrative
    assert "Illustrative" in pooled.source.file_label
    assert [pooled.variable("wave").label_for(c) for c in (1, 2, 3, 4)] == list(WAVES)


def test_each_wave_is_its_own_table_and_tests_match_a_reference(pooled) -> None:
    waves = waves_from_variable(pooled, "wave")
    assert [w.label for w in waves] == list(WAVES)
    filters = {"age_band": (1.0, 2.0, 3.0, 4.0)}
    tracker = track(waves, "q_trust_met", answer="net:trust", filters=filters, baseline=0)
    wave_codes = pooled.values("wave")
    trust = np.isin(pooled.values("q_trust_met"), (1, 2))
    valid = pooled.valid("q_trust_met") & np.isin(pooled.values("age_band"), (1, 2, 3, 4))
    w = pooled.weights()
    p, n = [], []
    for i, point in enumerate(tracker.lines[0].points):
        inside = valid & (wave_codes == i + 1)
        table = compute_table(pooled, "q_trust_met", mask=pooled.mask(filters) & waves[i].mask)
        cell = next(r for r in table.rows if r.code == "net:trust").cells[0]
        assert (point.percent, point.ci_low, point.ci_high) == (
            cell.percent,
            cell.ci_low,
            cell.ci_high,
        )
        p.append(w[inside & trust].sum() / w[inside].sum())
        n.append(w[inside].sum() ** 2 / (w[inside] ** 2).sum())
        assert point.percent == pytest.approx(100 * p[-1], rel=1e-12)

    def pvalue(i, j):
        pooled_p = (p[i] * n[i] + p[j] * n[j]) / (n[i] + n[j])
        se = math.sqrt(pooled_p * (1 - pooled_p) * (1 / n[i] + 1 / n[j]))
        return math.erfc(abs(p[i] - p[j]) / se / math.sqrt(2))

    previous = [pvalue(i, i - 1) for i in (1, 2, 3)]
    baseline = [pvalue(i, 0) for i in (1, 2, 3)]
    sig_prev, sig_base = rejected(previous, "bh", 0.05), rejected(baseline, "bh", 0.05)
    points = tracker.lines[0].points
    for k, i in enumerate((1, 2, 3)):
        direction = "▲" if p[i] > p[i - 1] else "▼"
        assert points[i].vs_previous == (direction if k in sig_prev else "")
        direction = "▲" if p[i] > p[0] else "▼"
        assert points[i].vs_baseline == (direction if k in sig_base else "")
    everyone = track(waves, "q_trust_met", answer="net:trust")
    assert everyone.lines[0].points[3].vs_baseline == "▼"  # the written-in drift shows
    mdd = 100 * Z * math.sqrt(p[3] * (1 - p[3]) * (1 / n[3] + 1 / n[2]))
    assert tracker.lines[0].detectable == pytest.approx(mdd, rel=1e-9)
    assert f"a change of {math.ceil(mdd)} points or more" in tracker.detectable_sentence()


def test_separate_files_give_the_same_figures_as_the_wave_variable(tracker_files, pooled) -> None:
    surveys = [load_survey(path) for path in tracker_files[:4]]
    options = TableOptions(correction="holm", confidence=0.99)
    apart = track([Wave(f"W{i}", s) for i, s in enumerate(surveys)], "q_tech_lfr",
                  by="london_area", options=options, baseline=1)  # fmt: skip
    together = track(waves_from_variable(pooled, "wave"), "q_tech_lfr", by="london_area",
                     options=options, baseline=1)  # fmt: skip
    assert len(apart.lines) == 3  # total and both areas: the breakdown applies
    for a, b in zip(apart.lines, together.lines):
        for x, y in zip(a.points, b.points):
            assert x.percent == pytest.approx(y.percent, rel=1e-12)
            assert (x.vs_previous, x.vs_baseline) == (y.vs_previous, y.vs_baseline)
    assert match(surveys, ["q_tech_lfr", "london_area"]) == []


def test_questionnaire_differences_are_reported(tracker_files) -> None:
    one, two = load_survey(tracker_files[0]), load_survey(tracker_files[1])
    var = two.variables["q_trust_met"]
    two.variables["q_trust_met"] = replace(
        var, label="Trust in the Met", value_labels=((1.0, "A lot"), *var.value_labels[1:])
    )
    del two.variables["q_victim"]
    found = match([one, two], ["q_trust_met"])
    assert any("labelled 'Trust in the Met'" in line for line in found)
    assert any("value labels differ" in line and "codes 1" in line for line in found)
    assert any("lacks 1 variable(s): q_victim" in line for line in found)
    with pytest.raises(ExplorerError, match="has no variable named 'q_victim'"):
        match([one, two], ["q_victim"])
    assert isinstance(var, Variable)


def test_waves_on_the_command_line(tracker_files, capsys) -> None:
    code = main(["waves", tracker_files[-1], "--wave-var", "wave", "-q", "q_trust_met",
                 "--code", "net:trust", "--format", "json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["waves"] == list(WAVES) and data["answer"] == "Trust (net)"
    assert data["minimum_detectable_change"] > 0
    code = main(["waves", tracker_files[0], "-q", "q_trust_met"])
    assert code == 2 and "one file per wave" in capsys.readouterr().err
    code = main(["waves", tracker_files[-1], "--wave-var", "wave", "-q", "q_trust_met",
                 "--code", "7"])  # fmt: skip
    assert code == 2 and "no answer '7'" in capsys.readouterr().err


def test_file_waves_are_in_file_name_order_and_weighted_alike(tracker_files) -> None:
    from explorer.core.errors import ExplorerError
    from explorer.core.survey.load import load_survey
    from explorer.core.survey.waves import file_waves, weighted_like
    from explorer.core.survey.weight_choice import with_weight

    surveys = [load_survey(p) for p in tracker_files[:4]]
    waves = file_waves([surveys[2], surveys[0], surveys[3], surveys[1]])
    assert [w.survey for w in waves] == surveys
    assert waves[0].label == f"Wave 1 ({surveys[0].name})"
    unweighted = with_weight(surveys[0], None)
    assert weighted_like(surveys[1], unweighted).weight is None
    assert weighted_like(surveys[1], surveys[0]).weight == surveys[0].weight
    from tests.core.survey.stats_data import stats_survey

    other = stats_survey(np.ones(4), np.ones(4), np.ones(4))  # weighted by "w"
    with pytest.raises(ExplorerError, match="no weight variable named 'w'"):
        weighted_like(surveys[1], other)
    with pytest.raises(ExplorerError, match="at least two"):
        file_waves([surveys[0]])
