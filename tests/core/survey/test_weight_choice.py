"""Choosing the weight: several candidates, switching weights on a loaded survey, and the SPSS rule
that zero, negative or missing weights leave a respondent out of every base, count and flag —
checked against a numpy computation written here from first principles.
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from explorer.cli import main
from explorer.core.captions import base_line as base_caption
from explorer.core.errors import ExplorerError
from explorer.core.survey.formatting import render_text
from explorer.core.survey.load import load_survey
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import compute_table
from explorer.core.survey.weight_choice import with_weight
from tests.conftest import ROOT

Z = 1.959963984540054


def _two_weights(path, n: int = 500, seed: int = 3):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "sex": rng.choice([1, 2], n),
            "region": rng.choice([1, 2, 3], n),
            "wt_design": rng.uniform(0.4, 2.5, n).round(4),
            "wt_final": rng.uniform(0.2, 3.0, n).round(4),
        }
    )
    frame.loc[rng.random(n) < 0.08, "wt_final"] = 0.0
    frame.loc[rng.random(n) < 0.03, "wt_final"] = -0.5
    frame["wt_final"] = frame["wt_final"].astype(object)
    frame.loc[rng.random(n) < 0.04, "wt_final"] = ""
    frame.to_csv(path, index=False)
    codebook = path.with_name(path.stem + ".codebook.csv")
    codebook.write_text(
        "variable,label,kind,code,value_label\n"
        "sex,Sex,nominal,1,Male\nsex,,,2,Female\n"
        "region,Region,nominal,1,North\nregion,,,2,Middle\nregion,,,3,South\n"
        "wt_design,Design weight,weight,,\nwt_final,Final weight,weight,,\n",
        encoding="utf-8",
    )
    weights = pd.to_numeric(frame["wt_final"], errors="coerce").to_numpy(dtype=float)
    return frame, weights


def _reference(values, weights, by=None):
    """Percent of each code, bases and Kish n_eff over respondents with a usable weight."""
    ok = np.isfinite(weights) & (weights > 0)
    w = np.where(ok, weights, 0.0)
    out = {}
    for code in np.unique(values):
        p = w[ok & (values == code)].sum() / w[ok].sum()
        out[float(code)] = 100 * p
    n_eff = w[ok].sum() ** 2 / (w[ok] ** 2).sum()
    return out, int(ok.sum()), float(w[ok].sum()), n_eff


def test_several_candidates_open_unweighted_and_say_so(tmp_path) -> None:
    path = tmp_path / "two.csv"
    _two_weights(path)
    survey = load_survey(path)
    assert survey.weight is None
    assert survey.weight_candidates == ("wt_design", "wt_final")
    table = compute_table(survey, "sex")
    assert not table.weighted and table.weight is None
    assert table.to_json()["weighted"] is False and table.to_json()["weight"] is None
    assert "unweighted" in base_caption(table) and "unweighted" in render_text(table)


def test_switching_weight_excludes_unusable_weights_like_spss(tmp_path) -> None:
    path = tmp_path / "two.csv"
    frame, weights = _two_weights(path)
    survey = with_weight(load_survey(path), "wt_final")
    ok = np.isfinite(weights) & (weights > 0)
    note = next(w for w in survey.warnings if "left out" in w)
    assert f"{int((~ok).sum())} respondents" in note
    assert not any("Several variables" in w for w in survey.warnings)
    table = compute_table(survey, "sex", by="region", options=TableOptions(suppress_below=0))
    ref, n, total_w, n_eff = _reference(frame["sex"].to_numpy(), weights)
    total = table.columns[0]
    assert total.unweighted_base == n < len(frame)
    assert total.weighted_base == pytest.approx(total_w, rel=1e-12)
    assert total.effective_base == pytest.approx(n_eff, rel=1e-12)
    for row in table.rows:
        assert row.cells[0].percent == pytest.approx(ref[row.code], abs=1e-10)
    # Every breakdown column, and its significance counts, rest on usable weights only.
    for column in table.columns[1:]:
        in_col = frame["region"].to_numpy() == column.key
        ref_c, n_c, _, n_eff_c = _reference(frame["sex"][in_col].to_numpy(), weights[in_col])
        assert column.unweighted_base == n_c
        assert column.effective_base == pytest.approx(n_eff_c, rel=1e-12)
    assert table.to_json()["weight"] == "wt_final" and table.to_json()["weighted"] is True
    assert "weighted by wt_final" in base_caption(table)
    # Switching back to no weight counts everyone once, and says so in the notes.
    plain = with_weight(survey, None)
    assert plain.mask(None).all() and compute_table(plain, "sex").columns[0].unweighted_base == 500
    assert any("No weight is applied" in w for w in plain.warnings)
    assert not any("left out" in w for w in plain.warnings)


def test_a_weight_naming_no_usable_value_is_refused(tmp_path) -> None:
    path = tmp_path / "two.csv"
    _two_weights(path)
    with pytest.raises(ExplorerError, match="not numeric|no variable"):
        with_weight(load_survey(path), "nope")


def _run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_lists_candidates_and_exits_2(tmp_path, capsys) -> None:
    path = tmp_path / "two.csv"
    _two_weights(path)
    code, out, err = _run(capsys, "table", str(path), "-q", "sex")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "wt_design, wt_final" in err and "--weight" in err
    code, out, err = _run(
        capsys, "table", str(path), "-q", "sex", "--unweighted", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and data["weighted"] is False and data["weight"] is None
    assert data["columns"][0]["unweighted_base"] == 500


def test_cli_weight_flag_matches_numpy_and_prints_the_note(tmp_path, capsys) -> None:
    path = tmp_path / "two.csv"
    frame, weights = _two_weights(path)
    code, out, err = _run(
        capsys, "table", str(path), "-q", "sex", "--weight", "wt_final", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    ref, n, _, n_eff = _reference(frame["sex"].to_numpy(), weights)
    assert data["weight"] == "wt_final" and data["weighted"] is True
    assert data["columns"][0]["unweighted_base"] == n
    assert data["columns"][0]["effective_base"] == pytest.approx(n_eff, rel=1e-12)
    male = next(r for r in data["rows"] if r["code"] == 1)
    assert male["cells"][0]["percent"] == pytest.approx(ref[1.0], abs=1e-10)
    assert "note: two.csv:" in err and "left out of every base" in err


def test_main_py_refuses_ambiguous_weight_when_rendering(tmp_path) -> None:
    path = tmp_path / "two.csv"
    _two_weights(path)
    shot = tmp_path / "shot.png"
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    base = [sys.executable, str(ROOT / "main.py"), "--survey", str(path)]
    result = subprocess.run(
        [*base, "--screenshot", str(shot), "--size", "800x600"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2 and "wt_design, wt_final" in result.stderr
    result = subprocess.run(
        [*base, "--weight", "wt_final", "--screenshot", str(shot), "--size", "800x600"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert shot.is_file()
