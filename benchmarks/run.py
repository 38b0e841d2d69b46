"""The tracker-scale benchmark: `python -m benchmarks` (or `python benchmarks/run.py`) generates a
1,000,000-respondent, 60-variable .sav and 100,000 coded segments under benchmarks/out/ (never
committed) and a 10,000,000-respondent tracker folder of ten Parquet waves in a temporary folder
(deleted afterwards), times every target of the performance issues — opening the .sav against
polars-readstat, `explorer table` against GNU PSPP and a bare read (`bench_table`) — and prints
one JSON object with each ratio measured in the same run.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import (
    bench_filters,
    bench_first_chart,
    bench_limits,
    bench_load,
    bench_quotes,
    bench_table,
    bench_tracker,
    bench_window,
)
from benchmarks.data import tracker_file

TARGETS = {
    "filter_change_median_ms": 50.0,
    "ratio_to_floor_median": 5.0,
    "quote_search_median_ms": 50.0,
    "quote_code_filter_median_ms": 50.0,
    "open_ratio_to_pyreadstat": 1.5,
    "open_ratio_to_polars_readstat": 1.5,
    "open_sav_s": 2.0,
    "first_chart_s": 2.0,  # File ▸ Open of the 1M × 60 .sav to its first painted chart
    "table_ratio_to_pspp": 0.5,
    "table_ratio_to_bare_read": 2.0,
    "memory_ratio_to_narrow": 1.2,
    "start_to_first_paint_ms": 1500.0,
    "gui_max_blocked_ms": 100.0,
    "code_frequencies_100k_codes_s": 10.0,
    "wide_csv_100k_columns_s": 10.0,
    "tracker_filter_change_median_ms": 100.0,
    "tracker_memory_ratio_to_columns_in_use": 1.2,
    "tracker_memory_ratio_after_changes": 1.2,
}


def machine() -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in handle if "model name" in line), ""
            )
    except OSError:
        pass
    memory = 0
    try:
        with open("/proc/meminfo") as handle:
            memory = int(handle.readline().split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 1024**3, 1),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "load_average_at_start": load,
    }


def main() -> dict:
    began = time.perf_counter()
    figures: dict = {"machine": machine()}
    made = time.perf_counter()
    path = tracker_file(1_000_000)
    figures["generate_s"] = round(time.perf_counter() - made, 1)
    figures.update(bench_load.run(path))
    figures.update(bench_first_chart.run(path))
    figures.update(bench_table.run(path))
    figures.update(bench_quotes.run(100_000))
    figures.update(bench_limits.run(100_000))
    figures.update(bench_window.first_paint())
    figures.update(bench_window.frozen_first_paint())

    from explorer.core.session import SAMPLE_QUAL, SAMPLE_TOPICS, load_session

    session = load_session(path, SAMPLE_QUAL, SAMPLE_TOPICS)
    figures["respondents"] = session.survey.n
    figures["variables"] = len(session.survey.columns)
    figures.update(bench_filters.run(session))
    fresh = type(session)(session.survey, session.project, session.topics, session.links)
    figures.update(bench_window.gui_gaps(fresh, bench_filters.changes(fresh)))
    del session, fresh
    figures.update(bench_tracker.run())  # 10,000,000 respondents in ten Parquet waves
    figures["targets_met"] = {
        name: figures[name] <= limit for name, limit in TARGETS.items() if name in figures
    }
    figures["benchmark_s"] = round(time.perf_counter() - began, 1)
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    return figures


if __name__ == "__main__":
    main()
