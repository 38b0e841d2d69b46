"""Benchmark: a pooled tracker of 10,000,000 respondents, as a central team would publish it: a
folder of ten Parquet files, one per wave, written by this project's writer (labels in each
file's metadata), in a temporary folder deleted afterwards.

Generation: the sample generator (widened to 60 variables, `data.write_tracker`) makes a base of
respondents once; each wave is a resample with replacement of that base (its own random rows),
so the waves keep the generator's joint distributions without running it ten million times.

Measured in a fresh process (`python -m benchmarks.bench_tracker FOLDER`): opening the folder
(footers and labels only), the memory after open once the first screen's columns are read (the
12 questions of `bench_filters`, the breakdown, every filter dimension, the weight) against the
bytes of those columns, then `bench_filters.run` (filter → 12 charts, median of 20 changes).

`python -m benchmarks.bench_tracker --respondents 1000000` runs the whole benchmark smaller.
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.child import run_module
from benchmarks.figures import load_average

RESPONDENTS = 10_000_000
WAVES = 10
BASE = 200_000  # respondents the generator makes; every wave is drawn from them
SEED = 2025


def write_folder(folder: Path, respondents: int = RESPONDENTS, waves: int = WAVES) -> None:
    """`waves` Parquet files in `folder` holding `respondents` in all (this project's writer)."""
    import numpy as np

    from benchmarks.data import write_tracker
    from explorer.core.survey.load import load_survey
    from explorer.core.survey.model import Survey
    from explorer.core.survey.parquet import write_parquet

    folder.mkdir(parents=True, exist_ok=True)
    base_path = write_tracker(folder.parent / "base.sav", min(BASE, respondents))
    base = load_survey(base_path)
    rng = np.random.default_rng(SEED)
    sizes = [respondents // waves + (1 if i < respondents % waves else 0) for i in range(waves)]
    for number, size in enumerate(sizes, start=1):
        rows = rng.integers(0, base.n, size)
        columns = {name: column[rows] for name, column in base.columns.items()}
        wave = Survey(dict(base.variables), columns, base.source, weight=base.weight)
        write_parquet(wave, folder / f"wave_{number:02d}.parquet")
        del columns, wave
    base_path.unlink()


def _measure(folder: str) -> dict:
    import numpy as np
    import pandas  # noqa: F401  (imports are not the open)
    import pyarrow.dataset  # noqa: F401

    from benchmarks import bench_filters
    from benchmarks.bench_load import rss_bytes
    from explorer.core.filter_state import FilterState
    from explorer.core.session import Session, load_session
    from explorer.core.survey.cube import held_bytes

    gc.collect()
    before = rss_bytes()
    began = time.perf_counter()
    session = load_session(folder, None)  # what the app calls
    open_s = time.perf_counter() - began
    survey = session.survey
    gc.collect()
    after_open = rss_bytes() - before
    read_at_open = sum(c.nbytes for c in survey.columns.loaded().values())
    questions = session.questions()[: bench_filters.QUESTIONS]
    in_use = [*questions, bench_filters.BREAKDOWN, survey.weight]
    in_use += [d.survey_variable for d in session.dimensions if d.survey_variable]
    began = time.perf_counter()
    for name in dict.fromkeys(in_use):
        var = survey.variables[name]
        for member in var.members or (name,):
            survey.columns[member]  # read as a view would first need it
    read_s = time.perf_counter() - began
    gc.collect()
    after_read = rss_bytes() - before
    loaded = survey.columns.loaded()
    in_use_bytes = sum(c.nbytes for c in loaded.values())
    # The first view (every cube is made here, as the window does off the GUI thread), then the
    # afternoon's filter changes with nothing else in the process: the memory the engine holds.
    began = time.perf_counter()
    bench_filters.visible_tables(session, FilterState(), questions[: bench_filters.QUESTIONS])
    first_view_s = time.perf_counter() - began
    for state in bench_filters.changes(session):
        bench_filters.visible_tables(session, state, questions[: bench_filters.QUESTIONS])
    gc.collect()
    after_changes = rss_bytes() - before
    cube_bytes = held_bytes(survey)
    # The timed run, with the floor measured on the same arrays in the same process (its masks
    # are the floor's, made outside the timing); a new Session: no table is remembered.
    fresh = Session(survey, session.project, session.topics, session.links)
    figures = bench_filters.run(fresh)
    gc.collect()
    return {
        "respondents": survey.n,
        "variables": len(survey.variables),
        "open_ms": round(open_s * 1000, 1),
        "rss_after_open_bytes": after_open,
        "bytes_read_at_open": read_at_open,
        "first_screen_columns": len(loaded),
        "first_screen_read_s": round(read_s, 2),
        "columns_in_use_bytes": in_use_bytes,
        "rss_with_columns_in_use_bytes": after_read,
        "memory_ratio_to_columns_in_use": round(after_read / in_use_bytes, 3),
        "first_view_after_open_ms": round(first_view_s * 1000, 1),
        "cube_bytes": cube_bytes,
        "rss_after_first_view_and_changes_bytes": after_changes,
        "memory_ratio_after_changes": round(after_changes / in_use_bytes, 3),
        "rss_after_timed_run_bytes": rss_bytes() - before,
        "max_column_bytes": int(max(c.nbytes for c in loaded.values())),
        "filter": {k: v for k, v in figures.items() if not isinstance(v, np.ndarray)},
    }


def run(respondents: int = RESPONDENTS, waves: int = WAVES) -> dict:
    """Generate the folder in a temporary directory, measure in a fresh process, delete it."""
    with tempfile.TemporaryDirectory(prefix="explorer-tracker-bench-") as tmp:
        folder = Path(tmp) / "tracker"
        began = time.perf_counter()
        write_folder(folder, respondents, waves)
        made_s = time.perf_counter() - began
        return {"tracker_generate_s": round(made_s, 1), **measure(folder, waves)}


def measure(folder: Path, waves: int = WAVES) -> dict:
    """The figures of an existing tracker folder (measured in a fresh process), with ratios."""
    load = load_average()
    size = sum(p.stat().st_size for p in folder.iterdir())
    found = run_module("benchmarks.bench_tracker", "--measure", str(folder), timeout=1800)
    filters = found.pop("filter")
    median = filters["filter_change_median_ms"]
    return {
        "tracker_load_average_before_after": [load, load_average()],
        "tracker_waves": waves,
        "tracker_parquet_bytes": size,
        **{f"tracker_{name}": value for name, value in found.items()},
        "tracker_filter_change_median_ms": median,
        "tracker_filter_change_median_vs_target_100ms": round(median / 100.0, 3),
        "tracker_filter_change_cold_median_ms": filters["filter_change_cold_median_ms"],
        "tracker_filter_change_max_ms": filters["filter_change_max_ms"],
        "tracker_floor_median_ms": filters["floor_median_ms"],
        "tracker_ratio_to_floor_median": filters["ratio_to_floor_median"],
        "tracker_memory_target_1_2_met": found["memory_ratio_to_columns_in_use"] <= 1.2
        and found["memory_ratio_after_changes"] <= 1.2,
        "tracker_filter_target_100ms_met": median <= 100.0,
        "tracker_questions_per_change": filters["questions_per_change"],
    }


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(_measure(sys.argv[2])))
    else:
        count = RESPONDENTS
        if len(sys.argv) == 3 and sys.argv[1] == "--folder":  # an existing folder, kept
            print(json.dumps(measure(Path(sys.argv[2])), indent=1))
            sys.exit(0)
        if len(sys.argv) == 3 and sys.argv[1] == "--respondents":
            count = int(sys.argv[2])
        print(json.dumps(run(count), indent=1))
