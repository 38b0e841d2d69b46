"""Shared test set-up: headless Qt, and the paths of the bundled sample."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"
REFERENCE_DIR = ROOT.parent / "shared" / "reference"
