"""Per-project arrays that make quote queries fast at 100,000 segments: which segments carry each
code, who speaks, each segment's source and case, the quotes' display order, and the Quote of each
segment built once (`find_quotes` then filters arrays instead of touching every segment).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from explorer.core.qual.model import FACILITATOR, PARTICIPANT, Project, segment_role

_CACHE: dict[int, tuple[weakref.ref, tuple[int, ...], QuoteIndex]] = {}
_LOCK = threading.Lock()


@dataclass
class QuoteIndex:
    postings: dict[str, np.ndarray]  # code guid → positions of segments carrying it (ascending)
    moderator: np.ndarray  # bool per segment: a facilitator's words, no participant's among them
    unknown: np.ndarray  # bool per segment: nobody known said it
    blank: np.ndarray  # bool per segment: only whitespace (counted, never a quote)
    source_of: np.ndarray  # per segment: position in `sources`
    sources: list[str]  # distinct source guids as segments name them
    case_of: np.ndarray  # per segment: position in `cases`
    cases: list[str | None]  # distinct case guids (None: no case)
    order_key: np.ndarray  # per segment: dense rank of (source order, start, end)
    quotes: dict[int, Any] = field(default_factory=dict)  # position → Quote, made on first use

    def coded(self, sets: list[set[str]], match: str) -> np.ndarray:
        """Positions of segments whose codes meet the code sets (any / all), ascending."""
        empty = np.zeros(0, dtype=np.intp)
        per_set = [
            np.unique(np.concatenate([self.postings.get(c, empty) for c in codes] or [empty]))
            for codes in sets
        ]
        out = per_set[0]
        for other in per_set[1:]:
            out = (
                np.intersect1d(out, other, assume_unique=True)
                if match == "all"
                else np.union1d(out, other)
            )
        return out

    def in_order(self, positions: np.ndarray) -> np.ndarray:
        """`positions` in display order; equal keys keep the order they came in (a stable sort)."""
        return positions[np.argsort(self.order_key[positions], kind="stable")]

    def quote(self, position: int, make: Callable[[int], Any]) -> Any:
        found = self.quotes.get(position)
        if found is None:
            found = self.quotes[position] = make(position)
        return found


def _signature(project: Project) -> tuple[int, ...]:
    # Projects are built by their loader and then only read; a change in size rebuilds the arrays.
    return (len(project.segments), len(project.codes), len(project.cases), len(project.sources))


def quote_index(project: Project) -> QuoteIndex:
    """The project's QuoteIndex (made once, rebuilt if the project's size changed)."""
    key = id(project)
    signature = _signature(project)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached and cached[0]() is project and cached[1] == signature:
            return cached[2]
    built = _build(project)
    with _LOCK:
        forget = _CACHE.pop  # bound now: module globals may be gone when the project is freed
        _CACHE[key] = (weakref.ref(project, lambda _: forget(key, None)), signature, built)
    return built


def _build(project: Project) -> QuoteIndex:
    segments = project.segments
    n = len(segments)
    lists: dict[str, list[int]] = {}
    source_pos: dict[str, int] = {}
    case_pos: dict[str | None, int] = {}
    source_of = np.empty(n, dtype=np.intp)
    case_of = np.empty(n, dtype=np.intp)
    moderator = np.empty(n, dtype=bool)
    unknown = np.empty(n, dtype=bool)
    blank = np.empty(n, dtype=bool)
    starts = np.empty(n, dtype=np.int64)
    ends = np.empty(n, dtype=np.int64)
    for i, seg in enumerate(segments):
        for code in seg.codes:
            lists.setdefault(code, []).append(i)
        source_of[i] = source_pos.setdefault(seg.source, len(source_pos))
        case_of[i] = case_pos.setdefault(seg.case, len(case_pos))
        role = segment_role(seg)
        moderator[i] = role == FACILITATOR and not any(r == PARTICIPANT for _, r in seg.exchange)
        unknown[i] = role not in (FACILITATOR, PARTICIPANT)
        blank[i] = not seg.text.strip()
        starts[i], ends[i] = seg.start, seg.end
    order = {guid: i for i, guid in enumerate(project.sources)}
    sources = list(source_pos)
    rank_of_source = np.asarray([order.get(s, 0) for s in sources] or [0], dtype=np.int64)
    keys = np.stack([rank_of_source[source_of] if n else starts, starts, ends], axis=1)
    if n:
        _, order_key = np.unique(keys, axis=0, return_inverse=True)
    else:
        order_key = np.zeros(0, dtype=np.intp)
    return QuoteIndex(
        postings={code: np.asarray(found, dtype=np.intp) for code, found in lists.items()},
        moderator=moderator,
        unknown=unknown,
        blank=blank,
        source_of=source_of,
        sources=sources,
        case_of=case_of,
        cases=list(case_pos),
        order_key=np.asarray(order_key).reshape(-1),
    )
