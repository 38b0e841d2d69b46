"""`python -m explorer matrix`: on the sample, every survey cell equals `explorer table` under the
cell's own `filter`, and every focus-group cell equals `explorer quotes` with the cell's `--where`
— each checked by running those commands, not by calling the core the matrix uses. The groups'
participant counts are checked against the project XML read here, independently.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import SAMPLE_DIR

SURVEY = str(SAMPLE_DIR / "london_survey.sav")
QUAL = str(SAMPLE_DIR / "london_focus_groups.qdpx")
NS = "{urn:QDA-XML:project:1.0}"


def _explorer(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "explorer", *argv], capture_output=True, text=True, timeout=120
    )


def _matrix(*argv: str) -> dict:
    run = _explorer("matrix", "--survey", SURVEY, "--qual", QUAL, *argv, "--format", "json")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def _table_cell(question: str, filters: list[str], answer: str) -> dict:
    argv = ["table", SURVEY, "--question", question, "--format", "json"]
    for f in filters:
        argv += ["--filter", f]
    run = _explorer(*argv)
    assert run.returncode == 0, run.stderr
    table = json.loads(run.stdout)
    column = table["columns"][0]
    row = next(r for r in table["rows"] if r["label"] == answer)
    return {**row["cells"][0], **column}


def _quotes_count(codes: list[str], wheres: list[str]) -> tuple[int, int]:
    argv = ["quotes", QUAL, "--participants-only"]
    for c in codes:
        argv += ["--code", c]
    for w in wheres:
        argv += ["--where", w]
    run = _explorer(*argv)
    assert run.returncode == 0, run.stderr
    found = re.search(r"(\d+) quotes? from (\d+) participants?\.", run.stdout)
    assert found, run.stdout[-300:]
    return int(found.group(1)), int(found.group(2))


def _cases_by_attribute() -> list[dict[str, str]]:
    """Each case's attributes, read straight from the project XML."""
    with zipfile.ZipFile(QUAL) as archive:
        root = ET.fromstring(archive.read("project.qde"))
    names = {v.get("guid"): v.get("name") for v in root.iter(f"{NS}Variable")}
    out = []
    for case in root.iter(f"{NS}Case"):
        attrs = {}
        for value in case.iter(f"{NS}VariableValue"):
            ref = value.find(f"{NS}VariableRef").get("targetGUID")
            text = value.find(f"{NS}TextValue")
            attrs[names[ref]] = (text.text or "").strip() if text is not None else ""
        out.append(attrs)
    return out


def _check(matrix: dict) -> int:
    """Compare every cell with the commands' own output; the number of cells checked."""
    cells = [(row, cell) for row in matrix["rows"] for cell in row["cells"]]

    def check(pair) -> None:
        row, cell = pair
        survey = cell["survey"]
        if survey is not None:
            table = _table_cell(row["question"], cell["filter"], survey["answer"])
            assert survey["percent"] == pytest.approx(table["percent"], abs=1e-9)
            assert survey["ci_low"] == pytest.approx(table["ci_low"], abs=1e-9)
            assert survey["ci_high"] == pytest.approx(table["ci_high"], abs=1e-9)
            assert survey["unweighted_base"] == table["unweighted_base"]
            assert survey["effective_base"] == pytest.approx(table["effective_base"])
            assert survey["flags"] == table["flags"]
            assert survey["suppressed"] == table["suppressed"]
        qual = cell["qual"]
        if qual is not None:
            passages, participants = _quotes_count(row["codes"], cell["where"])
            assert (qual["passages"], qual["participants"]) == (passages, participants)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(check, cells))
    return len(cells)


def test_every_cell_equals_table_and_quotes() -> None:
    matrix = _matrix("--by", "age_band", "--topic", "lfr", "--topic", "tough")
    assert [g["label"] for g in matrix["groups"]][:2] == ["18–24", "25–34"]
    assert [r["question"] for r in matrix["rows"]] == ["q_tech_lfr", "q_tough"]
    codes = {g["key"]: g["survey_code"] for g in matrix["groups"]}
    for row in matrix["rows"]:
        assert [c["filter"] for c in row["cells"]] == [
            [f"age_band={codes[c['group']]}"] for c in row["cells"]
        ]
    assert _check(matrix) == 12
    cases = _cases_by_attribute()
    for cell in matrix["rows"][0]["cells"]:
        (where,) = cell["where"]
        attr, _, value = where.partition("=")
        assert cell["qual"]["of"] == sum(1 for c in cases if c.get(attr) in value.split("|"))


