"""Real SPSS files written by another program (GNU PSPP's examples), read by the project's loader
and checked against pyreadstat's own reading of the same file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pyreadstat
import pytest

from explorer.core.survey.load import load_survey
from explorer.core.survey.model import Kind
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import compute_table
from tests.conftest import ROOT

PSPP = ROOT / "tests" / "fixtures" / "real" / "pspp"
FILES = sorted(PSPP.glob("*.sav"))


def test_the_real_files_are_there() -> None:
    assert len(FILES) == 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_loads_with_every_label_pyreadstat_sees(path: Path) -> None:
    frame, meta = pyreadstat.read_sav(path, user_missing=True)
    survey = load_survey(path)
    assert survey.n == len(frame)
    for name in meta.column_names:
        var = survey.variable(name)
        assert var.label == (meta.column_names_to_labels.get(name) or name)
        expected = meta.variable_value_labels.get(name, {})
        assert dict(var.value_labels) == {float(k): v for k, v in expected.items()}
        if meta.readstat_variable_types[name] == "string":
            assert var.kind is Kind.TEXT and not var.charted


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_loading_leaves_the_file_alone(path: Path) -> None:
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(PSPP.iterdir()))
    load_survey(path)
    assert before == (path.read_bytes(), path.stat().st_mtime_ns, sorted(PSPP.iterdir()))


def test_reversed_agree_scale_gets_agree_and_disagree_nets() -> None:
    """hotel.sav codes 1 = Strongly Disagree … 5 = Strongly Agree: nets follow the words."""
    survey = load_survey(PSPP / "hotel.sav")
    frame, _ = pyreadstat.read_sav(PSPP / "hotel.sav")
    for name in ("v1", "v2", "v3", "v4", "v5"):
        var = survey.variable(name)
        assert var.kind is Kind.SCALE
        nets = {net.key: set(net.codes) for net in var.nets}
        assert nets == {"agree": {4.0, 5.0}, "disagree": {1.0, 2.0}}
        values = frame[name].to_numpy()
        valid = ~np.isnan(values)
        agreeing = np.isin(values[valid], [4, 5])
        # 17 hotel guests: disclosure control hides any cell resting on fewer than 10 people.
        shown = compute_table(survey, name)
        net = next(row for row in shown.rows if row.code == "net:agree").cells[0]
        assert net.suppressed == (0 < agreeing.sum() < 10)
        table = compute_table(survey, name, options=TableOptions(suppress_below=0))
        rows = {row.code: row.cells[0] for row in table.rows}
        assert rows["net:agree"].percent == pytest.approx(agreeing.mean() * 100)
        assert table.columns[0].unweighted_base == valid.sum()


def test_dates_and_strings_are_carried_not_charted() -> None:
    survey = load_survey(PSPP / "personnel.sav")
    assert survey.variable("dob").kind is Kind.DATE
    assert str(survey.column("dob")[0])[:10] == "2001-01-02"
    assert {v.name for v in survey.charted_variables()} == {"sex"}


def test_a_body_weight_is_not_taken_for_a_survey_weight() -> None:
    """physiology.sav has `weight` = "Weight in kilograms": the survey stays unweighted."""
    survey = load_survey(PSPP / "physiology.sav")
    assert survey.weight is None
    assert survey.variable("weight").kind is Kind.NUMERIC


def test_a_guessed_weight_with_bad_values_is_a_warning_not_a_refusal(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame({"q": [1.0, 2.0, 1.0], "weight": [1.0, -0.5, 2.0]})
    path = tmp_path / "w.sav"
    pyreadstat.write_sav(frame, path, variable_value_labels={"q": {1: "Yes", 2: "No"}})
    survey = load_survey(path)  # a negative weight leaves one respondent out, as in SPSS
    assert survey.weight == "weight"
    assert any("1 respondent with a zero, negative" in w for w in survey.warnings)
    unusable = pd.DataFrame({"q": [1.0, 2.0, 1.0], "weight": [0.0, -0.5, np.nan]})
    pyreadstat.write_sav(unusable, path, variable_value_labels={"q": {1: "Yes", 2: "No"}})
    survey = load_survey(path)
    assert survey.weight is None
    assert any("looks like a weight" in w for w in survey.warnings)
    with pytest.raises(Exception, match="no weight above zero"):
        load_survey(path, weight="weight")  # chosen by the user: refused with the reason


def test_cli_describes_every_real_file() -> None:
    for path in FILES:
        result = subprocess.run(
            [sys.executable, "-m", "explorer", "describe", str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert path.name in result.stdout
