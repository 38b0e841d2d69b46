"""`load_survey`: format dispatch and sniffing, one-sentence errors, weights, provenance."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.survey.load import load_survey
from explorer.core.survey.model import Kind


def _csv(path, n=20, **columns):
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"q": rng.choice([1, 2, 3], n), **columns})
    frame.to_csv(path, index=False)
    return frame


def test_a_text_file_is_not_a_survey(tmp_path):
    path = tmp_path / "london.txt"
    path.write_text("Dear colleague, the survey is attached.\n")
    with pytest.raises(ExplorerError) as caught:
        load_survey(path)
    assert (
        caught.value.message == "london.txt is not an SPSS, CSV, Excel, Triple-S or Parquet file."
    )
    assert caught.value.path == str(path.absolute())


def test_format_override_and_sniffing(tmp_path):
    path = tmp_path / "export.txt"
    frame = _csv(path)
    survey = load_survey(path, format="CSV")
    np.testing.assert_array_equal(survey.values("q"), frame["q"].to_numpy(float))
    sav = tmp_path / "delivery.bin"
    pyreadstat.write_sav(frame, sav)
    assert load_survey(sav).source.format == "spss"
    with pytest.raises(ExplorerError, match=r"export\.txt: 'stata' is not a survey format"):
        load_survey(path, format="stata")


@pytest.mark.parametrize(
    "text", ["https://example.org/london.sav", "ftp://host/x.csv", "s3://bucket/x.parquet"]
)
def test_urls_are_refused_before_any_library_sees_them(text):
    with pytest.raises(ExplorerError, match="web address"):
        load_survey(text)


@pytest.mark.parametrize("suffix", [".sav", ".csv", ".xlsx", ".sss", ".parquet", ".txt"])
def test_empty_and_missing_files(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    with pytest.raises(ExplorerError, match=rf"empty\{suffix}: the file is empty"):
        load_survey(path)
    with pytest.raises(ExplorerError, match=r"gone.*no such file"):
        load_survey(tmp_path / f"gone{suffix}")


def test_several_weight_candidates_leave_the_survey_unweighted(tmp_path):
    path = tmp_path / "two.csv"
    _csv(path, weight=np.linspace(0.5, 1.5, 20), wt_old=np.linspace(0.7, 1.3, 20))
    survey = load_survey(path)
    assert survey.weight is None and any(
        "Several variables look like weights" in w for w in survey.warnings
    )
    assert load_survey(path, weight="wt_old").weight == "wt_old"
    assert survey.variable("weight").kind is Kind.NUMERIC


def test_text_cannot_be_a_weight(tmp_path):
    path = tmp_path / "t.csv"
    _csv(path, note=[f"note {i}" for i in range(20)])
    with pytest.raises(ExplorerError, match=r"t\.csv: note is not numeric"):
        load_survey(path, weight="note")


def test_provenance(tmp_path):
    path = tmp_path / "p.csv"
    _csv(path)
    survey = load_survey(path)
    assert survey.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    expected = dt.datetime.fromtimestamp(os.stat(path).st_mtime).date().isoformat()
    assert survey.source.modified == expected
    assert survey.source.path == str(path.absolute())
    assert not survey.illustrative and survey.name == "p.csv"


def test_multiple_response_set_sits_before_its_items(tmp_path):
    path = tmp_path / "mr.csv"
    _csv(path, c_x=[0, 1] * 10, c_y=[1, 1] * 10, z=range(20))
    names = list(load_survey(path).variables)
    assert names.index("c_") == names.index("c_x") - 1
