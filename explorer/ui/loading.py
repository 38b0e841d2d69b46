"""Loading files off the GUI thread with progress and Cancel: the current data stays until the
new Session has loaded; a failure or a cancel leaves it untouched.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from explorer.core.errors import ExplorerError
from explorer.core.session import load_session
from explorer.ui.plain_text import plain_label


class _Worker(QThread):
    progressed = Signal(float, str)
    loaded = Signal(object)
    failed = Signal(str)

    def __init__(
        self, survey, qual, topics, links, parent: QObject | None = None, codebook=None
    ) -> None:
        super().__init__(parent)
        self._args = (survey, qual, topics, links, codebook)

    def run(self) -> None:
        survey, qual, topics, links, codebook = self._args
        try:
            session = load_session(
                survey,
                qual,
                topics,
                links=links,
                progress=self.progressed.emit,
                codebook=codebook,
            )
        except ExplorerError as error:
            self.failed.emit(error.message)
            return
        except Exception as error:  # a loader bug must not take the window down with it
            self.failed.emit(f"The files could not be loaded ({type(error).__name__}: {error}).")
            return
        self.loaded.emit(session)


class Loader(QObject):
    """Runs one load at a time; `loaded(session)` or `failed(message)`, never both."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self._generation = 0
        self._worker: _Worker | None = None
        self.dialog: QProgressDialog | None = None

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.isRunning()

    def start(self, survey, qual, topics=None, links=(), *, codebook=None) -> None:
        self._generation += 1
        generation = self._generation
        worker = _Worker(survey, qual, topics, links or _default_links(), self, codebook)
        dialog = QProgressDialog("Opening…", "Cancel", 0, 100, self._parent)
        dialog.setWindowTitle("Opening files")
        dialog.setAccessibleName("Loading progress")
        dialog.setLabel(plain_label("Opening…"))  # messages name files: never markup
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(self.cancel)
        worker.progressed.connect(
            lambda f, msg: (dialog.setValue(int(f * 100)), dialog.setLabelText(msg))
        )
        worker.loaded.connect(lambda s: self._done(generation, s, None))
        worker.failed.connect(lambda m: self._done(generation, None, m))
        worker.finished.connect(worker.deleteLater)
        self._worker, self.dialog = worker, dialog
        worker.start()

    def cancel(self) -> None:
        """Forget the load in progress: its result, when it comes, is dropped."""
        self._generation += 1
        if self.dialog is not None:
            self.dialog.reset()

    def _done(self, generation: int, session, message: str | None) -> None:
        if generation != self._generation:
            return  # cancelled, or superseded by a newer load
        if self.dialog is not None:
            self.dialog.reset()
        if message is not None:
            self.failed.emit(message)
        else:
            self.loaded.emit(session)

    def wait(self, ms: int = 30000) -> None:
        if self._worker is not None:
            self._worker.wait(ms)


def _default_links():
    from explorer.core.dimensions import DEFAULT_LINKS

    return DEFAULT_LINKS
