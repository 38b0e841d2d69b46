"""A pooled tracker folder (one Parquet file per wave): opened from the footers and labels alone,
columns read only when a table needs them, tables equal to the pooled data's read as one file,
labels from this project's writer, from labels.json, or inferred from plain pyarrow/pandas files,
and one clear sentence for every bad folder."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from explorer.cli import main
from explorer.core.errors import ExplorerError
from explorer.core.survey.lazy_columns import LazyColumns
from explorer.core.survey.load import load_survey
from explorer.core.survey.model import Kind, Survey
from explorer.core.survey.parquet import write_parquet
from explorer.core.survey.tabulate import compute_table
from tests.conftest import SAMPLE_DIR

CUTS = (0, 300, 700, 1050)


@pytest.fixture(scope="module")
def sample():
    return load_survey(SAMPLE_DIR / "london_survey.sav")


@pytest.fixture(scope="module")
def written(sample, tmp_path_factory):
    """The sample split into three waves, each written by this project's Parquet writer."""
    folder = tmp_path_factory.mktemp("tracker") / "london_tracker"
    folder.mkdir()
    for i, (a, b) in enumerate(zip(CUTS, CUTS[1:]), start=1):
        part = {name: column[a:b] for name, column in sample.columns.items()}
        wave = Survey(dict(sample.variables), part, sample.source, weight=sample.weight)
        write_parquet(wave, folder / f"wave_{i}.parquet")
    return folder


def _plain_frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "q_police": rng.choice(["Agree", "Disagree", "Don't know"], n),
            "region": rng.integers(1, 4, n),
            "weight": rng.uniform(0.5, 2.0, n),
        }
    )


def test_opening_reads_no_question(written) -> None:
    survey = load_survey(written)
    assert isinstance(survey.columns, LazyColumns)
    assert survey.n == CUTS[-1]
    assert survey.weight == "weight"
    assert set(survey.columns.loaded()) == {"weight"}  # only the weight, for its data notes
    compute_table(survey, "q_trust_met", by="age_band")
    assert set(survey.columns.loaded()) == {"weight", "q_trust_met", "age_band"}


def test_tables_equal_the_pooled_file(sample, written) -> None:
    survey = load_survey(written)
    for question, by in (("q_trust_met", "age_band"), ("q_tech_lfr", None)):
        keep = survey.mask({"gender": (1.0,)})
        ours = compute_table(survey, question, by=by, mask=keep).to_json()
        theirs = compute_table(sample, question, by=by, mask=sample.mask({"gender": (1.0,)}))
        assert ours == theirs.to_json()
    mr = next(v.name for v in sample.variables.values() if v.kind is Kind.MULTI)
    assert compute_table(survey, mr).to_json() == compute_table(sample, mr).to_json()


def test_the_wave_variable_says_which_file(written, sample) -> None:
    survey = load_survey(written)
    wave = survey.variable("wave")
    assert wave.value_labels == ((1.0, "wave_1"), (2.0, "wave_2"), (3.0, "wave_3"))
    codes = survey.values("wave")
    assert [int((codes == k).sum()) for k in (1, 2, 3)] == [300, 400, 350]
    table = compute_table(survey, "q_trust_met", by="wave")
    # independent: wave 2's weighted share of code 1 from the raw arrays
    w = sample.values("weight")[300:700]
    q = sample.values("q_trust_met")[300:700]
    valid = ~np.isnan(q) & ~sample.variables["q_trust_met"].missing_mask(q)
    expected = 100 * w[valid & (q == 1)].sum() / w[valid].sum()
    row = next(r for r in table.rows if r.code == 1.0)
    column = next(j for j, c in enumerate(table.columns) if c.key == 2.0)
    assert row.cells[column].percent == pytest.approx(expected)


