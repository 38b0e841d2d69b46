"""Loading a Session from files: the survey and the focus groups read at once (the .sav's
reader process works while the .qdpx is parsed), one progress bar over both, the quotes indexed
off the GUI thread, a topic map found beside the data, and any error one ExplorerError naming
the file (or `cancel.Cancelled`).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.core import cancel
from explorer.core import dimensions as dm
from explorer.core.qual.model import Project
from explorer.core.side_thread import SideThread

if TYPE_CHECKING:
    from explorer.core.session import Session

Progress = Callable[[float, str], None]


def _index_quotes(project: Project) -> None:
    """Build the quote indexes while loading (off the GUI thread), not at the first search or
    code filter: at 100,000 segments that took seconds with the window waiting."""
    from explorer.core.qual.queries import prepare

    prepare(project)


def _release_reader_memory() -> None:
    """Hand back to the system what the reader's Arrow frame used (Arrow's allocator keeps freed
    memory for reuse: after a 1M-row .sav that was ~7x the data the Survey holds)."""
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()


def find_topics_beside(*paths: str | os.PathLike[str] | None) -> Path | None:
    """A topics.json next to either data file, if there is one."""
    for path in paths:
        if path:
            candidate = Path(path).with_name("topics.json")
            if candidate.is_file():
                return candidate
    return None


def _size(path: str | os.PathLike[str] | None) -> int:
    if not path:
        return 0
    try:
        return max(1, os.stat(path).st_size)
    except OSError:
        return 1


def load_session(
    survey_path: str | os.PathLike[str] | None,
    qual_path: str | os.PathLike[str] | None,
    topics_path: str | os.PathLike[str] | None = None,
    *,
    links: Sequence[dm.DimensionLink] = dm.DEFAULT_LINKS,
    progress: Progress | None = None,
    weight: str | None = None,
    codebook: str | os.PathLike[str] | None = None,
    columns: Sequence[str] | None = None,
    preview: Callable[[Session], None] | None = None,
    wanted: Sequence[str] = (),
) -> Session:
    """Load the files into a new Session, or raise ExplorerError naming the file that failed
    (or `cancel.Cancelled` when the loading thread was asked to stop).

    `weight` names the survey's weight; `codebook` is a codebook for CSV/Excel survey data;
    `columns` reads only the survey variables a request needs (see `load_survey`).
    `preview(session)`, when a large .sav is opened alone, first gets a Session of the columns the
    first view needs (`wanted` names, the profile variables, the weight: `sav_stream`), each of
    them whole, with the file's other questions listed as still being read (`Session.pending`),
    while the rest is read; the returned Session holds them all."""
    from explorer.core.session import Session  # here: session re-exports this module

    given = progress or (lambda fraction, message: None)

    def report(fraction: float, message: str) -> None:
        cancel.check()
        given(fraction, message)

    # Each file's share of the bar is its share of the bytes to read; the quotes' index (built
    # here, off the GUI thread) takes a fifth of the focus groups' share. The two files are read
    # at once, so the bar shows the sum of their parts.
    sizes = [_size(survey_path), _size(qual_path)]
    whole = sum(sizes) or 1
    survey_end = 0.95 * sizes[0] / whole
    parts = {"survey": 0.0, "qual": 0.0}
    lock = threading.Lock()

    def part(name: str, share: float):
        def step(fraction: float, message: str) -> None:
            with lock:  # in order, so the bar never goes back
                parts[name] = share * fraction
                report(parts["survey"] + parts["qual"], message)

        return step

    def read_survey():
        from explorer.core.survey.load import load_survey

        step = part("survey", survey_end)
        step(0.0, f"Reading {os.path.basename(survey_path)}…")
        survey = load_survey(
            survey_path,
            weight=weight,
            codebook=codebook,
            columns=None if columns is None else list(columns),
            progress=step,
            first=first,
        )
        _release_reader_memory()
        return survey

    first = None
    if preview is not None and not qual_path:

        def on_first(survey, catalog=None) -> None:
            cancel.check()
            preview(Session(survey, None, None, tuple(links), pending=catalog))

        first = (tuple(wanted), on_first)
    survey = project = topics = None
    # The survey on a thread of its own when there are focus groups too: a .sav's reader process
    # works while the focus groups are parsed here. Its error, if any, is the one raised.
    reading = SideThread(read_survey, "explorer-survey-read") if survey_path and qual_path else None
    if survey_path and reading is None:
        survey = read_survey()
    if qual_path:
        from explorer.core.qual.load import load_project

        try:
            step = part("qual", 0.95 - survey_end)
            step(0.0, f"Reading {os.path.basename(qual_path)}…")
            project = load_project(qual_path, progress=lambda f, m: step(0.8 * f, m))
            step(0.8, "Indexing the quotes…")
            _index_quotes(project)
        finally:
            survey = reading.result() if reading is not None else survey
    topics_path = topics_path or find_topics_beside(survey_path, qual_path)
    if topics_path:
        report(0.95, "Reading the topic map…")
        try:
            from explorer.core.topics import load_topic_map
        except ImportError:  # a build without topic maps still shows every question
            load_topic_map = None
        if load_topic_map is not None:
            topics = load_topic_map(topics_path)
    report(1.0, "Done")
    return Session(survey, project, topics, tuple(links))
