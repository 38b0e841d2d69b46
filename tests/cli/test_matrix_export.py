"""The sample briefing's evidence-matrix slides exported by `python -m explorer export` to PDF,
PowerPoint (a native table) and XLSX: each carries the marking, the bases, the captions and the
notices, and every figure equals `python -m explorer matrix` run on its own (which the matrix
tests hold to `explorer table` and `explorer quotes`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from explorer.core.survey.formatting import format_percent
from tests.conftest import SAMPLE_DIR

SURVEY = str(SAMPLE_DIR / "london_survey.sav")
QUAL = str(SAMPLE_DIR / "london_focus_groups.qdpx")
BRIEFING = str(SAMPLE_DIR / "london.briefing.json")
TOPICS = ("lfr", "ai", "confidence", "modernising")


def _run(*argv: str) -> subprocess.CompletedProcess:
    run = subprocess.run(
        [sys.executable, "-m", "explorer", *argv], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    return run


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("matrix-export")
    _run(
        "export", BRIEFING, "--slides", "12,13", "--pdf", str(out / "m.pdf"),
        "--pptx", str(out / "m.pptx"), "--xlsx", str(out / "m.xlsx"),
    )  # fmt: skip
    argv = ["matrix", "--survey", SURVEY, "--qual", QUAL, "--by", "age_band"]
    for topic in TOPICS:
        argv += ["--topic", topic]
    matrix = json.loads(_run(*argv, "--briefing", BRIEFING, "--format", "json").stdout)
    return out, matrix


def _figures(cell: dict) -> list[str]:
    s, q = cell["survey"], cell["qual"]
    pct = f"{format_percent(s['percent'])}% ({format_percent(s['ci_low'])}–{format_percent(s['ci_high'])})"
    return [pct, f"n={s['unweighted_base']}", f"{q['participants']}/{q['of']}"]


def test_the_matrix_carries_the_briefings_notes(made) -> None:
    _out, matrix = made
    rows = {r["id"]: r for r in matrix["rows"]}
    assert rows["lfr"]["tag"]["tag"] == "expands" and rows["ai"]["tag"]["tag"] == "confirms"
    lfr = {c["label"]: c["summary"] for c in rows["lfr"]["cells"]}
    assert lfr["55–64"] == "It scans everyone, not just the wanted." and lfr["25–34"] == ""


def test_pptx_has_a_native_table_with_the_figures_marking_and_notices(made) -> None:
    from pptx import Presentation

    out, matrix = made
    prs = Presentation(str(out / "m.pptx"))
    whole, one_row = prs.slides
    table = next(s for s in whole.shapes if s.has_table).table
    assert [table.cell(0, j).text for j in range(1, 7)] == [g["label"] for g in matrix["groups"]]
    for i, row in enumerate(matrix["rows"], start=1):
        assert table.cell(i, 0).text.startswith(row["theme"])
        for j, cell in enumerate(row["cells"], start=1):
            text = table.cell(i, j).text
            for words in _figures(cell):
                assert words in text
    from explorer.core.export.pptx_deck import master_marking

    words = " ".join(s.text_frame.text for s in whole.shapes if s.has_text_frame)
    assert master_marking(prs) == ["OFFICIAL", "OFFICIAL"]  # top and bottom of every slide
    assert "not statistically representative" in words and "Base: All respondents" in words
    assert "Illustrative sample data" in words
    row_table = next(s for s in one_row.shapes if s.has_table).table
    lfr = matrix["rows"][0]
    for i, cell in enumerate(lfr["cells"], start=1):
        assert row_table.cell(i, 0).text == cell["label"]
        assert _figures(cell)[0] in row_table.cell(i, 1).text
        summary = row_table.cell(i, 3).text  # shortened (with "…") to fit at 14 pt
        assert cell["summary"].startswith(summary.removesuffix("…"))
        assert f"{cell['qual']['passages']} passages" in row_table.cell(i, 2).text
        assert row_table.cell(i, 4).text.endswith(f"” — {cell['exemplar']['attribution']}")


def test_pdf_shows_the_figures_bases_and_marking(made) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out, matrix = made
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "m.pdf"), "-"], capture_output=True, text=True
    ).stdout
    first = text.split("\f")[0]
    for row in matrix["rows"]:
        for cell in row["cells"]:
            for words in _figures(cell):
                assert words in first, (row["theme"], cell["label"], words)
    assert first.count("OFFICIAL") >= 2 and "not statistically representative" in first


def test_xlsx_has_a_line_per_cell_equal_to_the_matrix(made) -> None:
    from openpyxl import load_workbook

    out, matrix = made
    book = load_workbook(out / "m.xlsx")
    sheet = book[book.sheetnames[0]]
    rows = [[c for c in r] for r in sheet.iter_rows(values_only=True)]
    firsts = [r[0] for r in rows]
    assert "OFFICIAL" in firsts and firsts[-1] == "OFFICIAL"
    head = next(i for i, r in enumerate(rows) if r[0] == "Theme")
    names = rows[head]
    lines = rows[head + 1 : head + 1 + 6 * len(matrix["rows"])]
    expected = [(r, c) for r in matrix["rows"] for c in r["cells"]]
    for line, (row, cell) in zip(lines, expected, strict=True):
        got = dict(zip(names, line))
        assert (got["Theme"], got["Group"]) == (row["theme"], cell["label"])
        assert got["Percent"] == pytest.approx(round(cell["survey"]["percent"], 1))
        assert got["Unweighted base"] == cell["survey"]["unweighted_base"]
        assert got["Participants who raised it"] == cell["qual"]["participants"]
        assert got["Passages"] == cell["qual"]["passages"]
        assert got["explorer table --filter"] == " ".join(f"--filter {f}" for f in cell["filter"])
        assert (got["Analyst's summary"] or "") == cell["summary"]
    assert any("not statistically representative" in str(f) for f in firsts)
