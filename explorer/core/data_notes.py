"""What loading noticed about the data: weights set aside, items skipped or repaired.

Loaders record these on the Survey (`warnings`) and the Project (`skipped`); this gathers them,
each prefixed with its file's name, so the window and exports can show the user every one.
"""

from __future__ import annotations

import os

from explorer.core.qual.model import Project
from explorer.core.survey.model import Survey


def data_notes(survey: Survey | None, project: Project | None) -> list[str]:
    """One line per note, "<file>: <note>", survey first, in the order they were recorded."""
    notes: list[str] = []
    if survey is not None:
        notes += [f"{survey.name}: {note}" for note in survey.warnings]
    if project is not None:
        name = os.path.basename(project.path) or project.name
        notes += [f"{name}: {note}" for note in project.skipped]
    return notes
