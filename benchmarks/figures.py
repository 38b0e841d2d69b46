"""How the benchmarks state two figures, said once: the machine's load average when they ran (how
busy the shared machine was) and the median of a measure's rounds, each to two places as printed."""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterable


def load_average() -> float:
    """The one-minute load average, to two places."""
    return round(os.getloadavg()[0], 2)


def median(values: Iterable[float]) -> float:
    """The median of a measure's rounds, to two places."""
    return round(statistics.median(values), 2)


def ratio_of_medians(ours: Iterable[float], theirs: Iterable[float]) -> float:
    """Our median over the peer's (each unrounded), to two places."""
    return round(statistics.median(ours) / statistics.median(theirs), 2)
