"""What loading noticed about the data: weights set aside, items skipped or repaired, and for a
focus-group project its reconciliation (found against loaded, what was left out and why, how each
source's positions were counted).

Loaders record these on the Survey (`warnings`) and the Project (`inventory`, `skipped`); this
gathers them, each prefixed with its file's name, so the window and exports can show every one.
"""

from __future__ import annotations

import os

from explorer.core.qual.inventory import inventory_of
from explorer.core.qual.model import Project
from explorer.core.survey.model import Survey


def data_notes(survey: Survey | None, project: Project | None) -> list[str]:
    """One line per note, "<file>: <note>", survey first, in the order they were recorded."""
    notes: list[str] = []
    if survey is not None:
        notes += [f"{survey.name}: {note}" for note in survey.warnings]
    if project is not None:
        name = os.path.basename(project.path) or project.name
        notes += [f"{name}: {line}" for line in inventory_of(project).lines()]
        notes += [f"{name}: {note}" for note in project.skipped]
    return notes


def notes_to_flag(survey: Survey | None, project: Project | None) -> list[str]:
    """The notes worth telling a user unasked (the status bar at load): all but a complete
    project's "found / loaded" line, which says only that nothing was left out."""
    notes = data_notes(survey, project)
    if project is not None and inventory_of(project).complete:
        name = os.path.basename(project.path) or project.name
        notes.remove(f"{name}: {inventory_of(project).lines()[0]}")
    return notes
