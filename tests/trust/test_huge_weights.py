"""A weight of 1e308 (or any absurd magnitude) in a real `.sav` written by another tool: the core
table is correct (that respondent left out and noted, checked against numpy), and every path —
`explorer table`, `explorer export`, the window's File ▸ Open (tests/ui/test_huge_weight_open)
— ends in a result or one sentence,
never a traceback or a half-updated window."""

from __future__ import annotations

import numpy as np
import pyreadstat
import pytest

from explorer.cli import main
from explorer.core.briefing.sample import BRIEFING_PATH, SURVEY_PATH
from explorer.core.survey.load import load_survey
from explorer.core.survey.tabulate import compute_table
from explorer.core.survey.weighting import MAX_WEIGHT

QUESTION = "q_trust_met"
pytestmark = pytest.mark.skipif(not SURVEY_PATH.exists(), reason="the bundled sample is not built")


def _with_weights(folder, name: str, change) -> tuple:
    frame, meta = pyreadstat.read_sav(str(SURVEY_PATH), user_missing=True)
    frame["weight"] = change(frame["weight"].to_numpy(dtype=float).copy())
    path = folder / name
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=dict(zip(meta.column_names, meta.column_labels)),
        variable_value_labels=meta.variable_value_labels,
        missing_ranges=meta.missing_ranges,
    )
    return path, frame


def _one(value):
    def change(w):
        w[0] = value
        return w

    return change


@pytest.fixture(scope="module")
def huge(tmp_path_factory):
    return _with_weights(tmp_path_factory.mktemp("huge"), "huge_weight.sav", _one(1e308))


@pytest.mark.parametrize("value", [1e308, 1e200, MAX_WEIGHT * 10])
def test_an_absurd_weight_leaves_its_respondent_out_and_the_rest_is_right(tmp_path, value):
    path, frame = _with_weights(tmp_path, "w.sav", _one(value))
    survey = load_survey(path, weight="weight")
    assert any("larger than 1e+12" in note for note in survey.warnings)
    table = compute_table(survey, QUESTION)
    total = table.columns[0]
    # first principles: drop respondent 0 (and anyone with no usable weight or answer)
    w = frame["weight"].to_numpy(dtype=float)
    q = survey.values(QUESTION)
    keep = np.isfinite(w) & (w > 0) & (w <= MAX_WEIGHT) & np.isfinite(q)
    keep &= ~survey.variable(QUESTION).missing_mask(q)
    assert not keep[0]
    assert total.unweighted_base == int(keep.sum())
    assert total.weighted_base == pytest.approx(w[keep].sum())
    assert total.effective_base == pytest.approx(w[keep].sum() ** 2 / (w[keep] ** 2).sum())
    for row in table.rows:
        if row.kind == "code" and row.cells[0].percent is not None:
            share = w[keep & (q == row.code)].sum() / w[keep].sum() * 100
            assert row.cells[0].percent == pytest.approx(share)


def test_explorer_table_gives_a_result_or_a_sentence(tmp_path, huge, capsys):
    path, _ = huge
    assert main(["table", str(path), "-q", QUESTION, "--weight", "weight"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "effective n = 0" not in out
    assert "unweighted n = 1,049" in out
    every, _ = _with_weights(tmp_path, "all_huge.sav", lambda w: np.full(w.size, 1e308))
    assert main(["table", str(every), "-q", QUESTION, "--weight", "weight"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: all_huge.sav:") and "no usable weight" in err and "\n" not in err


def test_explorer_export_renders_a_slide(tmp_path, huge, capsys, monkeypatch):
    monkeypatch.setenv("BRIEFING_EXPLORER_DATA", str(tmp_path / "appdata"))
    path, _ = huge
    out = tmp_path / "png"
    code = main(
        ["export", str(BRIEFING_PATH), "--survey", str(path), "--slides", "1"]
        + [
            "--png-dir",
            str(out),
            "--size",
            "960x540",
        ]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err and len(list(out.glob("slide-*.png"))) == 1
