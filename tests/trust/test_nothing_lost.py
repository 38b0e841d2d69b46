"""Nothing lost, nothing leaked: loaded files are never written (exports onto them are refused),
every writer goes through explorer.core.atomic, each export is logged with its disclosure
thresholds, and a hostile value label never runs as a formula in CSV or XLSX."""

from __future__ import annotations

import csv
import hashlib
import re
import shutil

import pandas as pd
import pyreadstat
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.export.export_log import read_export_log
from explorer.core.export.provenance import provenance_for
from explorer.core.export.spreadsheet import tables_to_csv, tables_to_xlsx
from explorer.core.qual.load import load_project
from explorer.core.qual.qde_writer import write_qdpx
from explorer.core.survey.load import load_survey
from explorer.core.survey.sav_writer import write_sav
from explorer.core.survey.tabulate import compute_table
from tests.conftest import ROOT, SAMPLE_DIR

HOSTILE_LABEL = '=HYPERLINK("http://x","click")'


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_exports_onto_loaded_sources_are_refused(tmp_path) -> None:
    sav = tmp_path / "survey.sav"
    qdpx = tmp_path / "groups.qdpx"
    shutil.copy(SAMPLE_DIR / "london_survey.sav", sav)
    shutil.copy(SAMPLE_DIR / "london_focus_groups.qdpx", qdpx)
    before = {p: _digest(p) for p in (sav, qdpx)}
    survey = load_survey(sav)
    project = load_project(qdpx)
    table = compute_table(survey, next(v.name for v in survey.charted_variables()))
    provenance = provenance_for(survey=survey, project=project)
    for target in (sav, qdpx):
        with pytest.raises(ExplorerError, match="source data you loaded; choose another file"):
            tables_to_csv([table], target, provenance, log_path=tmp_path / "log.jsonl")
        with pytest.raises(ExplorerError, match="source data you loaded"):
            tables_to_xlsx([table], target, provenance, log_path=tmp_path / "log.jsonl")
    with pytest.raises(ExplorerError, match="source data you loaded"):
        write_qdpx(project, qdpx)
    with pytest.raises(ExplorerError, match="source data you loaded"):
        write_sav(pd.DataFrame({"a": [1.0]}), sav)
    assert {p: _digest(p) for p in (sav, qdpx)} == before
    assert not read_export_log(tmp_path / "log.jsonl")  # refused exports are not logged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["groups.qdpx", "survey.sav"]


def test_every_writer_uses_the_atomic_module() -> None:
    """Only explorer/core/atomic.py may rename temp files into place or make its own temps."""
    offenders = []
    for path in (ROOT / "explorer").rglob("*.py"):
        if path.name == "atomic.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"os\.replace\(|os\.rename\(|tempfile\.mkstemp|NamedTemporaryFile", text):
            offenders.append(str(path.relative_to(ROOT)))
    # the .sav child renames inside its own private temp folder, never beside user files
    assert offenders == ["explorer/core/survey/sav_child.py"]


def _hostile_sav(path) -> None:
    frame = pd.DataFrame({"q": [1.0, 2.0] * 20, "weight": [1.0] * 40})
    pyreadstat.write_sav(
        frame,
        path,
        column_labels={"q": "@SUM(A1)"},
        variable_value_labels={"q": {1: HOSTILE_LABEL, 2: "-2+3"}},
    )


def test_hostile_value_labels_never_run_as_formulas(tmp_path) -> None:
    sav = tmp_path / "hostile.sav"
    _hostile_sav(sav)
    survey = load_survey(sav)
    table = compute_table(survey, "q")
    assert any(row.label == HOSTILE_LABEL for row in table.rows)  # the label really got through
    log = tmp_path / "exports.jsonl"
    provenance = provenance_for(survey=survey)
    tables_to_csv([table], tmp_path / "t.csv", provenance, log_path=log)
    tables_to_xlsx([table], tmp_path / "t.xlsx", provenance, log_path=log)

    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'" + HOSTILE_LABEL in cells and HOSTILE_LABEL not in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)

    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "t.xlsx").active
    values = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    hostile = [c for c in values if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert hostile and all(c.data_type == "s" for c in hostile)
    assert all(c.data_type != "f" for c in values)

    entries = read_export_log(log)
    assert [e["what"] for e in entries] == ["tables (CSV)", "tables (XLSX)"]
    assert entries[0]["data"][0]["sha256"] == _digest(sav)
    assert entries[0]["disclosure"] == {"suppress_below": 10, "low_base": 100, "very_low_base": 50}


def test_exports_state_the_disclosure_thresholds(tmp_path) -> None:
    from explorer.core.survey.table import TableOptions

    survey = load_survey(SAMPLE_DIR / "london_survey.sav")
    options = TableOptions(suppress_below=7, low_base=80, very_low_base=30)
    table = compute_table(survey, survey.charted_variables()[0].name, options=options)
    provenance = provenance_for(survey=survey, options=options)
    tables_to_csv([table], tmp_path / "t.csv", provenance, log_path=tmp_path / "l.jsonl")
    text = (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert "fewer than 7 respondents" in text and "under 80" in text and "under 30" in text
    assert read_export_log(tmp_path / "l.jsonl")[0]["disclosure"]["suppress_below"] == 7


def test_exports_log_to_the_app_data_folder_by_default(tmp_path, monkeypatch) -> None:
    from explorer.core.export import export_log

    monkeypatch.setenv(export_log.DATA_DIR_ENV, str(tmp_path / "appdata"))
    survey = load_survey(SAMPLE_DIR / "london_survey.sav")
    table = compute_table(survey, survey.charted_variables()[0].name)
    tables_to_csv([table], tmp_path / "t.csv", provenance_for(survey=survey))
    entries = read_export_log(tmp_path / "appdata" / export_log.LOG_NAME)
    assert len(entries) == 1 and entries[0]["destination"] == str(tmp_path / "t.csv")
