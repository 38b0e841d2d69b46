"""Benchmark: opening the .sav (the app's loader, reader in its child process) against
polars-readstat's and pyreadstat's own reads of the same file, each in a fresh process, and the
memory held after load against the data's size in the narrowest numpy dtypes. The app's reader is
timed as the window uses it — its fork server started at start-up (`open_sav_s`) — and cold,
with that start inside the timing (`open_sav_cold_s`). Both end with the survey loaded in the
app's process (`load_session`), not with a painted chart.

`python -m benchmarks.bench_load ours|ours-cold|polars|pyreadstat FILE` is one timed read
(prints JSON).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path

from benchmarks.child import run_module
from benchmarks.figures import load_average, median, ratio_of_medians

ROOT = Path(__file__).resolve().parent.parent


def rss_bytes() -> int:
    """Resident memory of this process now (psutil if present, else /proc/self/status)."""
    try:
        import psutil

        return int(psutil.Process().memory_info().rss)
    except ImportError:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    return 0


def _ours(path: str, *, warm: bool = True) -> dict:
    import pandas  # noqa: F401  (imports are not the read: both sides have theirs loaded)
    import pyarrow.feather  # noqa: F401

    from explorer.core.session import load_session
    from explorer.core.survey import reader_process, sav  # noqa: F401

    if warm:  # as the app does at start-up (`warm_up_reading`), while its window is built
        reader_process.warm_up()
        _reader_ready(reader_process)
    gc.collect()
    before = rss_bytes()
    began = time.perf_counter()
    survey = load_session(path, None).survey  # what the app calls
    seconds = time.perf_counter() - began
    gc.collect()
    after = rss_bytes()
    narrow = sum(column.nbytes for column in survey.columns.values())
    return {"seconds": seconds, "rss_delta": after - before, "narrow_bytes": narrow}


def _reader_ready(reader_process) -> None:
    """Wait until the reader's fork server has made its imports (it forks a child only then)."""
    context = reader_process.mp_context()
    if context.get_start_method() == "forkserver":
        process = context.Process(target=os.getpid, daemon=True)
        process.start()
        process.join()


def _pyreadstat(path: str) -> dict:
    import pyreadstat

    began = time.perf_counter()
    # the same options the app's reader uses
    pyreadstat.read_sav(path, user_missing=True, dates_as_pandas_datetime=True)
    return {"seconds": time.perf_counter() - began}


def _polars_readstat(path: str) -> dict:
    import polars_readstat

    began = time.perf_counter()
    polars_readstat.read_readstat(path)  # the whole file, as the peer's own full read
    return {"seconds": time.perf_counter() - began}


def one(mode: str, path: Path) -> dict:
    return run_module("benchmarks.bench_load", mode, str(path))


def run(path: Path, rounds: int = 3) -> dict:
    ours, cold, theirs, polars, memory = [], [], [], [], []
    try:
        import polars_readstat  # noqa: F401
    except ImportError:
        polars = None  # the peer is absent: its figure is skipped, and said so
    for _ in range(rounds):  # interleaved, so a busy spell on the machine hits both
        theirs.append(one("pyreadstat", path)["seconds"])
        if polars is not None:
            polars.append(one("polars", path)["seconds"])
        found = one("ours", path)
        ours.append(found["seconds"])
        memory.append(found)
        cold.append(one("ours-cold", path)["seconds"])
    narrow = memory[0]["narrow_bytes"]
    delta = min(m["rss_delta"] for m in memory)
    peer = (
        {
            "polars_readstat_read_s": median(polars),
            "polars_readstat_runs_s": [round(x, 2) for x in polars],
            # the medians' ratio (the best-of ratio beside it, as for pyreadstat)
            "open_ratio_to_polars_readstat": ratio_of_medians(ours, polars),
            "open_ratio_to_polars_readstat_best": round(min(ours) / min(polars), 2),
        }
        if polars
        else {"polars_readstat_skipped": "polars-readstat is not installed"}
    )
    return {
        **peer,
        "sav_bytes": path.stat().st_size,
        "load_average": load_average(),
        "open_sav_s": median(ours),
        # the same read with the reader's fork server started inside the timing (a file opened
        # the moment the app starts, before its warm-up is done)
        "open_sav_cold_s": median(cold),
        "open_cold_runs_s": [round(x, 2) for x in cold],
        "pyreadstat_read_s": median(theirs),
        # best of each (the least disturbed by the shared machine), and the medians' ratio too
        "open_ratio_to_pyreadstat": round(min(ours) / min(theirs), 2),
        "open_ratio_of_medians": ratio_of_medians(ours, theirs),
        "open_runs_s": [round(x, 2) for x in ours],
        "pyreadstat_runs_s": [round(x, 2) for x in theirs],
        "narrow_bytes": narrow,
        "rss_after_load_bytes": delta,
        "memory_ratio_to_narrow": round(delta / narrow, 2),
    }


if __name__ == "__main__":
    mode, file = sys.argv[1], sys.argv[2]
    readers = {
        "ours": _ours,
        "ours-cold": lambda file: _ours(file, warm=False),
        "pyreadstat": _pyreadstat,
        "polars": _polars_readstat,
    }
    print(json.dumps(readers[mode](file)))
