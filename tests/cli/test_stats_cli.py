"""The significance and design flags of `explorer table` (and their errors) run through `main`."""

from __future__ import annotations

import json

import pytest

from explorer.cli import main
from tests.conftest import SAMPLE_DIR

SAMPLE = str(SAMPLE_DIR / "london_survey.sav")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def letters(data) -> int:
    return sum(len(cell["significance"]) for row in data["rows"] for cell in row["cells"])


def test_correction_and_confidence_reach_the_json(capsys) -> None:
    found = {}
    for correction in ("none", "bh", "holm", "bonferroni"):
        code, out, _ = run(
            capsys, "table", SAMPLE, "-q", "q_trust_met", "--by", "vote_intention",
            "--correction", correction, "--format", "json",
        )  # fmt: skip
        assert code == 0
        data = json.loads(out)
        assert data["settings"]["correction"] == correction
        found[correction] = letters(data)
    assert found["none"] > found["bonferroni"]
    assert found["none"] >= found["bh"] >= found["holm"] >= found["bonferroni"]
    code, out, _ = run(
        capsys, "table", SAMPLE, "-q", "q_trust_met", "--by", "vote_intention",
        "--confidence", "99", "--vs-rest", "--two-levels",
    )  # fmt: skip
    assert code == 0
    assert "99% level" in out and "rest of the sample" in out and "at 95%" in out


def test_design_flags_name_their_variables(capsys) -> None:
    code, out, _ = run(
        capsys, "table", SAMPLE, "-q", "q_trust_met", "--by", "age_band",
        "--strata", "london_area", "--cluster", "sub_region", "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["settings"]["strata"] == "london_area"
    assert "Taylor linearisation" in data["settings"]["design"]
    assert data["rows"][0]["cells"][0]["design_effect"] > 0


def test_an_unknown_design_variable_is_one_sentence_and_exit_2(capsys) -> None:
    code, _, err = run(capsys, "table", SAMPLE, "-q", "q_trust_met", "--strata", "nope")
    assert code == 2
    assert "no variable named 'nope'" in err and "Traceback" not in err


@pytest.mark.parametrize("flags", [("--correction", "tukey"), ("--confidence", "80")])
def test_unknown_settings_are_refused_with_exit_2(capsys, flags) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["table", SAMPLE, "-q", "q_trust_met", *flags])
    assert stop.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_means_on_a_file_written_by_another_tool(tmp_path, capsys) -> None:
    import numpy as np
    import pandas as pd

    pyreadstat = pytest.importorskip("pyreadstat")
    rng = np.random.default_rng(1)
    n = 400
    frame = pd.DataFrame(
        {
            "sat": rng.integers(0, 11, n).astype(float),
            "grp": rng.integers(1, 3, n).astype(float),
            "wt": rng.uniform(0.5, 2.0, n),
        }
    )
    frame.loc[:19, "sat"] = 99.0
    path = tmp_path / "poll.sav"
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=["Satisfaction 0-10", "Group", "Weight"],
        variable_value_labels={
            "sat": {0: "Not at all", 10: "Completely", 99: "Don't know"},
            "grp": {1: "North", 2: "South"},
        },  # fmt: skip
        missing_ranges={"sat": [99]},
    )
    code, out, _ = run(capsys, "means", str(path), "-q", "sat", "--by", "grp", "--weight", "wt",
                       "--format", "json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    valid = frame["sat"] != 99
    w, x = frame.loc[valid, "wt"], frame.loc[valid, "sat"]
    assert data["columns"][0]["mean"] == pytest.approx((w * x).sum() / w.sum(), rel=1e-12)
    assert data["columns"][0]["unweighted_base"] == int(valid.sum())
    code, _, err = run(capsys, "means", str(path), "-q", "grp")
    assert code == 2 and "no mean" in err


def test_sample_writes_the_illustrative_tracker(tmp_path, capsys) -> None:
    from explorer.core.survey.load import load_survey

    code, out, _ = run(capsys, "sample", "--tracker", "--out", str(tmp_path / "t"),
                       "--respondents", "200")  # fmt: skip
    assert code == 0 and out.count("Wrote") == 5
    pooled = load_survey(str(tmp_path / "t" / "london_tracker.sav"))
    assert pooled.illustrative and pooled.n == 800


def test_means_read_their_design_variables_and_say_the_weight(capsys) -> None:
    # explorer means reads only the columns it needs: the strata and clusters must be among them
    code, out, _ = run(
        capsys, "means", SAMPLE, "-q", "resp_id", "--by", "age_band",
        "--strata", "london_area", "--cluster", "sub_region", "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["weighted"] is True and data["weight"] == "weight"
    assert data["settings"]["strata"] == "london_area"
    assert any("Taylor linearisation" in note for note in data["notes"])
    code, out, _ = run(capsys, "means", SAMPLE, "-q", "resp_id", "--unweighted")
    assert code == 0 and "unweighted (no weight applied)" in out
    assert "weighted by" not in out
