"""Parquet: a converted .sav round-trips through `write_parquet`; plain Parquet is inferred."""

from __future__ import annotations

import json
import os

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.survey.load import load_survey
from explorer.core.survey.model import Kind
from explorer.core.survey.parquet import METADATA_KEY, write_parquet


def _sav(path, n=80, seed=4):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "resp_id": np.arange(1, n + 1),
            "weight": rng.uniform(0.5, 1.5, n),
            "q_trust": rng.choice([1, 2, 3, 4, 5, 98], n),
            "gender": rng.choice([1, 2, 99], n),
            "q_c_a": rng.choice([0, 1], n),
            "q_c_b": rng.choice([0, 1], n),
            "note": rng.choice(["x", "y z", ""], n),
            "age": np.where(rng.random(n) < 0.1, np.nan, rng.integers(18, 80, n)),
        }
    )
    trust = {1: "Trust a lot", 2: "Trust somewhat", 3: "Neither", 4: "Distrust somewhat"}
    trust |= {5: "Distrust a lot", 98: "Don't know"}
    pyreadstat.write_sav(
        frame,
        path,
        file_label="Illustrative pooled tracker",
        column_labels={
            "q_trust": "Trust in the police",
            "q_c_a": "Concern: a",
            "q_c_b": "Concern: b",
        },
        variable_value_labels={
            "q_trust": trust,
            "gender": {1: "Man", 2: "Woman", 99: "Prefer not to say"},
            "q_c_a": {0: "Not selected", 1: "Selected"},
            "q_c_b": {0: "Not selected", 1: "Selected"},
        },
        missing_ranges={"gender": [99]},
    )
    return frame


def test_sav_converted_to_parquet_round_trips(tmp_path):
    original = load_survey(_write_sav(tmp_path))
    target = tmp_path / "tracker.parquet"
    write_parquet(original, target)
    again = load_survey(target)
    assert again.source.format == "parquet"
    assert again.variables == original.variables
    assert again.weight == original.weight == "weight"
    assert again.illustrative and again.source.file_label == original.source.file_label
    for name, var in original.variables.items():
        if var.kind in (Kind.TEXT, Kind.DATE, Kind.MULTI):
            continue
        np.testing.assert_array_equal(again.values(name), original.values(name))
    assert list(again.column("note")) == list(original.column("note"))
    np.testing.assert_array_equal(again.valid("gender"), original.valid("gender"))


def _write_sav(tmp_path):
    path = tmp_path / "tracker.sav"
    _sav(path)
    return path


def test_plain_parquet_is_inferred(tmp_path):
    rng = np.random.default_rng(0)
    n = 50
    frame = pd.DataFrame(
        {
            "wave": rng.choice([1, 2, 3], n),
            "region": rng.choice(["North", "South"], n),
            "score": rng.normal(50, 10, n),
            "when": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D"),
        }
    )
    path = tmp_path / "plain.parquet"
    frame.to_parquet(path)
    survey = load_survey(path)
    assert survey.variable("wave").kind is Kind.NOMINAL
    assert survey.variable("region").kind is Kind.NOMINAL
    assert [survey.variable("region").label_for(c) for c in survey.values("region")] == list(
        frame["region"]
    )
    assert survey.variable("score").kind is Kind.NUMERIC
    np.testing.assert_allclose(survey.values("score"), frame["score"].to_numpy())
    assert survey.variable("when").kind is Kind.DATE


def test_damaged_parquet(tmp_path):
    path = tmp_path / "noise.parquet"
    path.write_bytes(os.urandom(2000))
    with pytest.raises(ExplorerError, match=r"noise\.parquet: this is not a Parquet file"):
        load_survey(path)
    path.write_bytes(b"PAR1" + os.urandom(2000))
    with pytest.raises(ExplorerError, match=r"noise\.parquet: .*damaged"):
        load_survey(path)


def test_damaged_stored_model(tmp_path):
    table = pa.table({"a": [1.0, 2.0]})
    table = table.replace_schema_metadata(
        {METADATA_KEY: json.dumps({"variables": [{"name": "zz"}]})}
    )
    path = tmp_path / "model.parquet"
    pq.write_table(table, path)
    with pytest.raises(ExplorerError, match=r"model\.parquet: .*survey description .* damaged"):
        load_survey(path)
