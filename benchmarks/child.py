"""Running one benchmark measure in a fresh Python process (so imports, caches and memory start
cold) and reading the JSON object it prints last."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_module(
    module: str, *args: str, env: dict[str, str] | None = None, timeout: float = 600
) -> dict:
    """`python -m module args…` from the repository root; its last stdout line as JSON."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})),
        check=True,
        timeout=timeout,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
