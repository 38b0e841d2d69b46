"""Flat spreadsheets of coded segments (CSV, XLSX) read as projects."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.qual.load import load_project
from explorer.core.qual.model import MODERATOR
from explorer.core.qual.queries import QuoteQuery, find_quotes

ROWS = [
    {
        "Text": "They're stretched.",
        "Speaker": "P01",
        "Group": "Group 1",
        "Codes": "Policing today > Under-resourced; Sympathy",
        "Age": "25–34",
        "attr:Gender": "Woman",
    },
    {
        "Text": "Why is that?",
        "Speaker": "Moderator",
        "Group": "Group 1",
        "Codes": "Policing today",
        "Age": "",
        "attr:Gender": "",
    },
    {
        "Text": "Cameras are fine with signs.",
        "Speaker": "P02",
        "Group": "Group 1",
        "Codes": "LFR",
        "Age": "35–44",
        "attr:Gender": "Man",
    },
    {
        "Text": "Keep a human in charge.",
        "Speaker": "P03",
        "Group": "Group 2",
        "Codes": "AI;Sympathy",
        "Age": "65+",
        "attr:Gender": "Woman",
    },
    {"Text": "", "Speaker": "P03", "Group": "Group 2", "Codes": "AI", "Age": "", "attr:Gender": ""},
    {
        "Text": "Uncoded remark.",
        "Speaker": "P03",
        "Group": "Group 2",
        "Codes": "",
        "Age": "66",
        "attr:Gender": "",
    },
]


def _csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _check(project) -> None:
    quotes = {s.text: s for s in project.segments}
    assert set(quotes) == {r["Text"] for r in ROWS[:4]}
    for seg in project.segments:
        assert project.sources[seg.source].text[seg.start : seg.end] == seg.text
    first = quotes["They're stretched."]
    names = [project.codes[c].name for c in first.codes]
    assert names == ["Under-resourced", "Sympathy"]
    parent = project.codes[first.codes[0]].parent
    assert project.codes[parent].name == "Policing today"
    # "Policing today" on the moderator's row is the same code as the parent above
    assert project.codes[quotes["Why is that?"].codes[0]].guid == parent
    assert quotes["Why is that?"].speaker == MODERATOR and quotes["Why is that?"].case is None
    p01 = project.case_by_name("P01")
    assert p01.attribute_map == {"Group": "Group 1", "Age": "25–34", "Gender": "Woman"}
    assert first.case == p01.guid
    assert len(project.sources) == 2
    assert {s.group for s in project.sources.values()} == {"Group 1", "Group 2"}
    assert sum("no text" in n for n in project.skipped) == 1
    assert sum("no code" in n for n in project.skipped) == 1
    assert any("second Age ('66')" in n for n in project.skipped)
    women = find_quotes(
        project, QuoteQuery(codes=("Sympathy",), where=(("Gender", frozenset({"Woman"})),))
    )
    assert [q.speaker for q in women] == ["P01", "P03"]


def test_csv_with_codes_list(tmp_path: Path) -> None:
    project = load_project(_csv(tmp_path / "segments.csv", ROWS))
    assert project.format == "csv"
    _check(project)


def test_semicolon_csv(tmp_path: Path) -> None:
    _check(load_project(_csv(tmp_path / "segments.csv", ROWS, delimiter=";")))


def test_xlsx_with_code_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["quote", "participant", "focus group", "code:Sympathy", "LFR", "attr:Age"])
    sheet.append(["I feel for them.", "P01", "G1", "x", 0, "25–34"])
    sheet.append(["Cameras, fine.", "P02", "G1", None, 1, "35–44"])
    sheet.append(["Nothing coded.", "P02", "G1", None, 0, "35–44"])
    book.save(tmp_path / "coded.xlsx")
    project = load_project(tmp_path / "coded.xlsx")
    assert project.format == "xlsx"
    by_text = {s.text: [project.codes[c].name for c in s.codes] for s in project.segments}
    assert by_text == {"I feel for them.": ["Sympathy"], "Cameras, fine.": ["LFR"]}
    assert project.case_by_name("P02").attribute("Age") == "35–44"
    assert any("no code" in n for n in project.skipped)


def test_yes_no_columns_stay_attributes(tmp_path: Path) -> None:
    rows = [
        {"text": "a b", "speaker": "P1", "Privacy": "1", "Born in the UK": "Yes"},
        {"text": "c d", "speaker": "P2", "Privacy": "", "Born in the UK": "No"},
        {"text": "e f", "speaker": "P2", "Privacy": "x", "Born in the UK": "Yes"},
    ]
    project = load_project(_csv(tmp_path / "flags.csv", rows))
    assert [c.name for c in project.codes.values()] == ["Privacy"]
    assert project.case_by_name("P1").attribute("Born in the UK") == "Yes"
    assert project.case_by_name("P2").attribute("Born in the UK") == "No"
    assert any("second Born in the UK" in n for n in project.skipped)


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([{"speaker": "P1", "codes": "A"}], "no 'text' column"),
        ([{"text": "hi", "speaker": "P1", "notes": "free text"}], "no 'codes' column"),
    ],
)
def test_unusable_tables(tmp_path: Path, rows, problem: str) -> None:
    with pytest.raises(ExplorerError, match=problem):
        load_project(_csv(tmp_path / "bad.csv", rows))


def test_header_only_and_damaged_workbook(tmp_path: Path) -> None:
    (tmp_path / "h.csv").write_text("text,codes\n", encoding="utf-8")
    with pytest.raises(ExplorerError, match="no rows"):
        load_project(tmp_path / "h.csv")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ExplorerError, match="bad.xlsx"):
        load_project(tmp_path / "bad.xlsx")
