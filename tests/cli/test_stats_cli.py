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
