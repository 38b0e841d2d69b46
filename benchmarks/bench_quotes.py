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


def _median_ms(action, repeats: int) -> tuple[float, object]:
    times, found = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        found = action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), found


def run(n: int = 100_000) -> dict:
    """Quote search and code filters over `n` generated segments, as figures."""
    project = build(n)
    began = time.perf_counter()
    index = TextIndex([s.text for s in project.segments])
    build_ms = (time.perf_counter() - began) * 1000
    bare, hits = [], {}
    for query in QUERIES:
        took, found = _median_ms(lambda q=query: index.search(q), 7)
        bare.append(took)
        hits[query] = len(found)
    began = time.perf_counter()
    find_quotes(project, QuoteQuery(search="warm-up"))  # builds the cached indexes once
    first_query_ms = (time.perf_counter() - began) * 1000
    began = time.perf_counter()
    find_quotes(project, QuoteQuery(codes=("Code 9",)))  # its quotes are made on first use
    first_code_ms = (time.perf_counter() - began) * 1000
    searched = [
        _median_ms(lambda q=query: find_quotes(project, QuoteQuery(search=q)), 5)[0]
        for query in QUERIES
    ]
    code_queries = [
        QuoteQuery(codes=("Code 9",)),
        QuoteQuery(codes=("Code 1",)),  # a parent: itself and its children
        QuoteQuery(codes=("Code 9", "Code 12"), match="all"),
        QuoteQuery(codes=("Code 9",), where=(("Group", frozenset({"Group 1"})),)),
        QuoteQuery(codes=("Code 1",), search="privacy"),
    ]
    coded = [_median_ms(lambda q=q: find_quotes(project, q), 5)[0] for q in code_queries]
    return {
        "segments": len(project.segments),
        "quote_index_build_ms": round(build_ms, 1),
        "quote_first_query_ms": round(first_query_ms, 1),
        "quote_first_code_filter_ms": round(first_code_ms, 1),
        "quote_search_bare_median_ms": round(statistics.median(bare), 2),
        "quote_search_median_ms": round(statistics.median(searched), 2),
        "quote_search_max_ms": round(max(searched), 2),
        "quote_code_filter_median_ms": round(statistics.median(coded), 2),
        "quote_code_filter_max_ms": round(max(coded), 2),
        "quote_hits": hits,
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    figures = run(n)
    figures["machine"] = f"{platform.machine()} Python {platform.python_version()}"
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
