"""Benchmark: File ▸ Open of the 1M × 60 `.sav` in a shown window (offscreen) to its first painted
chart, in a fresh process per round (the window showing the sample first, as when a user opens
a file): with the window's two hand-overs (`sav_stream`: the first
view's columns first) against the whole file first (as before issue 15 part 2). The reader's fork
server is started and ready before the timing, as at start-up. Also times when the whole survey
is in (the rest of the columns).

`python -m benchmarks.bench_first_chart stream|whole FILE` is one timed open (prints JSON).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.child import run_module
from benchmarks.figures import load_average, median

ROOT = Path(__file__).resolve().parent.parent


def _measure(mode: str, path: str) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from benchmarks.bench_load import _reader_ready
    from explorer.core.survey import reader_process, sav_stream

    reader_process.warm_up()
    _reader_ready(reader_process)
    if mode == "whole":
        sav_stream.STREAM_BYTES = 1 << 62
    from PySide6.QtWidgets import QApplication

    from explorer.ui import theme
    from explorer.ui.chart_area import ChartArea
    from explorer.ui.main_window import MainWindow
    from explorer.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    theme.apply(app, "light")
    settings = Settings(Path(tempfile.mkdtemp()) / "settings.ini")
    window = MainWindow(settings)
    window.resize(1366, 768)
    # as a user opens a file: the window already showing data (the sample), its charts drawn
    from explorer.core.sample_files import SAMPLE_SURVEY
    from explorer.core.session import load_session

    window.set_session(load_session(SAMPLE_SURVEY, None), restore=False)
    window.show()
    settle = time.perf_counter() + 2
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.01)
    name = os.path.basename(path)
    painted: list[float] = []
    columns: list[int] = []
    shown = ChartArea._show

    def spy(self, state, by, n_others, table, tables, means=None):
        shown(self, state, by, n_others, table, tables, means)
        survey = self._session.survey
        if not painted and survey is not None and os.path.basename(survey.source.path) == name:
            self.window().repaint()  # the chart painted, now
            painted.append(time.perf_counter())
            columns.append(len(survey.columns))

    ChartArea._show = spy
    handed: dict[str, float] = {}
    window.loader.preview.connect(lambda _s: handed.setdefault("first_in", time.perf_counter()))
    window.loader.loaded.connect(lambda _s: handed.setdefault("loaded", time.perf_counter()))
    began = time.perf_counter()
    window.open_files(path)
    deadline = began + 300
    while time.perf_counter() < deadline and not painted:
        app.processEvents()
        time.sleep(0.002)
    while time.perf_counter() < deadline and (window.loader.busy or window.before_preview):
        app.processEvents()
        time.sleep(0.002)
    whole = time.perf_counter() - began
    return {
        "first_chart_s": painted[0] - began if painted else None,
        "first_chart_columns": columns[0] if columns else None,
        "whole_in_s": whole,
        # when the loader handed the first columns / the whole survey to the window
        **{f"{key}_s": at - began for key, at in handed.items()},
        "columns": len(window.session.survey.columns) if window.session.survey else 0,
    }


def one(mode: str, path: Path) -> dict:
    return run_module(
        "benchmarks.bench_first_chart", mode, str(path), env={"QT_QPA_PLATFORM": "offscreen"}
    )


def run(path: Path, rounds: int = 3) -> dict:
    stream, whole = [], []
    load = [load_average()]
    for _ in range(rounds):  # interleaved, so a busy spell on the machine hits both
        stream.append(one("stream", path))
        whole.append(one("whole", path))
    load.append(load_average())

    return {
        "load_average_start_end": load,
        "first_chart_s": median(r["first_chart_s"] for r in stream),
        "first_chart_runs_s": [round(r["first_chart_s"], 2) for r in stream],
        "first_chart_columns": stream[0]["first_chart_columns"],
        "whole_in_s": median(r["whole_in_s"] for r in stream),
        "first_chart_whole_file_first_s": median(r["first_chart_s"] for r in whole),
        "first_chart_whole_file_first_runs_s": [round(r["first_chart_s"], 2) for r in whole],
        "whole_in_whole_file_first_s": median(r["whole_in_s"] for r in whole),
    }


if __name__ == "__main__":
    if len(sys.argv) == 3:
        print(json.dumps(_measure(sys.argv[1], sys.argv[2])))
    else:
        target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "benchmarks/out"
        if target.is_dir():
            target = next(target.glob("*1000000x60.sav"))
        print(json.dumps(run(target), indent=1))
