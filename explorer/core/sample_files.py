"""Where the bundled, illustrative London sample and the app's own resources are on this machine.

Found through `importlib.resources` (`explorer.sample_data` is the repository's `data/sample`,
`explorer.app_resources` its `resources/`), so they are found the same way in a checkout, an
editable install, an installed wheel and a frozen application folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _folder(package: str) -> Path:
    # Installed packages are plain folders (we never install zipped), so the Traversable is a path.
    return Path(str(files(package)))


SAMPLE_DIR = _folder("explorer.sample_data")
SAMPLE_SURVEY = SAMPLE_DIR / "london_survey.sav"
SAMPLE_QUAL = SAMPLE_DIR / "london_focus_groups.qdpx"
SAMPLE_TOPICS = SAMPLE_DIR / "topics.json"
SAMPLE_BRIEFING = SAMPLE_DIR / "london.briefing.json"
SAMPLE_SOURCES = SAMPLE_DIR / "focus_groups"

RESOURCES_DIR = _folder("explorer.app_resources")
ICON_DIR = RESOURCES_DIR / "icons"
