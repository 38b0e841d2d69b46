"""`python -m explorer export`: the sample briefing to PDF, PowerPoint and PNG slides with no
display (the command picks Qt's offscreen platform itself), a warning on stderr when the data has
changed, and one-sentence errors with exit status 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.core.briefing.sample import BRIEFING_PATH, QUAL_PATH, SURVEY_PATH

ROOT = Path(__file__).resolve().parents[2]
needs_sample = pytest.mark.skipif(
    not (SURVEY_PATH.exists() and QUAL_PATH.exists() and BRIEFING_PATH.exists()),
    reason="the bundled sample is not built",
)


@pytest.fixture(autouse=True)
def _app_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_EXPLORER_DATA", str(tmp_path / "appdata"))


@needs_sample
@pytest.mark.slow
def test_sample_pack_renders_without_a_display(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["WAYLAND_DISPLAY"] = ""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "explorer",
            "export",
            str(BRIEFING_PATH),
            "--pdf",
            str(tmp_path / "pack.pdf"),
            "--pptx",
            str(tmp_path / "pack.pptx"),
            "--png-dir",
            str(tmp_path / "png"),
            "--size",
            "960x540",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    slides = len(json.loads(BRIEFING_PATH.read_text())["slides"])
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", str(tmp_path / "pack.pdf")], capture_output=True, text=True, check=True
        ).stdout
        assert f"Pages:           {slides}" in info
    assert f"({slides} pages)" in done.stdout
    pngs = sorted((tmp_path / "png").glob("slide-*.png"))
    assert len(pngs) == slides
    from pptx import Presentation

    assert len(Presentation(str(tmp_path / "pack.pptx")).slides) == slides
    assert "warning" not in done.stderr


@needs_sample
def test_changed_data_is_a_warning_on_stderr(tmp_path, capsys) -> None:
    data = json.loads(BRIEFING_PATH.read_text())
    data["data"]["survey"]["sha256"] = "0" * 64
    data["data"]["survey"]["path"] = str(SURVEY_PATH)
    data["data"]["qual"]["path"] = str(QUAL_PATH)
    data["slides"] = data["slides"][:1]
    briefing = tmp_path / "old.briefing.json"
    briefing.write_text(json.dumps(data))
    code = main(["export", str(briefing), "--png-dir", str(tmp_path / "png")])
    err = capsys.readouterr().err
    assert code == 0
    assert "warning: london_survey.sav has changed since this briefing was saved" in err
    assert len(list((tmp_path / "png").glob("*.png"))) == 1


def test_errors_are_one_sentence_and_exit_2(tmp_path, capsys) -> None:
    assert main(["export", str(tmp_path / "missing.briefing.json"), "--pdf", "x.pdf"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "missing.briefing.json" in err and "\n" not in err
    bad = tmp_path / "bad.briefing.json"
    bad.write_text("{not json")
    assert main(["export", str(bad), "--pdf", "x.pdf"]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert main(["export", str(bad)]) == 2
    assert "--pdf" in capsys.readouterr().err


@needs_sample
def test_an_export_tests_letters_as_the_briefing_was_saved(tmp_path, capsys) -> None:
    # The window records its significance settings in the briefing; the command line exports
    # with them: the PowerPoint's letters are those of a Holm-corrected table at 99%.
    from pptx import Presentation

    from explorer.core.briefing.model import Briefing, add_slide, make_slide, view_from_state
    from explorer.core.briefing.store import data_ref_for, save_briefing
    from explorer.core.filter_state import FilterState
    from explorer.core.survey.load import load_survey
    from explorer.core.survey.table import TableOptions
    from explorer.core.survey.tabulate import compute_table

    path = tmp_path / "holm.briefing.json"
    view = view_from_state(FilterState(), ["q_trust_met"], "vote_intention", "table")
    briefing = add_slide(Briefing(title="Holm"), make_slide("By vote", view=view))
    holm = TableOptions(correction="holm", confidence=0.99)
    from dataclasses import replace

    briefing = replace(briefing, survey=data_ref_for("survey", SURVEY_PATH, path), statistics=holm)
    save_briefing(briefing, path)
    saved = json.loads(path.read_text())["statistics"]
    assert saved["correction"] == "holm" and saved["confidence"] == 0.99
    out = tmp_path / "holm.pptx"
    assert main(["export", str(path), "--pptx", str(out), "--method"]) == 0
    prs = Presentation(str(out))
    grid = next(s for s in prs.slides[0].shapes if s.has_table).table
    expected = compute_table(load_survey(str(SURVEY_PATH)), "q_trust_met", by="vote_intention",
                             options=holm)  # fmt: skip
    plain = compute_table(load_survey(str(SURVEY_PATH)), "q_trust_met", by="vote_intention")
    shown = [r for r in expected.rows if r.kind in ("code", "net")]
    marks = [
        [grid.cell(i, j).text.partition(" ")[2] for j in range(2, len(row.cells) + 1)]
        for i, row in enumerate(shown, start=1)
    ]
    wanted = [[c.significance for c in row.cells[1:]] for row in shown]
    assert marks == wanted
    unset = [[c.significance for c in r.cells[1:]] for r in plain.rows if r.kind in ("code", "net")]
    assert wanted != unset  # the recorded settings made a difference
    texts = "\n".join(s.text_frame.text for s in prs.slides[-1].shapes if s.has_text_frame)
    assert "Holm correction" in texts and "99% level" in texts
