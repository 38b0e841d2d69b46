"""The window's side of opening a large .sav in two hand-overs (`explorer.core.survey.sav_stream`):
which columns the first view needs, showing the first hand-over while the rest is read (also
after the user changes the survey↔focus-group mapping meanwhile), keeping what the user did
meanwhile when the whole survey arrives, and putting the data from before back when the read
fails part-way.
"""

from __future__ import annotations

import os

from explorer.core.session import Session
from explorer.core.view_state import fitted_view, view_to_json


def wanted(window) -> tuple[str, ...]:
    """The survey variables the first view needs: the filter panel's linked variables, and the
    question, breakdown and filtered dimensions now shown (if the new file has them too)."""
    view, state = window.controller.view, window.controller.state
    names = [link.survey_variable for link in window.session.links]
    names += [view.question, view.breakdown]
    names += [key for key, _values in state.dimensions]
    return tuple(dict.fromkeys(name for name in names if name))


def previewed(window, first: Session) -> None:
    """Show the first hand-over (every respondent of the columns it holds) with the focus groups
    already open, the file's other questions listed as still being read (`reading_marks`), and
    say in the status bar that the rest is being read."""
    from explorer.ui.data_menu import settle_weight

    if window.before_preview is None:
        window.before_preview = window.session
    old = window.before_preview
    pending = first.pending  # the file's other questions, listed as still being read
    first = settle_weight(window, first, ask=False)
    window.set_session(
        Session(first.survey, old.project, old.topics, old.links, pending=pending), restore=False
    )
    name = os.path.basename(first.survey.source.path) if first.survey else "the survey"
    _say_reading(window, name)


def relink(window, links) -> None:
    """Show the data again with the survey↔focus-group mapping `links` (Edit ▸ Match profile
    dimensions…). While a first hand-over is shown, the questions still being read stay listed
    and the status bar still says the rest is being read."""
    s = window.session
    pending = s.pending if window.before_preview is not None else None
    window.set_session(Session(s.survey, s.project, s.topics, tuple(links), pending=pending))
    if pending is not None:
        _say_reading(window, os.path.basename(s.survey.source.path))


def _say_reading(window, name: str) -> None:
    """Say in the status bar that the rest is being read (the data notes wait for the whole
    survey: `window_status.flag_notes`)."""
    window.statusBar().showMessage(
        f"Reading the rest of {name}… (questions in grey italics show when it is read)"
    )


def carried(window):
    """Before the whole survey replaces a first hand-over: the filter and view the user has
    reached meanwhile, to show again on the whole survey; None when there was no hand-over."""
    if window.before_preview is None:
        return None
    window.before_preview = None
    window.statusBar().clearMessage()
    return window.controller.state, window.controller.view


def show_again(window, kept) -> None:
    """Show the kept (filter, view) on the whole survey now shown, fitted to what it has."""
    state, view = kept
    state, view = fitted_view(window.session, state, state.topic, view_to_json(view))
    window.controller.replace(state, view)
    window.controller.flush()


def failed(window) -> None:
    """The read failed after its first hand-over was shown: the data from before come back."""
    before = window.before_preview
    if before is None:
        return
    window.before_preview = None
    window.statusBar().clearMessage()
    window.set_session(before, restore=False)


def await_rest(window, loading, before: Session) -> None:
    """Start-up showed a first hand-over (`start_stream`): say the rest is being read, and when
    the start-up thread has the whole survey, show it as a File ▸ Open would (or put `before`
    back and say why, if the read failed)."""
    from PySide6.QtCore import QTimer

    from explorer.core.errors import ExplorerError

    window.before_preview = before
    _say_reading(window, os.path.basename(window.session.survey.source.path))
    timer = QTimer(window)
    timer.setInterval(30)

    def check() -> None:
        if not loading.done():
            return
        timer.stop()
        timer.deleteLater()
        try:
            whole = loading.result()
        except ExplorerError as error:
            window._failed(error.message)
            return
        except Exception as error:  # a loader bug must not take the window down with it
            window._failed(f"The files could not be loaded ({type(error).__name__}: {error}).")
            return
        window._loaded(whole)

    timer.timeout.connect(check)
    timer.start()
