"""SPSS .sav loading: labels, user-missing codes, kinds, nets, weights, MR sets, encodings, damage."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.survey import reader_process
from explorer.core.survey.load import load_survey
from explorer.core.survey.model import Kind
from explorer.core.survey.sav import read_sav_file

SUPPORT = {
    1: "Strongly support",
    2: "Somewhat support",
    3: "Neither support nor oppose",
    4: "Somewhat oppose",
    5: "Strongly oppose",
    98: "Don't know",
}
SELECTED = {0: "Not selected", 1: "Selected"}


def _frame(n: int = 120, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "resp_id": np.arange(1, n + 1),
            "weight": rng.uniform(0.4, 1.6, n),
            "q_support": rng.choice([1, 2, 3, 4, 5, 98], n),
            "gender": rng.choice([1, 2, 3, 99], n),
            "age": rng.integers(18, 90, n).astype(float),
            "q_concern_privacy": rng.choice([0, 1], n),
            "q_concern_misuse": rng.choice([0, 1], n),
            "q_concern_none": rng.choice([0, 1], n),
            "comment": rng.choice(["fine", "too slow", ""], n),
            "interview_date": pd.Timestamp("2024-03-01")
            + pd.to_timedelta(rng.integers(0, 20, n), unit="D"),
            "satisfaction": rng.choice([1, 2, 3, 4], n),
        }
    )


def _write(path, frame=None, **kwargs):
    frame = _frame() if frame is None else frame
    options = dict(
        file_label="Test survey",
        column_labels={
            "q_support": "Support or oppose drones",
            "gender": "Gender",
            "age": "Age in years",
            "q_concern_privacy": "Concerns about technology: privacy",
            "q_concern_misuse": "Concerns about technology: misuse",
            "q_concern_none": "Concerns about technology: none of these",
            "satisfaction": "Level of service",
        },
        variable_value_labels={
            "q_support": SUPPORT,
            "gender": {1: "Man", 2: "Woman", 3: "In another way", 99: "Prefer not to say"},
            "q_concern_privacy": SELECTED,
            "q_concern_misuse": SELECTED,
            "q_concern_none": SELECTED,
            "satisfaction": {1: "Low", 2: "Middling", 3: "High", 4: "Very high"},
            "age": {999: "Refused"},
        },
        missing_ranges={"gender": [99], "age": [{"lo": 120, "hi": 999}]},
        variable_measure={"satisfaction": "ordinal"},
        variable_format={"interview_date": "DATE11"},
    )
    options.update(kwargs)
    pyreadstat.write_sav(frame, path, **options)
    return frame


def test_labels_codes_and_kinds(tmp_path):
    path = tmp_path / "survey.sav"
    frame = _write(path)
    survey = load_survey(path)
    assert survey.n == len(frame)
    support = survey.variable("q_support")
    assert support.label == "Support or oppose drones"
    assert support.value_labels == tuple((float(c), t) for c, t in sorted(SUPPORT.items()))
    assert support.kind is Kind.SCALE
    gender = survey.variable("gender")
    assert gender.kind is Kind.NOMINAL and gender.missing_values == frozenset({99.0})
    assert survey.variable("age").kind is Kind.NUMERIC
    assert survey.variable("age").missing_ranges == ((120.0, 999.0),)
    assert survey.variable("comment").kind is Kind.TEXT
    assert survey.variable("interview_date").kind is Kind.DATE
    assert not survey.variable("comment").charted and not survey.variable("interview_date").charted
    assert survey.variable("resp_id").kind is Kind.NUMERIC
    # Ordinal measure without recognised wording → a scale with top/bottom 2 by code order.
    satisfaction = survey.variable("satisfaction")
    assert satisfaction.kind is Kind.SCALE and satisfaction.measure == "ordinal"
    assert [n.codes for n in satisfaction.nets] == [(1.0, 2.0), (3.0, 4.0)]
    # The stored codes are the delivered codes, user-missing kept as codes.
    np.testing.assert_array_equal(survey.values("gender"), frame["gender"].to_numpy(float))
    valid = survey.valid("gender")
    np.testing.assert_array_equal(valid, frame["gender"].to_numpy() != 99)
    assert survey.source.format == "spss" and survey.source.file_label == "Test survey"
    assert len(survey.source.sha256) == 64 and survey.source.modified[:4].isdigit()
    assert not survey.illustrative


def test_scale_nets_exclude_dont_know(tmp_path):
    path = tmp_path / "s.sav"
    _write(path)
    support = load_survey(path).variable("q_support")
    nets = {n.key: n for n in support.nets}
    assert nets["support"].codes == (1.0, 2.0) and nets["support"].label == "Support (net)"
    assert nets["oppose"].codes == (4.0, 5.0)
    assert support.net_scores == (("net", "Net support", "support", "oppose"),)
    assert all(98.0 not in n.codes for n in support.nets)


def test_weight_detected_and_checked(tmp_path):
    path = tmp_path / "w.sav"
    frame = _write(path)
    survey = load_survey(path)
    assert survey.weight == "weight" and survey.variable("weight").kind is Kind.WEIGHT
    np.testing.assert_allclose(survey.weights(), frame["weight"].to_numpy())
    # A weight that does not average 1 loads, with a note.
    scaled = frame.assign(weight=frame["weight"] * 250)
    _write(path, scaled)
    survey = load_survey(path)
    assert any("averages" in w for w in survey.warnings)
    # Choosing a weight explicitly; an unknown one is an error naming the file.
    assert load_survey(path, weight="age").weight == "age"
    with pytest.raises(ExplorerError, match=r"w\.sav.*'wgt'"):
        load_survey(path, weight="wgt")


@pytest.mark.parametrize("bad, word", [(0.0, "zero"), (-1.0, "negative")])
def test_zero_and_negative_weights_leave_respondents_out(tmp_path, bad, word):
    """As SPSS and PSPP do: the respondent is in no base, and Data notes says how many."""
    path = tmp_path / "bad.sav"
    frame = _frame()
    frame.loc[5, "weight"] = bad
    _write(path, frame)
    survey = load_survey(path, weight="weight")
    assert survey.weight == "weight"
    assert any(f"1 {word}" in w and "left out" in w for w in survey.warnings)
    assert not survey.mask(None)[5] and survey.mask(None).sum() == len(frame) - 1
    frame["weight"] = bad
    _write(path, frame)
    with pytest.raises(ExplorerError, match=r"bad\.sav: .*weight.*no weight above zero"):
        load_survey(path, weight="weight")
    guessed = load_survey(path)  # only guessed from its name: set aside, and said so
    assert guessed.weight is None
    assert any("unweighted" in w for w in guessed.warnings)


def test_blank_weights_leave_respondents_out_with_a_note(tmp_path):
    path = tmp_path / "blank.sav"
    frame = _frame()
    frame.loc[[2, 7], "weight"] = np.nan
    _write(path, frame)
    survey = load_survey(path)
    assert any("2 blank" in w for w in survey.warnings)
    assert survey.weights()[2] == 0.0 and survey.weights()[3] == frame["weight"][3]
    assert not survey.mask(None)[[2, 7]].any()


def test_prefix_multiple_response_set(tmp_path):
    path = tmp_path / "mr.sav"
    frame = _write(path)
    survey = load_survey(path)
    mr = survey.variable("q_concern_")
    assert mr.kind is Kind.MULTI and mr.counted_value == 1.0
    assert mr.members == ("q_concern_privacy", "q_concern_misuse", "q_concern_none")
    assert mr.label == "Concerns about technology"
    assert survey.variable("q_concern_privacy").kind is Kind.NOMINAL  # items stay
    selected = survey.mask({"q_concern_": ["q_concern_privacy"]})
    np.testing.assert_array_equal(selected, frame["q_concern_privacy"].to_numpy() == 1)


def test_mr_set_record_from_sav_writer(tmp_path):
    writer = pytest.importorskip("explorer.core.survey.sav_writer")
    frame = _frame()
    path = tmp_path / "mrset.sav"
    writer.write_sav(
        frame,
        path,
        column_labels={"q_concern_privacy": "Privacy", "q_concern_misuse": "Misuse"},
        value_labels={"q_concern_privacy": SELECTED, "q_concern_misuse": SELECTED},
        mr_sets={
            "$concerns": ("Concerns about technology", ["q_concern_privacy", "q_concern_misuse"], 1)
        },
    )
    survey = load_survey(path)
    mr = survey.variable("$concerns")
    assert mr.kind is Kind.MULTI and mr.label == "Concerns about technology"
    assert mr.members == ("q_concern_privacy", "q_concern_misuse") and mr.counted_value == 1.0
    # q_concern_none is not in the declared set, and is not made into a second set on its own.
    assert "q_concern_" not in survey.variables


def test_undeclared_dont_know_9999_stays_in_base(tmp_path):
    path = tmp_path / "dk.sav"
    n = 50
    codes = np.array([1, 2, 3, 4, 5, 9999] * (n // 6) + [1] * (n % 6))
    frame = pd.DataFrame({"q_trust": codes})
    labels = {1: "Trust a lot", 2: "Trust somewhat", 3: "Neither trust nor distrust"}
    labels |= {4: "Distrust somewhat", 5: "Distrust a lot", 9999: "Don't know"}
    pyreadstat.write_sav(frame, path, variable_value_labels={"q_trust": labels})
    survey = load_survey(path)
    var = survey.variable("q_trust")
    assert var.kind is Kind.SCALE and var.label_for(9999) == "Don't know"
    assert {n.key: n.codes for n in var.nets} == {"trust": (1.0, 2.0), "distrust": (4.0, 5.0)}
    assert survey.valid("q_trust").sum() == n  # DK is kept in the base: it is a real answer
    assert survey.columns["q_trust"].dtype == np.int16


def test_illustrative_from_notes(tmp_path):
    path = tmp_path / "ill.sav"
    _write(path, note=["Synthetic respondents: illustrative data only."])
    survey = load_survey(path)
    assert survey.illustrative and survey.source.notes


def test_windows_1252_labels(tmp_path):
    path = tmp_path / "cp1252.sav"
    frame = pd.DataFrame({"q_cafe": [1, 2, 98]})
    # Written as UTF-8, then the label bytes swapped for cp1252 ones of the same length.
    labels = {1: "Café open", 2: "Closed", 98: "Don’t know"}
    pyreadstat.write_sav(
        frame, path, column_labels=["Café opening"], variable_value_labels={"q_cafe": labels}
    )
    raw = path.read_bytes()
    patched = raw.replace("é".encode(), "\xe9 ".encode("latin1"))
    patched = patched.replace("’".encode(), b"\x92  ")
    assert patched != raw and len(patched) == len(raw)
    path.write_bytes(patched)
    var = load_survey(path).variable("q_cafe")
    assert var.label.startswith("Café")
    assert var.label_for(98).startswith("Don’") and var.label_for(1).startswith("Café")


def test_loading_never_writes_beside_the_file(tmp_path):
    path = tmp_path / "ro.sav"
    _write(path)
    before = (sorted(os.listdir(tmp_path)), path.stat().st_mtime_ns, path.read_bytes())
    os.chmod(path, 0o444)
    load_survey(path)
    after = (sorted(os.listdir(tmp_path)), path.stat().st_mtime_ns, path.read_bytes())
    assert before == after


def test_many_columns_and_long_labels(tmp_path):
    path = tmp_path / "wide.sav"
    rng = np.random.default_rng(9)
    frame = pd.DataFrame({f"v{i:03d}": rng.integers(1, 6, 40) for i in range(320)})
    long_label = ("A very long question wording " * 400)[:10_000]
    labels = {
        name: {1: "Agree strongly", 2: "Agree", 3: "Neither", 4: "Disagree", 5: "Disagree strongly"}
        for name in frame
    }
    labels["v000"] = {1: long_label, 2: "Other"}
    pyreadstat.write_sav(
        frame, path, variable_value_labels=labels, column_labels={"v001": long_label[:250]}
    )
    survey = load_survey(path)
    assert len(survey.variables) == 320
    assert survey.variable("v000").label_for(1).startswith("A very long question")
    assert survey.variable("v005").kind is Kind.SCALE
    for name in ("v000", "v319"):
        np.testing.assert_array_equal(survey.values(name), frame[name].to_numpy(float))


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda p, good: p.write_bytes(good[:100]), r"broken\.sav: .*(truncated|damaged)"),
        (lambda p, good: p.write_bytes(os.urandom(4096)), r"broken\.sav: .*not an SPSS"),
        (lambda p, good: p.write_bytes(b"$FL2" + os.urandom(4000)), r"broken\.sav: "),
        (lambda p, good: p.write_bytes(b""), r"broken\.sav: .*empty"),
        (lambda p, good: p.mkdir(), r"broken\.sav: .*folder"),
        (lambda p, good: None, r"broken\.sav: .*no such file"),
    ],
    ids=["truncated", "random", "random-with-magic", "empty", "directory", "missing"],
)
def test_damaged_files_raise_one_sentence(tmp_path, make, match):
    good_path = tmp_path / "good.sav"
    _write(good_path)
    path = tmp_path / "broken.sav"
    make(path, good_path.read_bytes())
    with pytest.raises(ExplorerError, match=match) as caught:
        load_survey(path)
    assert caught.value.message.count(".") >= 1 and "\n" not in caught.value.message


def test_read_sav_file_keeps_user_missing_codes(tmp_path):
    path = tmp_path / "um.sav"
    frame = _write(path)
    data, meta = read_sav_file(path)
    assert (data["gender"] == 99).sum() == (frame["gender"] == 99).sum()
    assert meta.missing_ranges["gender"] == [{"lo": 99.0, "hi": 99.0}]


def test_zsav_compressed_files(tmp_path):
    path = tmp_path / "c.zsav"
    frame = _write(path, compress=True)
    survey = load_survey(path)
    np.testing.assert_array_equal(survey.values("q_support"), frame["q_support"].to_numpy(float))


def test_any_reader_exception_becomes_one_sentence(tmp_path, monkeypatch):
    path = tmp_path / "odd.sav"
    _write(path)

    def explode(*args, **kwargs):
        raise TypeError("Expected str, got float")

    monkeypatch.setattr(pyreadstat, "read_sav", explode)
    monkeypatch.setattr(reader_process, "ISOLATE", False)  # the patch lives in this process only
    with pytest.raises(ExplorerError, match=r"^odd\.sav: the file is damaged"):
        load_survey(path)
