"""Loading files off the GUI thread with progress and Cancel: the current data stays until the
new Session has loaded; a failure or a cancel leaves it untouched. Cancel (and closing the window)
stops the worker, and the `.sav` reader's child process with it (explorer.core.cancel).
"""

from __future__ import annotations

import contextlib
import threading

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from explorer.core import cancel
from explorer.core.errors import ExplorerError
from explorer.core.session import load_session
from explorer.ui.plain_text import plain_label


class _Worker(QThread):
    progressed = Signal(float, str)
    previewed = Signal(object)
    loaded = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        survey,
        qual,
        topics,
        links,
        parent: QObject | None = None,
        codebook=None,
        wanted=None,
    ) -> None:
        super().__init__(parent)
        self._args = (survey, qual, topics, links, codebook)
        self._wanted = wanted  # None: no preview; else the names the first view needs
        self.stop = threading.Event()

    def run(self) -> None:
        survey, qual, topics, links, codebook = self._args
        cancel.watch(self.stop)
        try:
            session = load_session(
                survey,
                qual,
                topics,
                links=links,
                progress=self.progressed.emit,
                codebook=codebook,
                preview=None if self._wanted is None else self.previewed.emit,
                wanted=self._wanted or (),
            )
        except cancel.Cancelled:
            return
        except ExplorerError as error:
            self.failed.emit(error.message)
            return
        except Exception as error:  # a loader bug must not take the window down with it
            self.failed.emit(f"The files could not be loaded ({type(error).__name__}: {error}).")
            return
        self.loaded.emit(session)


class Loader(QObject):
    """Runs one load at a time; `loaded(session)` or `failed(message)`, never both. With
    `wanted` names, a large .sav opened alone is first shown through `preview(session)`: the
    columns the first view needs, each whole (`sav_stream`), while the rest is read; a failure
    after it is still `failed`, and the receiver puts back the data it had before."""

    preview = Signal(object)
    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self._generation = 0
        self._shown: set[int] = set()  # loads whose first columns the window already shows
        self._worker: _Worker | None = None
        self.dialog: QProgressDialog | None = None

    @property
    def busy(self) -> bool:
        worker = self._worker
        return worker is not None and shiboken6.isValid(worker) and worker.isRunning()

    def start(self, survey, qual, topics=None, links=(), *, codebook=None, wanted=None) -> None:
        self._generation += 1
        generation = self._generation
        links = links or _default_links()
        worker = _Worker(survey, qual, topics, links, self, codebook, wanted)
        dialog = QProgressDialog("Opening…", "Cancel", 0, 100, self._parent)
        dialog.setWindowTitle("Opening files")
        dialog.setAccessibleName("Loading progress")
        dialog.setLabel(plain_label("Opening…"))  # messages name files: never markup
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(self.cancel)
        worker.progressed.connect(lambda f, msg: self._progressed(generation, dialog, f, msg))
        worker.previewed.connect(lambda s: self._previewed(generation, s))
        worker.loaded.connect(lambda s: self._done(generation, s, None))
        worker.failed.connect(lambda m: self._done(generation, None, m))
        worker.finished.connect(lambda w=worker: self._finished(w))
        worker.finished.connect(worker.deleteLater)
        self._worker, self.dialog = worker, dialog
        worker.start()

    def cancel(self) -> None:
        """Stop the load in progress (and its reader process); nothing it made is used."""
        self._generation += 1
        if self._worker is not None and shiboken6.isValid(self._worker):
            self._worker.stop.set()
        if self.dialog is not None:
            self.dialog.reset()

    def _finished(self, worker: _Worker) -> None:
        if self._worker is worker:  # forget it before Qt deletes it
            self._worker = None

    def shutdown(self, ms: int = 15000) -> None:
        """The window is closing: stop the load, wait for its thread, and cut it loose from the
        window so a thread still finishing is never destroyed while it runs."""
        worker = self._worker
        self.cancel()
        self._worker = None
        if worker is None or not shiboken6.isValid(worker):
            return
        for signal in (worker.progressed, worker.previewed, worker.loaded, worker.failed):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect()
        if not worker.wait(ms):
            worker.setParent(None)
            _FINISHING.add(worker)
            worker.finished.connect(lambda w=worker: _FINISHING.discard(w))

    def _progressed(self, generation: int, dialog, fraction: float, message: str) -> None:
        if generation not in self._shown:  # once the window shows data, no modal dialog
            dialog.setValue(int(fraction * 100))
            dialog.setLabelText(message)

    def _previewed(self, generation: int, session) -> None:
        if generation != self._generation:
            return
        self._shown.add(generation)
        if self.dialog is not None:
            self.dialog.reset()
        self.preview.emit(session)

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
        if self._worker is not None and shiboken6.isValid(self._worker):
            self._worker.wait(ms)


# Workers still finishing after their window closed, kept alive until their thread ends.
_FINISHING: set[_Worker] = set()


def _default_links():
    from explorer.core.dimensions import DEFAULT_LINKS

    return DEFAULT_LINKS