def test_a_plain_pyarrow_folder_is_inferred_like_one_file(tmp_path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    one = _plain_frame(400, 1)
    two = _plain_frame(500, 2)
    two["region"] = two["region"].astype(float)
    two.loc[:9, "region"] = np.nan  # pandas writes this wave's region as doubles
    pq.write_table(pa.Table.from_pandas(one, preserve_index=False), folder / "2024.parquet")
    two.to_parquet(folder / "2025.parquet", index=False)
    pooled = pd.concat([one, two], ignore_index=True)
    pooled.to_parquet(tmp_path / "pooled.parquet", index=False)
    survey = load_survey(folder)
    whole = load_survey(tmp_path / "pooled.parquet")
    assert survey.variable("q_police").value_labels == whole.variable("q_police").value_labels
    for question in ("q_police", "region"):
        ours = compute_table(survey, question, by="wave").to_json()
        assert compute_table(survey, question).to_json() == compute_table(whole, question).to_json()
        assert [c["key"] for c in ours["columns"]] == ["all", 1, 2]
    agree = (
        survey.values("q_police")
        == dict((t, c) for c, t in survey.variable("q_police").value_labels)["Agree"]
    )
    w = pooled["weight"].to_numpy()
    table = compute_table(survey, "q_police")
    row = next(r for r in table.rows if r.label == "Agree")
    assert row.cells[0].percent == pytest.approx(100 * w[agree].sum() / w.sum())


def test_labels_json_describes_a_plain_folder(tmp_path) -> None:
    folder = tmp_path / "with_labels"
    folder.mkdir()
    for year, seed in (("2024", 1), ("2025", 2)):
        frame = _plain_frame(300, seed)
        frame["q_police"] = frame["q_police"].map({"Agree": 1, "Disagree": 2, "Don't know": 9})
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), folder / f"{year}.pq")
    labels = {
        "version": 1,
        "file_label": "Force tracker",
        "weight": "weight",
        "variables": [
            {
                "name": "q_police",
                "label": "The police do a good job",
                "kind": "nominal",
                "value_labels": [[1, "Agree"], [2, "Disagree"], [9, "Don't know"]],
                "missing_values": [9],
            }
        ],
    }
    (folder / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    survey = load_survey(folder)
    assert survey.variable("q_police").label == "The police do a good job"
    assert survey.source.file_label == "Force tracker"
    table = compute_table(survey, "q_police")
    assert [r.label for r in table.rows][:2] == ["Agree", "Disagree"]
    codes = survey.values("q_police")
    assert table.columns[0].unweighted_base == int(np.isin(codes, (1, 2)).sum())
    assert survey.variable("region").kind is Kind.NOMINAL  # not described: inferred


def test_a_damaged_column_is_read_only_when_used(written, tmp_path) -> None:
    import shutil

    from tests.core.survey.test_parquet_columns import _destroy_column

    folder = tmp_path / "damaged"
    shutil.copytree(written, folder)
    _destroy_column(folder / "wave_2.parquet", "q_tech_lfr")
    survey = load_survey(folder)
    compute_table(survey, "q_trust_met")  # other columns read fine
    with pytest.raises(ExplorerError, match=r"^wave_2\.parquet: .*q_tech_lfr"):
        compute_table(survey, "q_tech_lfr")


def _folder(tmp_path, name: str, frames: dict[str, pd.DataFrame]):
    folder = tmp_path / name
    folder.mkdir()
    for file, frame in frames.items():
        frame.to_parquet(folder / file, index=False)
    return folder


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("empty", r"^empty: the folder holds no Parquet files"),
        ("stray", r"^stray: notes\.txt is not a Parquet file"),
        ("renamed", r"^renamed: fake\.parquet is not a Parquet file"),
        (
            "missing",
            r"^missing: the waves' columns differ: b\.parquet lacks q_police, region that a\.parquet has",
        ),
        ("sort", r"^sort: the waves' columns differ: region holds text in b\.parquet"),
        ("truncated", r"^b\.parquet: the Parquet file is damaged\.$"),
    ],
)
def test_a_bad_folder_is_one_sentence_naming_it(tmp_path, case, expected, capsys) -> None:
    good = _plain_frame(50, 1)
    if case == "empty":
        folder = tmp_path / "empty"
        folder.mkdir()
        (folder / "_SUCCESS").write_text("")  # skipped, as Arrow and Spark skip it
    elif case == "stray":
        folder = _folder(tmp_path, "stray", {"a.parquet": good})
        (folder / "notes.txt").write_text("wave notes")
    elif case == "renamed":
        folder = _folder(tmp_path, "renamed", {"a.parquet": good})
        (folder / "fake.parquet").write_text("region,weight\n1,1\n")
    elif case == "truncated":
        folder = _folder(tmp_path, "truncated", {"a.parquet": good, "b.parquet": good})
        (folder / "b.parquet").write_bytes((folder / "b.parquet").read_bytes()[:300])
    elif case == "missing":
        folder = _folder(tmp_path, "missing", {"a.parquet": good, "b.parquet": good[["weight"]]})
    else:
        other = good.assign(region=good["region"].astype(str) + "x")
        folder = _folder(tmp_path, "sort", {"a.parquet": good, "b.parquet": other})
    with pytest.raises(ExplorerError, match=expected) as raised:
        load_survey(folder)
    assert raised.value.message.count(". ") == 0 and raised.value.message.endswith(".")
    assert main(["table", str(folder), "--question", "q_police"]) == 2
    err = capsys.readouterr().err
    assert (folder.name in err or "b.parquet" in err) and "Traceback" not in err


