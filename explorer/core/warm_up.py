"""What start-up sets going before anything else: the `.sav` reader's process, whose imports
(pandas, the readers: about a second) then run on another core while the window loads.

Light on purpose: importing this module imports neither numpy nor the session, so the reader starts
a few hundred milliseconds into the process, not after them.
"""

from __future__ import annotations

import os
from pathlib import Path


def warm_up_reading(survey_path: str | os.PathLike[str] | None) -> None:
    """Call first thing at start-up: an SPSS file's reader process starts while the rest loads."""
    if survey_path and Path(survey_path).suffix.lower() in (".sav", ".zsav"):
        from explorer.core.survey.reader_process import warm_up

        warm_up()
