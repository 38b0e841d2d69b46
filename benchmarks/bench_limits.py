"""Benchmark: the linear counts of issue 17 (not a test; returns figures).

Two figures, each with its target of 10 s: code frequencies over 100,000 distinct codes (a tree
5 levels deep, one segment each), and reading a 100,000-column CSV (3 rows; read column-wise by
`explorer.core.survey.wide`, once refused by the width limit). Each is reported as wall time and
as the CPU time of this process: the machine is shared, and under load (see `load_average`) the
wall time is several times the CPU time, so the CPU time says what the code costs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.core.errors import ExplorerError
from explorer.core.qual.model import Code, Project, Segment, Source
from explorer.core.qual.queries import code_frequencies
from explorer.core.survey.load import load_survey

TARGET_S = 10.0


def wide_project(n_codes: int, depth: int = 5) -> Project:
    project = Project(name="wide")
    project.sources["s"] = Source("s", "s.txt", "P01: something said\n", group="G1")
    for i in range(n_codes):
        parent = f"c{i - 1}" if i % depth else None
        project.codes[f"c{i}"] = Code(f"c{i}", f"Code {i}", parent)
        project.segments.append(Segment(f"g{i}", "s", 5, 14, "something", (f"c{i}",)))
    return project


def _timed(work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, round(time.perf_counter() - wall, 2), round(time.process_time() - cpu, 2)


def run(n: int = 100_000) -> dict:
    import pandas  # noqa: F401  imported before timing: the window has it loaded already

    project = wide_project(n)
    rows, frequencies_s, frequencies_cpu = _timed(lambda: code_frequencies(project))
    assert len(rows) == n
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wide.csv"
        body = [",".join(str((i + r) % 3 + 1) for i in range(n)) for r in range(3)]
        path.write_text(
            ",".join(f"v{i}" for i in range(n)) + "\n" + "\n".join(body) + "\n", encoding="utf-8"
        )

        def read():
            try:
                return f"loaded ({len(load_survey(path).variables):,} variables)"
            except ExplorerError as error:
                return error.message

        outcome, csv_s, csv_cpu = _timed(read)
    return {
        "code_frequencies_100k_codes_s": frequencies_s,
        "code_frequencies_100k_codes_cpu_s": frequencies_cpu,
        "code_frequencies_100k_codes_target_s": TARGET_S,
        "wide_csv_100k_columns_s": csv_s,
        "wide_csv_100k_columns_cpu_s": csv_cpu,
        "wide_csv_100k_columns_target_s": TARGET_S,
        "wide_csv_100k_columns_outcome": outcome,
        "load_average": round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=1))
