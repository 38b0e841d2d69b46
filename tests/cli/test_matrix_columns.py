"""`explorer matrix` reads only the survey columns its request needs, and prints exactly what it
prints from the whole file: on the bundled sample, and on a hand-made .sav (written by pyreadstat)
where three variables the matrix never shows would change it if left unread — a second variable
that takes the focus groups' "Age" before the linked `age_band`, a second weight-like variable
(two candidates: no weight is chosen), and the sibling item that makes the topic's question a
`prefix_` multiple-response set."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from explorer.cli import main, matrix_command
from explorer.core.survey import load as survey_load
from explorer.core.survey.column_subset import needed_columns
from tests.conftest import SAMPLE_DIR

SURVEY = str(SAMPLE_DIR / "london_survey.sav")
QUAL = str(SAMPLE_DIR / "london_focus_groups.qdpx")


def _run(monkeypatch, capsys, argv, *, columns="request") -> tuple[str, list]:
    """The matrix command's stdout, with its survey read as asked: "request" (the command's own
    column request), None (the whole file) or a list of names; and what each read returned."""
    reads: list = []
    real = survey_load.load_survey

    def spy(path, **kw):
        survey = real(path, **kw)
        reads.append((kw.get("columns"), survey))
        return survey

    with monkeypatch.context() as patched:
        patched.setattr(survey_load, "load_survey", spy)
        if columns != "request":
            patched.setattr(matrix_command, "_columns", lambda session, args: columns)
        code = main(["matrix", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out, reads


SAMPLE_CASES = [
    ["--by", "age_band", "--format", "json"],
    ["--by", "Age", "--topic", "lfr", "--topic", "ai", "--format", "json", "--participants"],
    ["--by", "ethnic_group", "--question", "q_tough", "--filter", "gender=1", "--format", "json"],
    ["--by", "born_uk", "--codes", "Privacy", "Technology known", "--format", "json"],
    ["--by", "age_band", "--topic", "confidence", "--filter", "q_victim=1"],  # text
]


@pytest.mark.parametrize("argv", SAMPLE_CASES, ids=range(len(SAMPLE_CASES)))
def test_sample_matrix_from_its_columns_equals_the_whole_file(monkeypatch, capsys, argv) -> None:
    argv = ["--survey", SURVEY, "--qual", QUAL, *argv]
    part, reads = _run(monkeypatch, capsys, argv)
    whole, whole_reads = _run(monkeypatch, capsys, argv, columns=None)
    assert part == whole
    assert part.strip()
    ((asked, survey),), ((_none, full),) = reads, whole_reads
    assert asked is not None and _none is None
    # the reader was asked for, and returned, fewer columns than the file has
    assert 0 < len(survey.columns) < len(full.columns) == 39
    assert set(survey.columns) < set(full.columns)
    # exactly the columns the request names from the file's metadata (read here by pyreadstat)
    meta = pyreadstat.read_sav(SURVEY, metadataonly=True)[1]
    assert set(survey.columns) == set(needed_columns(asked, meta))


def test_a_single_question_reads_the_dimensions_and_weight_only(monkeypatch, capsys) -> None:
    argv = ["--survey", SURVEY, "--qual", QUAL, "--by", "age_band", "--question", "q_tough"]
    _out, ((_asked, survey),) = _run(monkeypatch, capsys, argv)
    _meta = pyreadstat.read_sav(SURVEY, metadataonly=True)[1]
    assert "q_tough" in survey.columns and "weight" in survey.columns
    assert not {"q_trust_met", "q_tech_lfr", "q_ai_general", "resp_id"} & set(survey.columns)
    assert len(survey.columns) <= 12 < len(_meta.column_names)


# --- a hand-made file where unread variables would matter ------------------------------------
AGES = {1.0: "18-24", 2.0: "25-34", 3.0: "35-44", 4.0: "45-54", 5.0: "55-64", 6.0: "65+"}


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory):
    rng = np.random.default_rng(7)
    n = 400
    frame = pd.DataFrame(
        {
            "resp_id": np.arange(1, n + 1, dtype=float),
            # first in file order, labelled "Age": it takes the focus groups' Age attribute
            "age_first": rng.integers(1, 4, n).astype(float),
            "age_band": rng.integers(1, 7, n).astype(float),  # linked to Age by default
            "weight": rng.uniform(0.4, 2.5, n).round(3),
            "wt_design": rng.uniform(0.5, 1.5, n).round(3),  # a second weight-like variable
            "q_use_a": rng.integers(0, 2, n).astype(float),
            "q_use_b": rng.integers(0, 2, n).astype(float),  # makes q_use_ a prefix set
            **{f"q_noise_{i}": rng.integers(1, 6, n).astype(float) for i in range(1, 9)},
        }
    )
    folder = tmp_path_factory.mktemp("hand")
    path = folder / "hand.sav"
    yes_no = {1.0: "Yes", 0.0: "No"}
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels={
            "resp_id": "Respondent",
            "age_first": "Age",
            "age_band": "Age band",
            "weight": "Weight",
            "wt_design": "Design weight",
            "q_use_a": "Used: CCTV",
            "q_use_b": "Used: ANPR",
            **{f"q_noise_{i}": f"Noise {i}" for i in range(1, 9)},
        },
        variable_value_labels={
            "age_first": {1.0: "18-24", 2.0: "25-34", 3.0: "35-44"},
            "age_band": AGES,
            "q_use_a": yes_no,
            "q_use_b": yes_no,
        },
    )
    topics = folder / "topics.json"
    topics.write_text(
        json.dumps(
            {
                "format": "briefing-explorer-topics",
                "version": 1,
                "topics": [
                    {
                        "id": "use",
                        "title": "Technology used",
                        "questions": ["q_use_a"],
                        "codes": ["Technology known"],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    return path, topics


def test_hand_made_matrix_from_its_columns_equals_the_whole_file(
    monkeypatch, capsys, hand_made
) -> None:
    path, topics = hand_made
    argv = ["--survey", str(path), "--qual", QUAL, "--topics", str(topics), "--by", "Age"]
    argv += ["--format", "json"]
    part, ((asked, survey),) = _run(monkeypatch, capsys, argv)
    whole, ((_none, full),) = _run(monkeypatch, capsys, argv, columns=None)
    assert part == whole
    # the three traps are what the whole file shows ...
    data = json.loads(whole)
    assert data["weight"] is None  # two weight-like variables: none is chosen
    assert data["rows"][0]["question"] == "q_use_"
    labels = [g["label"] for g in data["groups"] if g["survey_code"] is not None]
    assert labels == ["18-24", "25-34", "35-44"]  # age_first's groups, not age_band's six
    # ... and the noise was not read
    assert set(survey.columns) == {"age_first", "age_band", "weight", "wt_design"} | {
        "q_use_a",
        "q_use_b",
    }
    assert len(full.columns) == 15


def test_hand_made_traps_do_change_a_naive_subset(monkeypatch, capsys, hand_made) -> None:
    """The test above could not pass by luck: reading only the names the command mentions gives
    another matrix (other groups, the item instead of the set). The second weight-like variable
    comes with any subset (`column_subset` adds every weight candidate), so it is checked above."""
    path, topics = hand_made
    argv = ["--survey", str(path), "--qual", QUAL, "--topics", str(topics), "--by", "Age"]
    argv += ["--format", "json"]
    naive, _reads = _run(monkeypatch, capsys, argv, columns=["age_band", "q_use_a"])
    data = json.loads(naive)
    assert data["weight"] is None
    assert data["rows"][0]["question"] == "q_use_a"
    assert len([g for g in data["groups"] if g["survey_code"] is not None]) == 6


# --- Parquet --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def parquets(tmp_path_factory, hand_made):
    from explorer.core.survey.load import load_survey
    from explorer.core.survey.parquet import write_parquet

    folder = tmp_path_factory.mktemp("pq")
    out = {}
    for name, source in (("sample", SURVEY), ("hand", hand_made[0])):
        out[name] = folder / f"{name}.parquet"
        write_parquet(load_survey(source), out[name])
    return out


PARQUET_CASES = [
    ("sample", ["--by", "age_band", "--topic", "lfr", "--format", "json"]),
    ("sample", ["--by", "Age", "--question", "q_trust_met", "--filter", "gender=2"]),
    ("hand", ["--by", "Age", "--format", "json"]),
]


@pytest.mark.parametrize("name,argv", PARQUET_CASES, ids=range(len(PARQUET_CASES)))
def test_parquet_matrix_reads_fewer_columns_and_equals_the_whole_file(
    monkeypatch, capsys, parquets, hand_made, name, argv
) -> None:
    import pyarrow.parquet as pq

    asked: list = []
    real = pq.read_table

    def spy(source, *args, columns=None, **kw):
        asked.append(columns)
        return real(source, *args, columns=columns, **kw)

    monkeypatch.setattr(pq, "read_table", spy)
    argv = ["--survey", str(parquets[name]), "--qual", QUAL, *argv]
    if name == "hand":
        argv += ["--topics", str(hand_made[1])]
    part, _reads = _run(monkeypatch, capsys, argv)
    whole, _whole_reads = _run(monkeypatch, capsys, argv, columns=None)
    assert part == whole and part.strip()
    everything = pq.read_schema(parquets[name]).names
    assert asked[0] is not None and 0 < len(asked[0]) < len(everything)
    assert asked[1] is None  # the whole-file run read every column


# --- a tracker folder (one Parquet file per wave): its columns are read when first used -------
@pytest.fixture(scope="module")
def tracker(tmp_path_factory):
    from explorer.core.survey.load import load_survey
    from explorer.core.survey.model import Survey
    from explorer.core.survey.parquet import write_parquet

    sample = load_survey(SURVEY)
    folder = tmp_path_factory.mktemp("tracker") / "london_tracker"
    folder.mkdir()
    for i, (a, b) in enumerate(((0, 400), (400, 1050)), start=1):
        part = {name: column[a:b] for name, column in sample.columns.items()}
        wave = Survey(dict(sample.variables), part, sample.source, weight=sample.weight)
        write_parquet(wave, folder / f"wave_{i}.parquet")
    return folder


def test_tracker_matrix_reads_only_what_it_uses(monkeypatch, capsys, tracker) -> None:
    argv = ["--by", "age_band", "--topic", "confidence", "--filter", "gender=1", "--format", "json"]
    pooled, ((_asked, survey),) = _run(
        monkeypatch, capsys, ["--survey", str(tracker), "--qual", QUAL, *argv]
    )
    single, _reads = _run(monkeypatch, capsys, ["--survey", SURVEY, "--qual", QUAL, *argv])
    assert json.loads(pooled)["rows"] == json.loads(single)["rows"]
    read = set(survey.columns.loaded())
    assert {"q_trust_met", "weight", "gender", "age_band"} <= read
    assert not {"q_tech_lfr", "q_ai_general", "resp_id"} & read
    assert len(read) < len(survey.columns) == 40  # with the wave the folder adds
