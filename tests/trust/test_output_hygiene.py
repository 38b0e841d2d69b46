"""Output hygiene: names from files never reach a message or the terminal raw (control, escape and
direction-override characters shown escaped), a blank marking is refused with a sentence, and a
UNC path counts as remote, never opened."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from explorer.cli import TerminalSafe
from explorer.core.briefing import model as bm
from explorer.core.briefing.store import dumps, load_briefing
from explorer.core.errors import ExplorerError
from explorer.core.safe_files import checked_path, looks_like_url
from tests.conftest import ROOT

NASTY = "evil\x1b[2J\u202egnp.exe\nsecond\rline\x07.sav"


def test_a_file_name_in_an_error_is_shown_escaped() -> None:
    message = ExplorerError.for_file(f"/tmp/{NASTY}", "there is no such file").message
    assert message.isprintable()
    assert "\\x1b[2J" in message and "\\u202e" in message and "\\x0a" in message


def test_terminal_output_is_escaped_but_lines_and_crlf_kept() -> None:
    out = io.StringIO()
    TerminalSafe(out).write(f"a,b\r\n{NASTY}\tx\n")
    text = out.getvalue()
    assert text.startswith("a,b\r\n") and text.endswith("\tx\n")
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "\\x1b[2J" in text


def test_the_cli_prints_a_nasty_name_escaped(tmp_path) -> None:
    path = tmp_path / "evil\x1b[31m\u202e.csv"
    result = subprocess.run(
        [sys.executable, "-m", "explorer", "describe", str(path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "\\x1b[31m" in result.stderr


def test_a_blank_marking_is_refused() -> None:
    with pytest.raises(ExplorerError, match="cannot be blank"):
        bm.set_marking(bm.Briefing(), "  ")


def test_a_briefing_with_a_blank_marking_is_refused(tmp_path) -> None:
    path = tmp_path / "b.briefing.json"
    data = json.loads(dumps(bm.Briefing(title="T")))
    data["marking"] = ""
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ExplorerError, match="marking is blank"):
        load_briefing(path)


def test_the_cli_refuses_a_blank_marking(tmp_path) -> None:
    path = tmp_path / "b.briefing.json"
    path.write_text(dumps(bm.Briefing(title="T")), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "explorer", "export", str(path), "--pdf", "o.pdf", "--marking", ""],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "cannot be blank" in result.stderr


@pytest.mark.parametrize(
    "path", [r"\\host\share\survey.sav", "//host/share/survey.sav", r"\\?\UNC\host\share\x.sav"]
)
def test_unc_paths_count_as_remote(path) -> None:
    assert looks_like_url(path)
    with pytest.raises(ExplorerError, match="network path"):
        checked_path(path)


def test_a_briefing_pointing_at_a_network_share_is_not_opened(tmp_path) -> None:
    path = tmp_path / "b.briefing.json"
    ref = bm.DataRef("survey", r"\\host\share\survey.sav", "0" * 64, "survey.sav")
    briefing = bm.Briefing(title="T", survey=ref, slides=(bm.make_slide("S"),))
    path.write_text(dumps(briefing), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "explorer", "export", str(path), "--pdf", "o.pdf"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "another computer" in result.stderr
