"""Real progress on loads (#12 part 8): opening the bundled sample moves the progress bar through
the reader child's stages, the focus groups' transcripts and the quote index (more than two
values, never backwards, ending at 100), and Cancel after the reader reported its first stage
stops the reader process and leaves the window's data as it was."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressBar

from explorer.core.survey import sav_child
from tests.conftest import SAMPLE_DIR

SAV = SAMPLE_DIR / "london_survey.sav"
QDPX = SAMPLE_DIR / "london_focus_groups.qdpx"
pytestmark = pytest.mark.skipif(not (SAV.exists() and QDPX.exists()), reason="no sample")


def _readers() -> list:
    return [p for p in multiprocessing.active_children() if p.name == "explorer-sav-reader"]


def _bar_values(window) -> list[int]:
    values: list[int] = []
    bar = window.loader.dialog.findChild(QProgressBar)
    bar.valueChanged.connect(values.append)
    return values


def test_the_bar_moves_through_the_load_of_the_sample(qtbot, window) -> None:
    before = window.session
    messages: list[str] = []
    window.loader.start(str(SAV), str(QDPX))
    values = _bar_values(window)  # connected before the event loop delivers any progress
    window.loader._worker.progressed.connect(lambda _f, message: messages.append(message))
    qtbot.waitUntil(lambda: window.session is not before, timeout=120000)
    seen = [v for v in values if v >= 0]  # the dialog resets to -1 when the load is done
    assert len(set(seen)) > 2, seen
    assert seen == sorted(seen) and seen[-1] == 100
    # the stages are the real ones: the reader child's, each transcript, the index
    assert "Working out the questions and the weight…" in messages
    assert any(m.startswith("Reading transcripts (1 of") for m in messages)
    assert "Indexing the quotes…" in messages
    assert window.session.survey is not None and window.session.project is not None


def _started_then_hang(_source, workdir, *_args) -> None:
    sav_child._stage(Path(workdir), "started")
    time.sleep(600)


def test_cancel_after_the_first_stage_stops_the_reader(qtbot, window, monkeypatch) -> None:
    monkeypatch.setattr(sav_child, "CHILD", _started_then_hang)
    before = window.session
    window.loader.start(str(SAV), None)
    values = _bar_values(window)
    heard: list[str] = []
    window.loader._worker.progressed.connect(lambda _f, message: heard.append(message))
    # the child's own first stage reached the bar before Cancel
    qtbot.waitUntil(lambda: "Reading the SPSS file…" in heard and bool(_readers()), timeout=60000)
    assert values and values[-1] >= 0
    started = time.monotonic()
    window.loader.cancel()
    qtbot.waitUntil(lambda: not window.loader.busy and not _readers(), timeout=15000)
    assert time.monotonic() - started < 10  # not the reader's 60 s timeout
    assert window.session is before
