"""Hostile text through every input format into the window, the presentation, every export and the
command line (tests/trust/hostile_text_run.py), in a separate process traced with strace: no crash,
no problem reported, and no attempt to open an image or link target named in the data.

Without strace the session still runs (everything but the file-access trace is checked).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fixtures.hostile import text_corpus as tc

pytest.importorskip("pytestqt")


def _build(folder: Path) -> None:
    texts = tc.corpus(folder / "canary")
    survey = tc.survey_csv(folder, texts)
    tc.survey_sav(folder, texts)
    tc.survey_sss(folder, texts)
    qual = tc.qual_qdpx(folder, texts)
    tc.briefing_file(folder, texts, survey, qual)


def _strace_works() -> bool:
    exe = shutil.which("strace")
    if not exe:
        return False
    probe = subprocess.run(
        [exe, "-f", "--seccomp-bpf", "-o", os.devnull, "true"], capture_output=True
    )
    return probe.returncode == 0


def test_hostile_text_everywhere_is_shown_literally_and_loads_nothing(tmp_path) -> None:
    _build(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tests.trust.hostile_text_run", str(tmp_path)]
    trace = tmp_path / "trace.txt"
    traced = _strace_works()
    if traced:
        calls = "trace=open,openat,creat,stat,lstat,newfstatat,statx,access,faccessat,connect"
        command = ["strace", "-f", "-qq", "--seccomp-bpf", "-e", calls, "-o", str(trace), *command]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "DONE 0" in result.stdout
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    if not traced:
        pytest.skip("strace is not available: the session ran, the file-access trace did not")
    log = trace.read_text(encoding="utf-8", errors="replace")
    assert "hostile.qdpx" in log  # the trace did see the session's own files
    touched = [
        line for line in log.splitlines() if any(m in line for m in tc.markers(tmp_path / "canary"))
    ]
    assert not touched, touched[:5]
    remote = [line for line in log.splitlines() if "connect(" in line and "AF_UNIX" not in line]
    assert not remote, remote[:5]
