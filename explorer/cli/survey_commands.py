"""`table`, `describe` and `sample`: the survey half of the command line."""

from __future__ import annotations


def register(commands) -> None:  # filled in by the survey engine
    pass
