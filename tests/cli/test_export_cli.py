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
