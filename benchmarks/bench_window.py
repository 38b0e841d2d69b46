"""Benchmark: start to first painted window on the sample (fresh processes), with its profile and
when the charts are drawn, and how long the GUI thread is ever blocked while filter changes
recompute the 1M-respondent window (offscreen). `python -m benchmarks.bench_window` times the
start-up alone (the source tree's and, if built, the standalone app's).
"""

from __future__ import annotations

import gc
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICK_MS = 10
CHANGE_EVERY_MS = 250


FROZEN = ROOT / "dist" / "briefing-explorer" / "briefing-explorer"
REPORT = re.compile(
    r"(first paint|charts drawn): (\d+) ms after process start; epoch ([\d.]+); "
    r"cpu (\d+) ms; profile (.*)"
)


def frozen_first_paint(rounds: int = 5) -> dict:
    """The same, for the standalone app built by `python resources/build_app.py` (if built)."""
    if not FROZEN.is_file():
        return {"frozen_first_paint_skipped": f"no standalone app at {FROZEN.relative_to(ROOT)}"}
    figures = first_paint(rounds, command=[str(FROZEN)])
    return {f"frozen_{name}": value for name, value in figures.items()}


def _start(command: list[str] | None) -> dict:
    """Launch the app once on the sample; what its timing lines say, timed from the launch."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(
            os.environ,
            BRIEFING_EXPLORER_TIMING="quit",
            QT_QPA_PLATFORM="offscreen",
            BRIEFING_EXPLORER_DATA=home,
            HOME=home,
            XDG_CONFIG_HOME=home,
        )
        # Python as a user runs it: each module compiled once, then reused (this machine's shells
        # set PYTHONDONTWRITEBYTECODE, which recompiles every explorer module at every start)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        began = time.time()
        done = subprocess.run(
            [*(command or [sys.executable, "main.py"]), "--settings", os.path.join(home, "s.ini")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    found = {}
    for what, age, epoch, cpu, profile in REPORT.findall(done.stderr):
        found[what] = {
            "launch_ms": (float(epoch) - began) * 1000,
            "age_ms": float(age),
            "cpu_ms": float(cpu),
            "phases": {
                name: [float(ms) for ms in both.split("/")]
                for name, both in (p.split("=") for p in profile.split())
            },
        }
    if "first paint" not in found:
        raise RuntimeError(f"no first-paint line from the app: {done.stderr[-500:]}")
    return found


def first_paint(rounds: int = 5, command: list[str] | None = None) -> dict:
    """ms from launching `python main.py` (the sample) to the window's first complete paint and
    to its first paint with the charts drawn, medians of `rounds` fresh processes after one
    uncounted start (which writes the compiled modules if they are not there yet); with the
    process's CPU time, the median time of each start-up phase (its profile) and the load average
    around the runs."""
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    _start(command)
    runs = [_start(command) for _ in range(rounds)]
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    paint = [run["first paint"] for run in runs]
    charts = [run.get("charts drawn") for run in runs]

    def median(values) -> float:
        return round(statistics.median(values))

    figures = {
        "start_to_first_paint_ms": median(r["launch_ms"] for r in paint),
        "start_to_first_paint_runs_ms": [round(r["launch_ms"]) for r in paint],
        "first_paint_process_age_ms": median(r["age_ms"] for r in paint),
        "first_paint_cpu_ms": median(r["cpu_ms"] for r in paint),
        # each phase's median wall-clock and CPU time, in the order start-up reaches them
        "first_paint_profile_ms": {
            phase: {
                "wall": median(r["phases"].get(phase, [0, 0])[0] for r in paint),
                "cpu": median(r["phases"].get(phase, [0, 0])[1] for r in paint),
            }
            for phase in paint[0]["phases"]
        },
        "first_paint_load_average": [load_before, load_after],
    }
    if all(charts):
        figures["start_to_charts_drawn_ms"] = median(r["launch_ms"] for r in charts)
        figures["start_to_charts_drawn_runs_ms"] = [round(r["launch_ms"]) for r in charts]
    return figures


def gui_gaps(session, states) -> dict:
    """Longest gap between 10 ms GUI-thread timer ticks while `states` are applied every 250 ms."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from explorer.ui.main_window import MainWindow
    from explorer.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    home = tempfile.mkdtemp(prefix="explorer-bench-")
    window = MainWindow(Settings(os.path.join(home, "s.ini")))
    window.resize(1600, 1000)
    window.show()
    window.set_session(session)
    _settle(app)
    ticks: list[float] = []
    applied: list[float] = []
    charts = window.charts
    original = charts._show

    def shown(*args):
        original(*args)
        applied.append(time.perf_counter())

    charts._show = shown
    tick = QTimer()
    tick.setInterval(TICK_MS)
    tick.timeout.connect(lambda: ticks.append(time.perf_counter()))
    pending = list(states)
    fired: list[float] = []

    def fire() -> None:
        if not pending:
            changer.stop()
            return
        fired.append(time.perf_counter())
        window.controller.replace(pending.pop(0))

    changer = QTimer()
    changer.setInterval(CHANGE_EVERY_MS)
    changer.timeout.connect(fire)
    collections: list[float] = []  # full (generation 2) garbage collections on any thread

    def timed(phase: str, info: dict) -> None:
        if info.get("generation") == 2:
            if phase == "start":
                collections.append(time.perf_counter())
            elif collections:
                collections[-1] = (time.perf_counter() - collections[-1]) * 1000

    gc.callbacks.append(timed)
    tick.start()
    changer.start()
    deadline = time.perf_counter() + 120
    while (pending or QThreadPool.globalInstance().activeThreadCount()) and (
        time.perf_counter() < deadline
    ):
        app.processEvents()
        time.sleep(0.001)
    end = time.perf_counter() + 0.5
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    tick.stop()
    gc.callbacks.remove(timed)
    gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:])]
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    # which change the longest block followed, and how long after it began
    before = [t for t in fired if t <= ticks[worst + 1]]
    after_change = len(before)
    after_ms = (ticks[worst] - before[-1]) * 1000 if before else -1.0
    # the long gaps' (start, end), for a profile of what ran in them
    gui_gaps.long_gaps = [(a, b) for a, b in zip(ticks, ticks[1:]) if (b - a) > 0.08]
    window.close()
    window.deleteLater()
    app.processEvents()
    return {
        "gui_changes_fired": len(fired),
        "gui_max_blocked_ms": round(max(gaps), 1),
        "gui_p99_tick_gap_ms": round(sorted(gaps)[int(len(gaps) * 0.99)], 1),
        "gui_ticks": len(gaps),
        "gui_longest_block_after_change": after_change,
        "gui_longest_block_starts_ms_after_it": round(after_ms, 1),
        "gui_stale_results_dropped": charts.recompute.dropped,
        "gui_charts_applied": len(applied),
        "gui_threaded": bool(charts.recompute.threaded),
        "gui_full_gc_count": len(collections),
        "gui_full_gc_max_ms": round(max(collections, default=0.0), 1),
    }


def _settle(app) -> None:
    from PySide6.QtCore import QThreadPool

    end = time.perf_counter() + 60
    while time.perf_counter() < end:
        app.processEvents()
        if not QThreadPool.globalInstance().activeThreadCount():
            break
        time.sleep(0.005)
    # then the delayed small multiples (made the first time: ~0.2 s, once per window) and paints
    end = time.perf_counter() + 0.5
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.005)


if __name__ == "__main__":
    import json

    figures = first_paint()
    figures.update(frozen_first_paint())
    print(json.dumps(figures, indent=1))
