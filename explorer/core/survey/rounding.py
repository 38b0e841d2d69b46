"""Half-up rounding as published tables round (0.5 → 1, by the decimal the reader sees) and
counts with thousands separators."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float, decimals: int) -> Decimal:
    # str() gives the shortest repr, so 0.145 rounds as the reader sees it, not as its binary float.
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_count(value: float, *, decimals: int = 0) -> str:
    """A base as shown: thousands separators, half-up rounded."""
    return f"{round_half_up(value, decimals):,.{decimals}f}"
