"""Reading only the columns a table needs gives the same table as reading the whole file: the
question's MR members and the weight come along, and an unknown name reads everything (so the
loader's own sentence names it)."""

from __future__ import annotations

import json
import subprocess
import sys

import pyreadstat
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.survey.column_subset import needed_columns
from explorer.core.survey.load import load_survey
from tests.conftest import ROOT, SAMPLE_DIR

SAV = SAMPLE_DIR / "london_survey.sav"


@pytest.fixture(scope="module")
def meta():
    return pyreadstat.read_sav(SAV, metadataonly=True)[1]


def test_a_question_brings_only_itself_and_the_weight(meta) -> None:
    assert needed_columns(["q_trust_met", "vote_intention"], meta) == [
        "weight",
        "vote_intention",
        "q_trust_met",
    ]


def test_an_mr_set_brings_its_members(meta) -> None:
    columns = needed_columns(["$concerns"], meta)
    members = set(meta.mr_sets["concerns"]["variable_list"])
    assert members and members <= set(columns) and "weight" in columns


def test_an_unknown_name_reads_every_column(meta) -> None:
    assert needed_columns(["no_such_question"], meta) is None
    assert needed_columns([None], meta) is None


def test_the_subset_survey_has_the_same_variables_it_was_asked_for() -> None:
    full = load_survey(SAV)
    part = load_survey(SAV, columns=["$concerns", "age_band", "gender"])
    assert set(part.variables) < set(full.variables)
    for name in ("$concerns", "age_band", "gender", "weight"):
        assert part.variables[name] == full.variables[name], name
        if name in full.columns:
            assert (part.columns[name] == full.columns[name]).all()
    assert part.weight == full.weight == "weight"
    with pytest.raises(ExplorerError, match="no_such"):
        load_survey(SAV, columns=["no_such"]).variable("no_such")


def _table(*args: str, full: bool = False) -> dict:
    code = (
        "import sys; from explorer.cli import survey_commands as s; "
        + (
            "orig = s.open_survey; s.open_survey = lambda p, columns=None, **kw: orig(p, **kw); "
            if full
            else ""
        )
        + "from explorer.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "table", str(SAV), *args, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ("--question", "q_trust_met", "--by", "vote_intention"),
        ("--question", "$concerns", "--by", "age_band", "--filter", "gender=2"),
        ("--question", "q_tech_lfr", "--filter", "ethnic_group=2", "--unweighted"),
    ],
    ids=["by", "mr-filtered", "unweighted"],
)
def test_cli_table_reading_a_subset_equals_reading_everything(args) -> None:
    assert _table(*args) == _table(*args, full=True)
