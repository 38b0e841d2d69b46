"""User-defined nets and numeric banding on the fly (core API and `explorer table` flags), checked
against numpy counts written here."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from explorer.cli import main
from explorer.core.errors import ExplorerError
from explorer.core.survey.derive import add_bands, add_net, band_labels, parse_edges, parse_net
from explorer.core.survey.model import Kind, SourceInfo, Survey, Variable
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import compute_table

CONTACT = ((1.0, "Phoned"), (2.0, "Visited"), (3.0, "Online"), (4.0, "No contact"))


def _survey(n: int = 800, seed: int = 5) -> tuple[Survey, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "contact": rng.choice([1.0, 2.0, 3.0, 4.0], n),
            "age": rng.integers(16, 92, n).astype(float),
            "w": rng.uniform(0.3, 3.0, n),
        }
    )
    frame.loc[::37, "age"] = np.nan
    variables = {
        "contact": Variable("contact", "Contact with police", Kind.NOMINAL, CONTACT),
        "age": Variable("age", "Age", Kind.NUMERIC),
        "w": Variable("w", "Weight", Kind.WEIGHT),
    }
    return Survey.from_frame(frame, variables, SourceInfo("s.csv", "csv"), weight="w"), frame


def test_a_user_net_on_a_nominal_question_matches_numpy() -> None:
    survey, frame = _survey()
    derived = add_net(survey, "contact", "Any contact", [1, 2, 3])
    assert "contact" in survey.variables and survey.variable("contact").nets == ()  # unchanged
    table = compute_table(derived, "contact", options=TableOptions(suppress_below=0))
    net = next(r for r in table.rows if r.kind == "net")
    assert net.label == "Any contact (net)" and net.code == "net:user:any-contact"
    w, c = frame["w"].to_numpy(), frame["contact"].to_numpy()
    assert net.cells[0].percent == pytest.approx(100 * w[c <= 3].sum() / w.sum(), abs=1e-10)
    with pytest.raises(ExplorerError, match="no code 9"):
        add_net(survey, "contact", "Bad", [1, 9])
    with pytest.raises(ExplorerError, match="LABEL=CODE"):
        parse_net("Any contact")
    assert parse_net("A=b=1,2") == ("A=b", [1.0, 2.0])


def test_bands_of_a_number_match_numpy() -> None:
    survey, frame = _survey()
    derived, name = add_bands(survey, "age", parse_edges("18,25,35,50,65"))
    var = derived.variable(name)
    assert name == "age_band" and var.kind is Kind.SCALE and var.nets == ()
    assert [t for _, t in var.value_labels] == [
        "Under 18",
        "18–24",
        "25–34",
        "35–49",
        "50–64",
        "65+",
    ]
    table = compute_table(derived, name, options=TableOptions(suppress_below=0))
    age, w = frame["age"].to_numpy(), frame["w"].to_numpy()
    ok = ~np.isnan(age)
    bounds = [(-np.inf, 18), (18, 25), (25, 35), (35, 50), (50, 65), (65, np.inf)]
    for row, (lo, hi) in zip(table.rows, bounds):
        inside = ok & (age >= lo) & (age < hi)
        assert row.cells[0].unweighted_count == int(inside.sum())
        assert row.cells[0].percent == pytest.approx(100 * w[inside].sum() / w[ok].sum(), abs=1e-10)
    assert table.columns[0].unweighted_base == int(ok.sum())


def test_band_labels_and_bad_edges() -> None:
    assert band_labels([0.5, 1.5], whole=False) == ["Under 0.5", "0.5 to under 1.5", "1.5+"]
    with pytest.raises(ExplorerError, match="increasing"):
        parse_edges("30,20")
    survey, _ = _survey()
    with pytest.raises(ExplorerError, match="not a number"):
        add_bands(survey, "contact", [2])


def test_cli_net_and_band_flags(tmp_path, capsys) -> None:
    survey, frame = _survey()
    path = tmp_path / "s.csv"
    frame.to_csv(path, index=False)
    code = main(
        [
            "table",
            str(path),
            "-q",
            "contact",
            "--by",
            "age",
            "--band",
            "age=35,65",
            "--net",
            "In person or phone=1,2",
            "--weight",
            "w",
            "--format",
            "json",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert [c["label"] for c in data["columns"]] == ["Total", "Under 35", "35–64", "65+"]
    net = next(r for r in data["rows"] if r["kind"] == "net")
    assert net["label"] == "In person or phone (net)"
    age, w, c = (frame[k].to_numpy() for k in ("age", "w", "contact"))
    middle = (age >= 35) & (age < 65)
    expected = 100 * w[middle & (c <= 2)].sum() / w[middle].sum()
    assert net["cells"][2]["percent"] == pytest.approx(expected, abs=1e-10)
    code = main(["table", str(path), "-q", "contact", "--net", "oops", "--weight", "w"])
    assert code == 2 and "LABEL=CODE" in capsys.readouterr().err
