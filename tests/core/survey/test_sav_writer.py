"""The SPSS writer: labels, missing codes and notes round-trip; MR sets read back by pyreadstat."""

from __future__ import annotations

import struct
from datetime import datetime

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.survey.sav_writer import dictionary_records, mrsets_record_text, write_sav


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 40
    return pd.DataFrame(
        {
            "resp_id": np.arange(1, n + 1),
            "q_region": rng.choice([1, 2, 99], n),
            "q_concern_privacy": rng.integers(0, 2, n),
            "q_concern_misuse": rng.integers(0, 2, n),
            "q_concern_none": rng.integers(0, 2, n),
            "q_use_a": rng.integers(0, 2, n),
            "q_use_b": rng.integers(0, 2, n),
        }
    )


def _write(path, frame=None, **extra) -> None:
    frame = _frame() if frame is None else frame
    kwargs = {
        "file_label": "Illustrative test file",
        "notes": ["A note that is long enough to need wrapping onto a second line " * 2],
        "column_labels": {c: f"Label of {c}" for c in frame.columns},
        "value_labels": {"q_region": {1: "North", 2: "South", 99: "Prefer not to say"}},
        "missing_values": {"q_region": [99]},
        "measures": {"q_region": "nominal", "resp_id": "scale"},
        "mr_sets": {
            "$concerns": (
                "Which concern you?",
                ["q_concern_privacy", "q_concern_misuse", "q_concern_none"],
                1,
            ),
            "$uses": ("Uses", ["q_use_a", "q_use_b"], 1),
        },
    }
    kwargs.update(extra)
    write_sav(frame, path, **kwargs)


def test_round_trip_of_data_labels_missing_and_notes(tmp_path) -> None:
    path = tmp_path / "out.sav"
    frame = _frame()
    _write(path, frame)
    back, meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert np.array_equal(back.to_numpy(dtype=float), frame.to_numpy(dtype=float))
    assert meta.file_label == "Illustrative test file"
    assert all(len(line) <= 80 for line in meta.notes) and len(meta.notes) >= 2
    assert " ".join(meta.notes).startswith("A note that is long")
    assert meta.column_names_to_labels["q_use_b"] == "Label of q_use_b"
    assert meta.variable_value_labels["q_region"][99] == "Prefer not to say"
    assert meta.missing_ranges["q_region"] == [{"lo": 99.0, "hi": 99.0}]
    assert meta.variable_measure["q_region"] == "nominal"
    # A reader honouring missing values drops 99.
    honoured, _ = pyreadstat.read_sav(str(path))
    assert honoured["q_region"].isna().sum() == (frame["q_region"] == 99).sum()


def test_multiple_response_sets_are_read_back(tmp_path) -> None:
    path = tmp_path / "out.sav"
    _write(path)
    _, meta = pyreadstat.read_sav(str(path))
    assert set(meta.mr_sets) == {"concerns", "uses"}
    concerns = meta.mr_sets["concerns"]
    assert concerns["type"] == "D"
    assert concerns["is_dichotomy"]
    assert concerns["counted_value"] == 1
    assert concerns["label"] == "Which concern you?"
    assert concerns["variable_list"] == ["q_concern_privacy", "q_concern_misuse", "q_concern_none"]
    assert meta.mr_sets["uses"]["variable_list"] == ["q_use_a", "q_use_b"]


def test_record_text_follows_the_pspp_example() -> None:
    # PSPP's documentation gives "$b=D2 55 0  g e f d" for an unlabelled set counting 55.
    text = mrsets_record_text({"$b": ("", ["g", "e", "f", "d"], 55)})
    assert text == b"$b=D2 55 0  g e f d\n"
    labelled = mrsets_record_text({"c": ("mdgroup #2", ["h", "i"], 1)}, {"h": "H", "i": "I"})
    assert labelled == b"$c=D1 1 10 mdgroup #2 H I\n"


def test_dictionary_walk_finds_the_inserted_record_before_termination(tmp_path) -> None:
    path = tmp_path / "out.sav"
    _write(path)
    data = path.read_bytes()
    records = dictionary_records(data)
    kinds = [kind for kind, _, _ in records]
    assert kinds[-1] == 999 and kinds.count(999) == 1
    assert kinds.count(2) == len(_frame().columns)
    assert 3 in kinds and kinds[kinds.index(3) + 1] == 4
    # Records tile the dictionary with no gaps.
    assert records[0][1] == 176
    assert all(end == start for (_, _, end), (_, start, _) in zip(records, records[1:]))
    subtypes = [
        struct.unpack_from("<i", data, start + 4)[0] for kind, start, _ in records if kind == 7
    ]
    assert subtypes.count(7) == 1


def test_creation_stamp_makes_files_identical(tmp_path) -> None:
    stamp = datetime(2025, 11, 26, 9, 30, 0)
    _write(tmp_path / "a.sav", created=stamp)
    _write(tmp_path / "b.sav", created=stamp)
    assert (tmp_path / "a.sav").read_bytes() == (tmp_path / "b.sav").read_bytes()
    _, meta = pyreadstat.read_sav(str(tmp_path / "a.sav"), metadataonly=True)
    assert meta.creation_time == stamp


def test_failure_leaves_the_old_file_and_no_temporary(tmp_path) -> None:
    path = tmp_path / "out.sav"
    path.write_bytes(b"previous contents")
    with pytest.raises(ExplorerError, match="out.sav"):
        _write(path, mr_sets={"$bad": ("Bad", ["q_use_a", "nope"], 1)})
    with pytest.raises(ExplorerError, match="out.sav"):
        _write(path, missing_values={"q_region": [96, 97, 98, 99]})
    with pytest.raises(ExplorerError, match="64 bytes"):
        _write(path, file_label="x" * 65)
    assert path.read_bytes() == b"previous contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.sav"]


def test_without_mr_sets_the_file_is_pyreadstats_own(tmp_path) -> None:
    frame = _frame()
    ours, theirs = tmp_path / "ours.sav", tmp_path / "theirs.sav"
    write_sav(frame, ours, column_labels={}, row_compress=False)
    pyreadstat.write_sav(frame, str(theirs))
    a, b = ours.read_bytes(), theirs.read_bytes()
    # Only the creation time stamp (header bytes 92–109) may differ.
    assert len(a) == len(b) and a[:92] == b[:92] and a[109:] == b[109:]
