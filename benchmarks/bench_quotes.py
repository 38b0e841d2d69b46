"""Benchmark: quote search over 100,000 generated segments (not a test; prints JSON).

Run `python benchmarks/bench_quotes.py [N]`; it reports the index build time and the median time of
a few searches, bare (`TextIndex.search`) and through `find_quotes` with a code filter.
"""

from __future__ import annotations

import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explorer.core.qual.model import Case, Code, Project, Segment, Source
from explorer.core.qual.queries import QuoteQuery, find_quotes
from explorer.core.qual.textsearch import TextIndex

WORDS = [
    "police",
    "officers",
    "cameras",
    "facial",
    "recognition",
    "privacy",
    "data",
    "safeguards",
    "café",
    "résumé",
    "trust",
    "met",
    "london",
    "crime",
    "shoplifting",
    "phone",
    "theft",
    "drones",
    "cctv",
    "anpr",
    "artificial",
    "intelligence",
    "human",
    "judgement",
    "resources",
    "funding",
    "justice",
    "system",
    "community",
    "patrol",
    "response",
    "station",
    "neighbourhood",
    "signage",
    "transparency",
    "misuse",
    "breach",
    "accountable",
    "prove",
    "useful",
    "explain",
    "inevitable",
    "pattern",
    "search",
] + [f"word{i}" for i in range(3000)]
QUERIES = ["privacy", "facial recognition", '"human judgement"', "cafe trust", "word12", "polic"]


def build(n: int, seed: int = 7) -> Project:
    rng = random.Random(seed)
    p = Project(name="bench")
    for i in range(40):
        p.codes[f"c{i}"] = Code(f"c{i}", f"Code {i}", f"c{i // 8}" if i >= 8 else None)
    for i in range(300):
        p.cases[f"k{i}"] = Case(f"k{i}", f"P{i:03d}", (("Group", f"Group {i % 10}"),))
    per_source = 1000
    for s in range(n // per_source):
        lines, segs, pos = [], [], 0
        for j in range(per_source):
            speaker = f"P{rng.randrange(300):03d}"
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30)))
            line = f"{speaker}: {body}"
            start = pos + len(speaker) + 2
            segs.append((f"s{s}-{j}", start, start + len(body), body, speaker))
            lines.append(line)
            pos += len(line) + 1
        guid = f"src{s}"
        p.sources[guid] = Source(
            guid, f"Source {s}", "\n".join(lines) + "\n", group=f"Group {s % 10}"
        )
        for sg, start, end, body, speaker in segs:
            codes = tuple(rng.sample(list(p.codes), rng.randint(1, 3)))
            case = f"k{int(speaker[1:])}"
            p.segments.append(
                Segment(sg, guid, start, end, body, codes, case=case, speaker=speaker)
            )
    return p


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    project = build(n)
    began = time.perf_counter()
    index = TextIndex([s.text for s in project.segments])
    build_ms = (time.perf_counter() - began) * 1000
    bare, filtered, hits = [], [], {}
    for query in QUERIES:
        times = []
        for _ in range(7):
            t = time.perf_counter()
            found = index.search(query)
            times.append((time.perf_counter() - t) * 1000)
        bare.append(statistics.median(times))
        hits[query] = len(found)
    find_quotes(project, QuoteQuery(search="warm-up"))  # builds the cached index once
    for query in QUERIES:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            find_quotes(project, QuoteQuery(codes=("Code 1",), search=query))
            times.append((time.perf_counter() - t) * 1000)
        filtered.append(statistics.median(times))
    print(
        json.dumps(
            {
                "segments": len(project.segments),
                "index_build_ms": round(build_ms, 1),
                "search_median_ms": round(statistics.median(bare), 2),
                "search_max_ms": round(max(bare), 2),
                "find_quotes_median_ms": round(statistics.median(filtered), 2),
                "hits": hits,
                "machine": f"{platform.machine()} {platform.processor() or ''} Python {platform.python_version()}".strip(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
