"""Half-up rounding as published tables round (0.5 → 1, by the decimal the reader sees) and
counts with thousands separators."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext


def round_half_up(value: float, decimals: int) -> Decimal:
    # str() gives the shortest repr, so 0.145 rounds as the reader sees it, not as its binary float.
    # The context is wide enough for any finite float (1e308 has 309 digits before the point).
    quantum = Decimal(1).scaleb(-decimals)
    with localcontext() as context:
        context.prec = 330 + decimals
        return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_count(value: float, *, decimals: int = 0) -> str:
    """A base as shown: thousands separators, half-up rounded; "–" for a value that is not a
    number (NaN, infinite) rather than an error."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return "–"
    if not math.isfinite(number):
        return "–"
    return f"{round_half_up(number, decimals):,.{decimals}f}"
