"""Tests for table and quote exports to CSV and XLSX: numbers equal the table, provenance is
present, formulas are neutralised, and the source data is never overwritten."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from explorer.core.atomic import register_source_path, unregister_source_path
from explorer.core.briefing.marking import ILLUSTRATIVE_NOTICE
from explorer.core.errors import ExplorerError
from explorer.core.export.provenance import neutralise, provenance_for
from explorer.core.export.quotes_text import QuoteRow
from explorer.core.export.spreadsheet import (
    quotes_to_csv,
    quotes_to_xlsx,
    tables_to_csv,
    tables_to_xlsx,
)
from explorer.core.survey.tabulate import compute_table
from tests.core.export.fixtures import small_survey


def _read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize(
    "text",
    [
        *("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\uff1dx", "\uff0bx", "\uff0dx", "\uff20x"),
        # Spreadsheets skip leading whitespace and control characters before looking for a formula.
        *(" =x", '\n=HYPERLINK("http://x")', " \t=cmd|' /C calc'!A0", "\x00=1", "\u200b=1"),
        "\u202e\u00a0+1",
    ],
)
def test_neutralise_dangerous_starts(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Support", " x=1", "a-b", "", 5, -3.5, None])
def test_neutralise_leaves_safe_values(value: object) -> None:
    assert neutralise(value) == value


def test_table_csv_numbers_bases_and_provenance(tmp_path: Path) -> None:
    survey = small_survey()
    table = compute_table(
        survey, "q_tech_lfr", by="age_band", filter_description="Age 18–24 or 25–34"
    )
    prov = provenance_for(marking="OFFICIAL-SENSITIVE", survey=survey, title="LFR")
    path = tmp_path / "t.csv"
    tables_to_csv([table], path, prov)
    rows = _read_csv(path)
    flat = [r[0] for r in rows if r]
    assert flat[0] == "LFR" and flat[1] == "OFFICIAL-SENSITIVE"
    assert rows[-1] == ["OFFICIAL-SENSITIVE"]
    assert ILLUSTRATIVE_NOTICE in flat
    assert any("small.sav" in line and "2025-06-01" in line and "ab" * 32 in line for line in flat)
    assert "Filter: Age 18–24 or 25–34" in flat
    # Percentages: the strongly-support row equals an independent weighted computation.
    vals = survey.values("q_tech_lfr")
    w = survey.weights()
    by_row = {r[0]: r for r in rows if r}
    expected_all = 100 * w[vals == 1].sum() / w.sum()
    assert float(by_row["Strongly support"][1]) == pytest.approx(expected_all, abs=0.051)
    age = survey.values("age_band")
    sel = age == 2
    expected_25 = 100 * w[sel & (vals == 1)].sum() / w[sel].sum()
    assert float(by_row["Strongly support"][3]) == pytest.approx(expected_25, abs=0.051)
    assert int(by_row["Unweighted base"][1]) == survey.n
    assert int(by_row["Unweighted base"][3]) == int(np.count_nonzero(sel))


def test_formula_labels_are_neutralised_in_csv_and_xlsx(tmp_path: Path) -> None:
    survey = small_survey()
    table = compute_table(survey, "label_q")
    prov = provenance_for(survey=survey)
    tables_to_csv([table], tmp_path / "t.csv", prov)
    cells = [c for r in _read_csv(tmp_path / "t.csv") for c in r]
    assert "'=1+1" in cells and "'\uff1dSUM(A1)" in cells
    assert not any(c.startswith(("=", "\uff1d")) for c in cells)
    tables_to_xlsx([table, table], tmp_path / "t.xlsx", prov)
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["label_q", "label_q (2)"]
    sheet = book["label_q"]
    found = {}
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.lstrip("'").startswith(("=", "\uff1d")):
                found[cell.value] = cell.data_type
    assert found and all(kind == "s" for kind in found.values())
    assert sheet["A1"].value == "OFFICIAL"


def test_table_xlsx_has_numbers_and_marking(tmp_path: Path) -> None:
    survey = small_survey(illustrative=False)
    table = compute_table(survey, "q_tech_lfr")
    tables_to_xlsx([table], tmp_path / "t.xlsx", provenance_for(survey=survey))
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["q_tech_lfr"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    labels = [v[0] for v in values]
    assert ILLUSTRATIVE_NOTICE not in labels
    assert labels[-1] == "OFFICIAL"
    row = values[labels.index("Strongly oppose")]
    cell = next(c for c in table.rows if c.label == "Strongly oppose").cells[0]
    assert isinstance(row[1], float) and row[1] == pytest.approx(cell.percent, abs=0.051)


def test_quotes_to_csv_and_xlsx(tmp_path: Path) -> None:
    rows = [
        QuoteRow("It depends where they use it.", "Participant 07, woman, 25–34", "P07", "Group 2"),
        QuoteRow(
            "-they should tell us",
            "Participant 12",
            "P12",
            "Group 1",
            codes=("Privacy", "Safeguards"),
        ),
    ]
    prov = provenance_for(marking="OFFICIAL")
    quotes_to_csv(rows, tmp_path / "q.csv", prov)
    data = _read_csv(tmp_path / "q.csv")
    header = data.index(
        ["Quote", "Attribution", "Speaker", "Group", "Transcript", "Codes", "Start", "End"]
    )
    assert data[header + 1][0] == "It depends where they use it."
    assert data[header + 2][0] == "'-they should tell us"
    assert data[header + 2][5] == "Privacy; Safeguards"
    quotes_to_xlsx(rows, tmp_path / "q.xlsx", prov)
    sheet = openpyxl.load_workbook(tmp_path / "q.xlsx")["Quotes"]
    texts = [c.value for c in sheet["A"]]
    assert "It depends where they use it." in texts and texts[-1] == "OFFICIAL"


def test_exports_never_overwrite_source_data(tmp_path: Path) -> None:
    survey = small_survey()
    table = compute_table(survey, "q_tech_lfr")
    source = tmp_path / "survey.sav"
    source.write_bytes(b"precious")
    register_source_path(source)
    try:
        for write in (tables_to_csv, tables_to_xlsx):
            with pytest.raises(ExplorerError, match="source data"):
                write([table], source, provenance_for(survey=survey))
    finally:
        unregister_source_path(source)
    assert source.read_bytes() == b"precious"