def test_a_filter_narrows_both_halves() -> None:
    whole = _matrix("--by", "age_band", "--topic", "confidence")
    women = _matrix("--by", "age_band", "--topic", "confidence", "--filter", "gender=2")
    for a, b in zip(whole["rows"][0]["cells"], women["rows"][0]["cells"]):
        assert "gender=2" in b["filter"] and "gender=2" not in a["filter"]
        assert any(w.startswith("Gender=") for w in b["where"])
        assert b["survey"]["unweighted_base"] < a["survey"]["unweighted_base"]
        assert b["qual"]["of"] < a["qual"]["of"]
    assert _check(women) == 6
    cases = _cases_by_attribute()
    for cell in women["rows"][0]["cells"]:
        wanted = dict(w.split("=", 1) for w in cell["where"])
        expected = sum(1 for c in cases if all(c.get(k) in v.split("|") for k, v in wanted.items()))
        assert cell["qual"]["of"] == expected


def test_codes_as_rows_and_narrow_cells_withhold_attributes() -> None:
    matrix = _matrix("--by", "Age", "--codes", "Despondent, not hostile", "Privacy")
    assert [r["kind"] for r in matrix["rows"]] == ["code", "code"]
    assert matrix["rows"][1]["question"] == "q_tech_lfr"  # Privacy sits in the LFR topic
    assert "not statistically representative" in matrix["qual_notice"]
    assert _check(matrix) == 12
    cells = [c for r in matrix["rows"] for c in r["cells"] if c["qual"]]
    assert any(c["qual"]["flagged"] for c in cells)  # the sample has such cells
    for cell in cells:
        q = cell["qual"]
        narrow = 0 < q["participants"] < 3 or 0 < q["of"] < 3
        assert q["flagged"] == narrow
        if cell["exemplar"]:
            withheld = cell["exemplar"]["attribution"].startswith("attributes withheld")
            assert withheld == narrow
            assert "selection" in cell["exemplar"]["reference"]
        assert "ci_low" not in q and "significance" not in q  # no interval, no letters


def test_bad_input_is_one_sentence_and_status_2() -> None:
    for argv, words in (
        (["--by", "nonsense"], "no profile dimension named 'nonsense'"),
        (["--by", "age_band", "--topic", "nope"], "no topic 'nope'"),
        (["--by", "vote_intention"], "survey only"),
    ):
        run = _explorer("matrix", "--survey", SURVEY, "--qual", QUAL, *argv)
        assert run.returncode == 2
        assert words in run.stderr and "Traceback" not in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1


def test_themes_counted_per_participant_equal_the_quotes_speakers() -> None:
    """Quantitizing: each participant's passages per theme equal the participant passages
    `explorer quotes --format json` lists for them; summed per group, the matrix's counts."""
    from collections import Counter

    matrix = _matrix("--by", "age_band", "--topic", "lfr", "--topic", "tough", "--participants")
    people = matrix["participants"]
    assert "not statistically representative" in people["notice"]
    assert people["themes"] == ["lfr", "tough"]
    for row in matrix["rows"]:
        for cell in row["cells"]:
            mine = {p["participant"]: p["passages"][row["id"]] for p in people["rows"]
                    if p["group"] == cell["label"]}  # fmt: skip
            assert len(mine) == cell["qual"]["of"]
            assert sum(1 for n in mine.values() if n) == cell["qual"]["participants"]
            argv = ["quotes", QUAL, "--participants-only", "--format", "json"]
            for code in row["codes"]:
                argv += ["--code", code]
            for where in cell["where"]:
                argv += ["--where", where]
            listed = json.loads(_explorer(*argv).stdout)
            spoken = Counter(r["speaker"] for r in listed if r["quote"].strip())
            assert {k: v for k, v in mine.items() if v} == dict(spoken)


def test_an_answer_filter_narrows_the_survey_only() -> None:
    """A filter on an opinion question (not a profile dimension) narrows the respondents; the
    focus groups have no such answer, so their counts stay those of the whole group."""
    whole = _matrix("--by", "age_band", "--topic", "ai")
    opposers = _matrix("--by", "age_band", "--topic", "ai", "--filter", "q_tech_lfr=4,5")
    for a, b in zip(whole["rows"][0]["cells"], opposers["rows"][0]["cells"]):
        assert "q_tech_lfr=4,5" in b["filter"] and a["where"] == b["where"]
        assert b["survey"]["unweighted_base"] < a["survey"]["unweighted_base"]
        assert b["qual"] == a["qual"]
    assert "Strongly oppose" in opposers["filter"]  # the base says who
    assert _check(opposers) == 6
