"""The window's first paint does not wait for libraries it does not need: the data readers
(pandas, pyreadstat, polars) run in the reader's child process, never in the window's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from explorer.ui.app import main
code = main(["--settings", sys.argv[1]])
print("LOADED:" + ",".join(m for m in ("pandas", "pyreadstat", "polars", "polars_readstat")
                           if m in sys.modules))
sys.exit(code)
"""


def test_first_paint_imports_no_data_reader(tmp_path):
    env = dict(
        os.environ,
        BRIEFING_EXPLORER_TIMING="quit",
        QT_QPA_PLATFORM="offscreen",
        BRIEFING_EXPLORER_DATA=str(tmp_path),
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "s.ini")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "first paint:" in done.stderr, done.stderr[-2000:]
    loaded = [line for line in done.stdout.splitlines() if line.startswith("LOADED:")]
    assert loaded == ["LOADED:"], (loaded, done.stderr[-2000:])
