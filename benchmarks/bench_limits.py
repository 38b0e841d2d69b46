"""Benchmark: the parser limits and linear counts of issue 17 (not a test; returns figures).

Code frequencies over 100,000 distinct codes (a tree 5 levels deep, one segment each), and opening a
100,000-column CSV (refused by the width limit before any column is inferred), each timed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.core.errors import ExplorerError
from explorer.core.qual.model import Code, Project, Segment, Source
from explorer.core.qual.queries import code_frequencies
from explorer.core.survey.load import load_survey


def wide_project(n_codes: int, depth: int = 5) -> Project:
    project = Project(name="wide")
    project.sources["s"] = Source("s", "s.txt", "P01: something said\n", group="G1")
    for i in range(n_codes):
        parent = f"c{i - 1}" if i % depth else None
        project.codes[f"c{i}"] = Code(f"c{i}", f"Code {i}", parent)
        project.segments.append(Segment(f"g{i}", "s", 5, 14, "something", (f"c{i}",)))
    return project


def run(n: int = 100_000) -> dict:
    project = wide_project(n)
    started = time.perf_counter()
    rows = code_frequencies(project)
    frequencies_s = time.perf_counter() - started
    assert len(rows) == n
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wide.csv"
        path.write_text(
            ",".join(f"v{i}" for i in range(n)) + "\n" + ",".join("1" * n) + "\n",
            encoding="utf-8",
        )
        started = time.perf_counter()
        try:
            load_survey(path)
            outcome = "loaded"
        except ExplorerError as error:
            outcome = error.message
        csv_s = time.perf_counter() - started
    return {
        "code_frequencies_100k_codes_s": round(frequencies_s, 2),
        "wide_csv_100k_columns_s": round(csv_s, 2),
        "wide_csv_100k_columns_outcome": outcome,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=1))
