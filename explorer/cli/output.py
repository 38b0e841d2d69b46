"""How a command writes its result to stdout: JSON (with NaN and infinity as null, which JSON has
not), or a result through the --format it asks for, given that result's CSV and text renderers."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from typing import Any

import numpy as np


def print_json(data: Any) -> None:
    json.dump(finite(data), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


def finite(value: Any) -> Any:
    """JSON has no NaN or infinity: such numbers become null."""
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def print_result(
    result: Any,
    fmt: str,
    render_csv: Callable[..., str],
    render_text: Callable[..., str],
    *,
    decimals: int,
) -> None:
    """`result` as `fmt` asks: its `to_json()` contract for "json", else what `render_csv` or
    `render_text` makes of it at `decimals` places."""
    if fmt == "json":
        print_json(result.to_json())
    elif fmt == "csv":
        sys.stdout.write(render_csv(result, decimals=decimals))
    else:
        sys.stdout.write(render_text(result, decimals=decimals))
