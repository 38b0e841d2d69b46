"""Checks a reopened briefing against the data in front of it: missing or changed data files (by
SHA-256), and pinned quotes or selected codes that no longer exist in the focus-group project.

Each problem is one sentence, so the window can show them before any number is read off a slide.
"""

from __future__ import annotations

import os
from pathlib import Path

from explorer.core.briefing.model import Briefing, DataRef
from explorer.core.errors import ExplorerError
from explorer.core.qual.model import Project
from explorer.core.safe_files import sha256_of

_WHAT = {"survey": "survey", "qual": "focus-group project"}


def _check_one(ref: DataRef | None, path: str | os.PathLike[str] | None) -> list[str]:
    if ref is None:
        return []
    what = _WHAT.get(ref.kind, "data")
    if path is None:
        return [f"This briefing was built on the {what} {ref.name}, which is not loaded."]
    target = Path(os.fspath(path))
    if not target.is_file() and not target.is_dir():
        return [f"{ref.name} (the {what} this briefing was built on) cannot be found at {target}."]
    try:
        if target.is_dir():  # a tracker folder of Parquet waves
            from explorer.core.survey.tracker_files import folder_fingerprint

            digest = folder_fingerprint(target)
        else:
            digest = sha256_of(target)
    except ExplorerError as error:
        return [error.message]
    if digest != ref.sha256:
        name = ref.name if target.name == ref.name else f"{target.name} (saved as {ref.name})"
        return [
            f"{name} has changed since this briefing was saved: its numbers may differ."
            if ref.kind == "survey"
            else f"{name} has changed since this briefing was saved: its quotes may differ."
        ]
    return []


def check_data(
    briefing: Briefing,
    survey_path: str | os.PathLike[str] | None,
    qual_path: str | os.PathLike[str] | None,
) -> list[str]:
    """Problems with the data files the briefing is about to be shown on (empty: all is well)."""
    return _check_one(briefing.survey, survey_path) + _check_one(briefing.qual, qual_path)


def check_quotes(briefing: Briefing, project: Project) -> list[str]:
    """Pinned quotes whose words are no longer at their place, and selected codes that are gone."""
    problems: list[str] = []
    for number, slide in enumerate(briefing.slides, start=1):
        name = f"slide {number}" + (f" ({slide.title})" if slide.title else "")
        for quote in slide.quotes:
            source = project.sources.get(quote.source)
            found = source is not None and source.text[quote.start : quote.end] == quote.text
            if not found:
                short = quote.text if len(quote.text) <= 40 else quote.text[:39] + "…"
                problems.append(
                    f"The quote “{short}” pinned to {name} is no longer in {project.name}."
                )
        missing = sorted(c for c in slide.view.filter.codes if c not in project.codes)
        if missing:
            problems.append(
                f"{len(missing)} of the codes selected on {name} are no longer in {project.name}."
            )
    return problems