def test_explorer_table_on_a_folder(written, sample, capsys) -> None:
    args = ["table", str(written), "--question", "q_trust_met", "--by", "wave"]
    assert main([*args, "--filter", "gender=1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["key"] for c in data["columns"]] == ["all", 1, 2, 3]
    keep = sample.mask({"gender": (1.0,)})
    expected = compute_table(sample, "q_trust_met", mask=keep).to_json()
    assert data["columns"][0]["weighted_base"] == pytest.approx(
        expected["columns"][0]["weighted_base"]
    )


@pytest.mark.parametrize(
    "waves",
    [
        [pa.array([1, 2, None, 98], pa.int64()), pa.array([3, 1], pa.uint8())],
        [pa.array([None, None], pa.int16()), pa.array([None], pa.null())],
        [pa.array([0, 300, None], pa.int32()), pa.array([-5, 7], pa.int8())],
        [pa.array([1, 2, 1], pa.int8()).dictionary_encode(), pa.array([2, None], pa.int64())],
        [pa.array([127, 1], pa.int64()), pa.array([-127], pa.int64())],
        [pa.array([128, 1], pa.int64())],
    ],
)
def test_integer_waves_narrow_as_one_float_column_would(waves) -> None:
    from explorer.core.survey.model import narrow
    from explorer.core.survey.tracker import narrow_integers

    chunks = [pa.chunked_array([w]) for w in waves]
    floats = np.concatenate(
        [
            np.asarray(w.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=float)
            for w in waves
        ]
    )
    got = narrow_integers(chunks)
    want = narrow(floats)
    assert got.dtype == want.dtype and np.array_equal(got, want)


def test_a_briefing_knows_when_the_folder_changed(written, tmp_path) -> None:
    import shutil

    from explorer.core.briefing.datacheck import _check_one
    from explorer.core.briefing.store import data_ref_for

    folder = tmp_path / "copy"
    shutil.copytree(written, folder)
    ref = data_ref_for("survey", folder, tmp_path / "pack.briefing.json")
    assert ref.sha256 == load_survey(folder).source.sha256
    assert _check_one(ref, folder) == []
    frame = pq.read_table(folder / "wave_3.parquet").to_pandas()
    frame.loc[0, "q_trust_met"] = 5 if frame.loc[0, "q_trust_met"] != 5 else 4
    frame.to_parquet(folder / "wave_3.parquet", index=False)
    assert "has changed" in _check_one(ref, folder)[0]


def test_waves_written_by_polars_and_pandas_pool(tmp_path) -> None:
    pl = pytest.importorskip("polars")
    folder = tmp_path / "engines"
    folder.mkdir()
    one, two = _plain_frame(300, 4), _plain_frame(200, 5)
    pl.from_pandas(one).write_parquet(folder / "w1.parquet")  # text as large_string
    two.to_parquet(folder / "w2.parquet", index=False)  # text as string
    survey = load_survey(folder)
    pooled = pd.concat([one, two], ignore_index=True)
    pooled.to_parquet(tmp_path / "pooled.parquet", index=False)
    whole = load_survey(tmp_path / "pooled.parquet")
    for question in ("q_police", "region"):
        assert compute_table(survey, question).to_json() == compute_table(whole, question).to_json()
