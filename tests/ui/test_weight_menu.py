"""Data ▸ Weight… in the window: asked at open when a file has several weight-like variables,
remembered per file, and the status bar, captions and tables follow the weight applied."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from explorer.core.captions import base_line as base_caption
from explorer.core.survey.model import Kind, Survey, Variable
from explorer.ui import data_menu


def _two_weights(path, n: int = 300):
    rng = np.random.default_rng(9)
    frame = pd.DataFrame(
        {
            "sex": rng.choice([1, 2], n),
            "wt_a": rng.uniform(0.5, 2.0, n),
            "wt_b": rng.uniform(0.5, 2.0, n),
        }
    )
    frame.loc[:19, "wt_b"] = 0.0
    frame.to_csv(path, index=False)
    return frame


@pytest.fixture
def answers(monkeypatch):
    """What the (replaced) weight dialog answers, and a record of each time it was asked."""
    asked: list[bool] = []
    reply = {"value": (True, "wt_b")}

    def fake(window, survey, *, asking):
        asked.append(asking)
        return reply["value"]

    monkeypatch.setattr(data_menu, "ask_weight", fake)
    return asked, reply


def test_several_candidates_are_asked_at_open_and_remembered(qtbot, window, tmp_path, answers):
    asked, reply = answers
    path = tmp_path / "poll.csv"
    frame = _two_weights(path)
    window.open_files(survey=str(path))
    qtbot.waitUntil(lambda: window.session.names.startswith("poll.csv"), timeout=15000)
    assert asked == [True]
    survey = window.session.survey
    assert survey.weight == "wt_b"
    assert "weight: wt_b" in window.status_base.text()
    assert "280" in window.status_base.text()  # 20 zero weights left out of the base
    table = window.session.table("sex", window.controller.state)
    kept = frame["wt_b"].to_numpy() > 0
    w = frame["wt_b"].to_numpy()
    male = w[kept & (frame["sex"].to_numpy() == 1)].sum() / w[kept].sum()
    assert table.rows[0].cells[0].percent == pytest.approx(100 * male, abs=1e-10)
    assert table.columns[0].unweighted_base == 280
    # Opened again: the remembered choice is used without asking.
    reply["value"] = (True, "wt_a")
    first = window.session
    with qtbot.waitSignal(window.loader.loaded, timeout=15000):
        window.open_files(survey=str(path))
    assert window.session is not first
    assert asked == [True] and window.session.survey.weight == "wt_b"


def test_data_weight_menu_switches_to_unweighted(qtbot, window, tmp_path, answers):
    asked, reply = answers
    reply["value"] = (True, None)
    data = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Data")
    names = [a.text() for a in window.menuBar().actions()]
    assert names.index("&Data") < names.index("&View")
    action = next(a for a in data.actions() if a.text() == "&Weight…")
    action.trigger()
    assert asked == [False]
    survey = window.session.survey
    assert survey.weight is None
    assert "unweighted (no weight applied)" in window.status_base.text()
    question = window.session.questions()[0]
    table = window.session.table(question, window.controller.state)
    assert not table.weighted and "unweighted" in base_caption(table)
    assert window.settings.weight_for(survey.source.path) == ""


def test_weight_dialog_lists_candidates_first_and_none_last(qtbot, tmp_path):
    from explorer.core.survey.load import load_survey
    from explorer.ui.weight_dialog import NO_WEIGHT, WeightDialog

    path = tmp_path / "poll.csv"
    _two_weights(path)
    dialog = WeightDialog(load_survey(path), asking=True)
    qtbot.addWidget(dialog)
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert texts[0].startswith("wt_a") and texts[1].startswith("wt_b")
    assert "20 zero, negative, missing or absurd would be left out" in texts[1]
    assert texts[-1] == NO_WEIGHT
    assert dialog.chosen() is None  # nothing applied yet: "No weight" is selected
    dialog.choose("wt_a")
    assert dialog.chosen() == "wt_a"


def test_define_a_net_and_band_a_number_from_the_data_menu(qtbot, window, monkeypatch):
    from PySide6.QtCore import Qt

    question = window.session.questions()[0]
    var = window.session.survey.variable(question)
    codes = [c for c, _ in var.value_labels[:2]]

    def fill_net(dialog):
        dialog.question.setCurrentIndex(dialog.question.findData(question))
        dialog.label.setText("Top two")
        dialog.tick(codes)
        return True

    monkeypatch.setattr(data_menu, "run_dialog", fill_net)
    data_menu.define_net(window, question)
    table = window.session.table(question, window.controller.state)
    net = next(r for r in table.rows if r.label == "Top two (net)")
    summed = sum(r.cells[0].weighted_count for r in table.rows if r.code in codes)
    assert net.cells[0].weighted_count == pytest.approx(summed)
    assert window.charts.question == question
    ticked = [
        window.net_dialog.codes.item(i).checkState() == Qt.CheckState.Checked
        for i in range(window.net_dialog.codes.count())
    ]
    assert sum(ticked) == 2

    survey = window.session.survey
    hours = Variable("hours_online", "Hours online a week", Kind.NUMERIC)
    survey = Survey(
        {**survey.variables, "hours_online": hours},
        {**survey.columns, "hours_online": np.linspace(0, 60, survey.n)},
        survey.source,
        weight=survey.weight,
    )
    window.set_session(data_menu.with_survey(window.session, survey))

    def fill_band(dialog):
        dialog.variable.setCurrentIndex(dialog.variable.findData("hours_online"))
        dialog.edges.setText("10, 20, 40")
        return True

    monkeypatch.setattr(data_menu, "run_dialog", fill_band)
    data_menu.band_number(window)
    assert window.charts.question == "hours_online_band"
    banded = window.session.survey.variable("hours_online_band")
    assert [t for _, t in banded.value_labels] == [
        "Under 10",
        "10 to under 20",
        "20 to under 40",
        "40+",
    ]
