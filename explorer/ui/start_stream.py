"""Start-up with a large .sav alone (`main.py FILE.sav`): the window is shown from the reader's
first hand-over (the first view's columns, `explorer.core.survey.sav_stream`) and the whole survey
replaces it when the start-up thread has it, as a File ▸ Open does (`window_stream`).

Light on purpose (no numpy, no Qt at import): it runs before the window's modules are loaded.
"""

from __future__ import annotations

import json
import os
import threading


def streams_at_start(survey, qual, args) -> bool:
    """Whether to show the first hand-over at start-up: a large .sav opened alone, for a user
    (not a screenshot, a presentation, a briefing or a view named on the command line, which
    want the whole survey at once)."""
    if not survey or qual or not str(survey).lower().endswith((".sav", ".zsav")):
        return False
    if args.screenshot or args.present or args.briefing:
        return False
    if args.question or args.by or args.filter:
        return False
    from explorer.core.survey.sav_stream import worth_streaming

    return worth_streaming(survey)


def wanted_at_start(settings, links) -> tuple[str, ...]:
    """The variables the first view needs: the filter panel's linked variables and the question
    and breakdown last shown (restored if they are in the same data)."""
    names = [link.survey_variable for link in links]
    try:
        saved = json.loads(str(settings.qsettings.value("view/last") or "{}"))
        view = saved.get("view") or {}
        names += [view.get("question"), view.get("breakdown")]
    except (ValueError, AttributeError, TypeError):
        pass  # a damaged saved view is forgotten, never a reason not to start
    return tuple(dict.fromkeys(n for n in names if isinstance(n, str) and n))


class Handover:
    """The first hand-over's Session, handed from the start-up thread to the GUI thread."""

    def __init__(self) -> None:
        self.session = None
        self._ready = threading.Event()

    def hand(self, session) -> None:
        self.session = session
        self._ready.set()

    def first_or_whole(self, loading):
        """(session, True) as soon as the first hand-over is there, or (the whole Session,
        False) if the load ended first; raises the load's error."""
        while not self._ready.wait(0.01):
            if loading.done():
                return loading.result(), False
        return self.session, True


def named(session) -> str:
    survey = session.survey
    return os.path.basename(survey.source.path) if survey is not None else "the survey"
