"""`--suppress-below N` on the command line: `table` hides what the window and exports hide at N
(primary cells under N and their complements), its footer and JSON say N, and `export` carries N
into every slide's footer of the PDF and the PowerPoint."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import numpy as np
import pytest

from explorer.cli import main
from explorer.core.briefing.sample import BRIEFING_PATH, QUAL_PATH, SURVEY_PATH

needs_sample = pytest.mark.skipif(
    not (SURVEY_PATH.exists() and QUAL_PATH.exists() and BRIEFING_PATH.exists()),
    reason="the bundled sample is not built",
)


def _table(capsys, *extra: str):
    code = main(["table", str(SURVEY_PATH), "-q", "q_trust_met", "--by", "vote_intention", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@needs_sample
def test_table_hides_every_cell_under_the_threshold_and_says_so(capsys) -> None:
    from explorer.core.survey.load import load_survey

    data = json.loads(_table(capsys, "--suppress-below", "40", "--format", "json"))
    assert data["thresholds"]["suppress_below"] == 40
    survey = load_survey(SURVEY_PATH)
    q = np.asarray(survey.values("q_trust_met"), float)
    vote = np.asarray(survey.values("vote_intention"), float)
    hidden_at_40 = 0
    for row in (r for r in data["rows"] if r["kind"] == "code"):
        for column, cell in zip(data["columns"], row["cells"]):
            keep = np.ones(len(q), bool) if column["key"] == "all" else vote == column["key"]
            count = int((keep & (q == row["code"])).sum())  # counted here, from the raw data
            if 0 < count < 40:
                assert cell["suppressed"] and cell["percent"] is None, (row["label"], column)
            hidden_at_40 += cell["suppressed"]
    default = json.loads(_table(capsys, "--format", "json"))
    hidden_at_10 = sum(c["suppressed"] for r in default["rows"] for c in r["cells"])
    assert hidden_at_40 > hidden_at_10 > 0
    text = _table(capsys, "--suppress-below", "40")
    assert "[c] fewer than 40 respondents, or to protect another [c], not shown." in text


@needs_sample
@pytest.mark.parametrize("value", ["1", "101", "ten"])
def test_a_threshold_out_of_range_is_refused_in_one_sentence(capsys, value) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["table", str(SURVEY_PATH), "-q", "q_trust_met", "--suppress-below", value])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"a whole number from 2 to 100, not '{value}'" in err


@needs_sample
@pytest.mark.slow
def test_export_states_the_threshold_on_every_slide_of_the_pdf_and_pptx(tmp_path) -> None:
    from pptx import Presentation

    pdf, pptx = tmp_path / "b.pdf", tmp_path / "b.pptx"
    code = main(
        ["export", str(BRIEFING_PATH), "--pdf", str(pdf), "--pptx", str(pptx)]
        + ["--slides", "1-3", "--suppress-below", "30"]
    )
    assert code == 0
    rule = "[c] hidden: fewer than 30 respondents, or to protect another [c]"
    for slide in Presentation(str(pptx)).slides:
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert rule in " ".join(text.split()) and "fewer than 10" not in text
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        pages = [" ".join(p.split()) for p in out.split("\f") if p.strip()]
        assert len(pages) == 3 and all(rule in p for p in pages)
        assert not re.search(r"fewer than 10\b", out)
