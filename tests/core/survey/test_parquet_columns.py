"""Reading only the columns a request needs from a Parquet file: the unrequested columns' data is
never read (a column whose pages are destroyed does not stop the read), and every table equals the
one made from the whole file."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from explorer.cli import main
from explorer.core.errors import ExplorerError
from explorer.core.survey.load import load_survey
from explorer.core.survey.parquet import write_parquet
from explorer.core.survey.tabulate import compute_table
from tests.conftest import SAMPLE_DIR


@pytest.fixture(scope="module")
def sample_parquet(tmp_path_factory):
    path = tmp_path_factory.mktemp("pq") / "london.parquet"
    write_parquet(load_survey(SAMPLE_DIR / "london_survey.sav"), path)
    return path


def _destroy_column(path, name: str) -> None:
    """Overwrite the data pages of column `name` with garbage, leaving the footer intact."""
    meta = pq.ParquetFile(path).metadata
    index = meta.schema.names.index(name)
    data = bytearray(path.read_bytes())
    for group in range(meta.num_row_groups):
        chunk = meta.row_group(group).column(index)
        start = chunk.dictionary_page_offset or chunk.data_page_offset
        data[start : start + chunk.total_compressed_size] = b"\xff" * chunk.total_compressed_size
    path.write_bytes(bytes(data))


def test_a_projected_read_gives_the_same_tables(sample_parquet) -> None:
    full = load_survey(sample_parquet)
    part = load_survey(sample_parquet, columns=["q_trust_met", "vote_intention", "age_band"])
    assert set(part.columns) < set(full.columns)
    assert {"q_trust_met", "vote_intention", "age_band", "weight"} <= set(part.columns)
    assert part.weight == full.weight == "weight"
    mask_full = full.mask({"age_band": (1.0, 2.0)})
    mask_part = part.mask({"age_band": (1.0, 2.0)})
    assert np.array_equal(mask_full, mask_part)
    ours = compute_table(part, "q_trust_met", by="vote_intention", mask=mask_part)
    whole = compute_table(full, "q_trust_met", by="vote_intention", mask=mask_full)
    assert ours.to_json() == whole.to_json()


def test_an_mr_set_brings_its_members(sample_parquet) -> None:
    full = load_survey(sample_parquet)
    name = next(v.name for v in full.variables.values() if v.members)
    part = load_survey(sample_parquet, columns=[name])
    assert set(full.variables[name].members) <= set(part.columns)
    assert compute_table(part, name).to_json() == compute_table(full, name).to_json()


def test_pyarrow_is_asked_for_the_needed_columns_only(sample_parquet, monkeypatch) -> None:
    asked = []
    real = pq.read_table

    def spy(source, *args, columns=None, **kwargs):
        asked.append(columns)
        return real(source, *args, columns=columns, **kwargs)

    monkeypatch.setattr(pq, "read_table", spy)
    load_survey(sample_parquet, columns=["q_trust_met"])
    assert asked == [["weight", "q_trust_met"]]


def test_a_destroyed_column_is_never_touched(tmp_path) -> None:
    rng = np.random.default_rng(3)
    n = 5000
    path = tmp_path / "plain.parquet"
    table = pa.table(
        {
            "q1": rng.integers(1, 5, n),
            "region": rng.integers(1, 4, n),
            "weight": rng.uniform(0.5, 2.0, n),
            "open_text": [f"answer {i} " * 5 for i in rng.integers(0, 10**6, n)],
        }
    )
    pq.write_table(table, path, compression="none")
    whole = load_survey(path)
    _destroy_column(path, "open_text")
    with pytest.raises(ExplorerError, match="plain.parquet"):
        load_survey(path)  # the whole file can no longer be read…
    part = load_survey(path, columns=["q1", "region"])  # …but the table's columns can
    assert "open_text" not in part.columns
    ours = compute_table(part, "q1", by="region")
    assert ours.to_json() == compute_table(whole, "q1", by="region").to_json()
    w = table["weight"].to_numpy()
    q1 = table["q1"].to_numpy()
    assert ours.columns[0].weighted_base == pytest.approx(w.sum())
    top = ours.rows[0]
    assert top.cells[0].percent == pytest.approx(100 * w[q1 == 1].sum() / w.sum())


def test_explorer_table_on_parquet_reads_the_table_only(tmp_path, capsys) -> None:
    rng = np.random.default_rng(5)
    n = 3000
    path = tmp_path / "wave.parquet"
    pq.write_table(
        pa.table(
            {
                "q1": rng.integers(1, 4, n),
                "weight": rng.uniform(0.5, 2.0, n),
                "open_text": [f"x{i}" for i in range(n)],
            }
        ),
        path,
        compression="none",
    )
    _destroy_column(path, "open_text")
    assert main(["table", str(path), "--question", "q1", "--format", "json"]) == 0
    assert '"weight": "weight"' in capsys.readouterr().out
