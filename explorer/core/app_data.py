"""The app's own data folder (export log, autosaves, the journal of writes in progress):
$BRIEFING_EXPLORER_DATA, else the platform's per-user data folder. Light on purpose: the atomic
writer asks for it on every write.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "BRIEFING_EXPLORER_DATA"


def app_data_dir() -> Path:
    """The app's data folder: $BRIEFING_EXPLORER_DATA, else the platform's per-user data folder."""
    chosen = os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser(r"~\AppData\Local")
        return Path(base) / "BriefingExplorer"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "BriefingExplorer"
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(base) / "briefing-explorer"
