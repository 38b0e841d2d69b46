"""`quotes` and `codes`: the focus-group half of the command line."""

from __future__ import annotations


def register(commands) -> None:  # filled in by the focus-group engine
    pass
