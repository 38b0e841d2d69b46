"""The window's first paint does not wait for libraries it does not need: the data readers
(pandas, pyreadstat, polars) run in the reader's child process, never in the window's; pyqtgraph,
the bar charts and the dialogs are imported after the first paint, when the charts are drawn; and
pyqtgraph's import does not build every PySide6 class and enum."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from explorer.ui import timing

seen = {}
report = timing._report


def noting(what):
    seen[what] = sorted(sys.modules)
    if what == "charts drawn":
        mirror = sys.modules["pyqtgraph.Qt.QtWidgets"]
        seen["mirror"] = ["__getattr__" in vars(mirror), len(vars(mirror))]
    report(what)


timing._report = noting
from explorer.ui.app import main

code = main(["--settings", sys.argv[1]])
print("SEEN:" + json.dumps(seen))
sys.exit(code)
"""

NEVER = ("pandas", "pyreadstat", "polars", "polars_readstat")
AFTER_FIRST_PAINT = (
    "pyqtgraph",
    "explorer.ui.charts.plotting",
    "explorer.ui.charts.bar_chart",
    "explorer.ui.waves_dialog",
    "explorer.ui.help_dialogs",
    "explorer.ui.export_actions",
)


def _start(tmp_path) -> tuple[dict, str]:
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
    lines = [line for line in done.stdout.splitlines() if line.startswith("SEEN:")]
    assert lines, done.stderr[-2000:]
    return json.loads(lines[0][5:]), done.stderr


def test_first_paint_imports_no_data_reader_and_no_chart_library(tmp_path):
    seen, stderr = _start(tmp_path)
    assert "first paint" in seen and "charts drawn" in seen, stderr[-2000:]
    first, charts = set(seen["first paint"]), set(seen["charts drawn"])
    assert not first & set(NEVER) and not charts & set(NEVER), stderr[-2000:]
    assert not first & set(AFTER_FIRST_PAINT), sorted(first & set(AFTER_FIRST_PAINT))
    # the charts, drawn right after, did need pyqtgraph: the check above is not vacuous
    assert {"pyqtgraph", "explorer.ui.charts.bar_chart"} <= charts
    # pyqtgraph's Qt mirror fetches names as they are used (a few dozen), not all ~700 of them
    fetches, names = seen["mirror"]
    assert fetches and names < 200, seen["mirror"]


def test_the_profile_names_every_phase_in_order(tmp_path):
    _seen, stderr = _start(tmp_path)
    lines = {
        line.split(":")[0]: line
        for line in stderr.splitlines()
        if " ms after process start" in line
    }
    assert set(lines) == {"first paint", "charts drawn"}, stderr[-2000:]
    phases = [part.split("=")[0] for part in lines["charts drawn"].split("profile ")[1].split()]
    assert phases == [
        "interpreter",
        "reader_started",
        "imports",
        "qapplication",
        "window_built",
        "data_loaded",
        "session_shown",
        "shown",
        "first_paint",
        "charts_drawn",
    ]
    at = {name: int(line.split(": ")[1].split(" ms")[0]) for name, line in lines.items()}
    assert at["first paint"] <= at["charts drawn"]
