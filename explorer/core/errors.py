"""The project's one error type: a sentence a user can act on, naming the file where there is one.

Loaders, statistics and exports raise `ExplorerError`; the window shows it in a dialog and the CLI
prints it to stderr and exits 2. Whatever a library underneath raised is chained, never shown.
A file name in a message goes through `visible` (control and direction-override characters
shown as escapes).
"""

from __future__ import annotations

import os

from explorer.core.shown_text import MAX_SHOWN, visible


class ExplorerError(Exception):
    """A problem the user can act on, e.g. "london.sav is not an SPSS file"."""

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None) -> None:
        self.path = os.fspath(path) if path is not None else None
        self.message = message.strip()
        super().__init__(self.message)

    @classmethod
    def for_file(cls, path: str | os.PathLike[str], problem: str) -> ExplorerError:
        """ "<name>: <problem>" – one sentence naming the file by its base name."""
        name = os.path.basename(os.fspath(path)) or os.fspath(path)
        problem = problem.strip().rstrip(".")
        return cls(f"{visible(name, limit=MAX_SHOWN)}: {problem}.", path)
