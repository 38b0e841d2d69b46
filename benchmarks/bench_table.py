"""Benchmark: one weighted table from the 1M × 60 .sav, each a whole process from start to exit —
`explorer table -q q_trust_met --by vote_intention` against GNU PSPP's `CROSSTABS` with
`WEIGHT BY weight` of the same table, and against a bare floor: polars-readstat reading the same
three columns plus one weighted numpy `bincount`. Rounds are interleaved, so a busy spell on the
shared machine hits all three; a peer that is not installed is skipped, and said so.

`python -m benchmarks.bench_table [FILE]` runs it alone.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION, BY, WEIGHT = "q_trust_met", "vote_intention", "weight"

_BARE = f"""
import sys
import numpy as np
import polars_readstat
data = polars_readstat.read_readstat(sys.argv[1], columns=[{QUESTION!r}, {BY!r}, {WEIGHT!r}])
q, by, w = (data.get_column(c).fill_null(-1).to_numpy() for c in ({QUESTION!r}, {BY!r}, {WEIGHT!r}))
keep = (q >= 0) & (by >= 0)
cells = np.bincount((q[keep] + 256 * by[keep]).astype(np.int64), weights=w[keep])
print(cells.sum())
"""

_PSPP = f"""GET FILE='{{path}}'.
WEIGHT BY {WEIGHT}.
CROSSTABS /TABLES={QUESTION} BY {BY} /CELLS=COUNT COLUMN.
"""


def _timed(command: list[str], **kwargs) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    began = time.perf_counter()
    subprocess.run(
        command, check=True, capture_output=True, cwd=ROOT, env=env, timeout=600, **kwargs
    )
    return time.perf_counter() - began


def _peers_available() -> tuple[bool, bool]:
    try:
        import polars_readstat  # noqa: F401

        bare = True
    except ImportError:
        bare = False
    return bare, shutil.which("pspp") is not None


def run(path: Path, rounds: int = 5) -> dict:
    bare_ok, pspp_ok = _peers_available()
    ours, bare, pspp = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-table-") as folder:
        syntax = Path(folder) / "table.sps"
        syntax.write_text(_PSPP.format(path=path), encoding="utf-8")
        out = Path(folder) / "table.txt"
        table = [sys.executable, "-m", "explorer", "table", str(path), "-q", QUESTION, "--by", BY]
        for _ in range(rounds):
            ours.append(_timed(table))
            if pspp_ok:
                pspp.append(_timed(["pspp", str(syntax), "-o", str(out)]))
            if bare_ok:
                bare.append(_timed([sys.executable, "-c", _BARE, str(path)]))
    median = statistics.median(ours)
    figures: dict = {
        "table_load_average": round(os.getloadavg()[0], 2),
        "table_whole_process_s": round(median, 2),
        "table_runs_s": [round(x, 2) for x in ours],
    }
    if pspp_ok:
        figures["pspp_crosstabs_s"] = round(statistics.median(pspp), 2)
        figures["table_ratio_to_pspp"] = round(median / statistics.median(pspp), 2)
    else:
        figures["pspp_skipped"] = "GNU PSPP is not installed"
    if bare_ok:
        figures["bare_polars_readstat_table_s"] = round(statistics.median(bare), 2)
        figures["table_ratio_to_bare_read"] = round(median / statistics.median(bare), 2)
    else:
        figures["bare_read_skipped"] = "polars-readstat is not installed"
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from benchmarks.data import tracker_file

    file = Path(sys.argv[1]) if len(sys.argv) > 1 else tracker_file(1_000_000)
    print(json.dumps(run(file), indent=1))
