"""The window shows a large .sav's first columns before the rest arrive (issue 15 part 2): with a
reader slowed between its two hand-overs, the question list, the filter panel and the first chart
are there while the status bar says the rest is being read; the view the user picks meanwhile
stays when the whole survey arrives, whose tables equal a whole-file load's and a count made
here from pyreadstat's read; a reader crashing after the first hand-over puts the data from
before back and says so in one sentence naming the file."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pyreadstat
import pytest
from PySide6.QtWidgets import QTreeWidgetItemIterator

from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.core.survey import sav_child, sav_stream
from explorer.core.survey.load import load_survey
from explorer.core.view_state import with_breakdown
from tests.conftest import SAMPLE_DIR

SAV = SAMPLE_DIR / "london_survey.sav"
pytestmark = pytest.mark.skipif(not SAV.exists(), reason="no sample")
SHOTS = os.environ.get("EXPLORER_STREAM_SHOTS")  # a folder: screenshots of the first hand-over


def _first_then_wait(source, workdir, memory_bytes, weight, wanted) -> None:
    """The real two hand-overs (the first with the file's catalogue), with the reader slowed
    between them: 4 s, or — when a file `hold` is beside the .sav — until a file `release` is
    put there (a file, not an event: the reader is another process)."""
    out = Path(workdir)
    hashed = sav_child._hash_meanwhile(source)
    sav_stream.hand_first(source, out, weight, wanted, hashed)
    beside = Path(source).parent
    if (beside / "hold").exists():
        until = time.monotonic() + 120
        while not (beside / "release").exists() and time.monotonic() < until:
            time.sleep(0.05)
    else:
        time.sleep(4)
    sav_child.write_read(source, out, "survey", weight, None, hashed)


def _first_then_crash(source, workdir, memory_bytes, weight, wanted) -> None:
    from tests.trust.test_sav_stream import _first_then_crash as crash

    crash(source, workdir, memory_bytes, weight, wanted)


def _questions(window) -> list[str]:
    out = []
    found = QTreeWidgetItemIterator(window.topics)
    while found.value():
        item = found.value()
        if item.data(0, 0x0100 + 1) == "question" or item.childCount() == 0:
            out.append(item.text(0))
        found += 1
    return out


@pytest.fixture
def streamed(monkeypatch):
    monkeypatch.setattr(sav_stream, "STREAM_BYTES", 0)
    monkeypatch.setattr(sav_stream, "STREAM_CHILD", _first_then_wait)


def test_the_first_columns_are_shown_before_the_rest(qtbot, window, streamed) -> None:
    before = window.session
    window.open_files(str(SAV))
    qtbot.waitUntil(lambda: window.session is not before, timeout=60000)
    first = window.session
    plain = load_survey(SAV)
    # the rest is still being read: a first hand-over of whole columns is on screen
    assert window.before_preview is before
    assert window.loader.busy
    assert 0 < len(first.survey.columns) < len(plain.columns) / 2
    assert window.statusBar().currentMessage().startswith("Reading the rest of london_survey.sav")
    assert [d.survey_variable for d in first.dimensions][:2] == ["age_band", "gender"]
    assert first.survey.weight == "weight"
    question = first.questions()[0]
    assert question == Session(plain).questions()[0]
    shown = _questions(window)
    assert first.question_label(question) in shown
    window.flush()
    assert window.controller.view.question in (None, question)
    if SHOTS:
        for size in ((1366, 768), (1920, 1080)):
            from explorer.ui import screenshot

            screenshot.render(window, Path(SHOTS) / f"first-{size[0]}.png", size)
    # the user picks a breakdown while the rest is read: it stays when the whole survey comes
    window.controller.set_view(with_breakdown(window.controller.view, "age_band"))
    window.flush()
    qtbot.waitUntil(lambda: window.before_preview is None, timeout=60000)
    whole = window.session
    assert set(whole.survey.columns) == set(plain.columns)
    assert window.controller.view.breakdown == "age_band"
    assert window.statusBar().currentMessage() == ""
    ours = whole.table(question, FilterState(), by="age_band")
    assert ours.to_json() == Session(plain).table(question, FilterState(), by="age_band").to_json()
    assert ours.to_json() == first.table(question, FilterState(), by="age_band").to_json()
    frame, meta = pyreadstat.read_sav(SAV, user_missing=True)
    q = frame[question].to_numpy(dtype=float)
    w = frame["weight"].to_numpy(dtype=float)
    missing = [r["lo"] for r in meta.missing_ranges.get(question, [])]
    valid = ~np.isnan(q) & ~np.isin(q, missing)
    total = next(j for j, c in enumerate(ours.columns) if c.key == "all")
    for row in ours.rows:
        if row.kind == "code" and row.cells[total].percent is not None:
            expected = 100 * w[valid & (q == row.code)].sum() / w[valid].sum()
            assert row.cells[total].percent == pytest.approx(expected)


def test_a_failure_after_the_first_columns_puts_the_old_data_back(
    qtbot, window, streamed, monkeypatch
) -> None:
    monkeypatch.setattr(sav_stream, "STREAM_CHILD", _first_then_crash)
    before = window.session
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    shown: list[Session] = []
    window.loader.preview.connect(lambda s: shown.append(s))
    window.open_files(str(SAV))
    qtbot.waitUntil(lambda: bool(errors), timeout=60000)
    assert len(shown) == 1  # the first columns were shown, then taken away again
    assert window.session is before and window.before_preview is None
    assert len(errors) == 1 and errors[0].startswith("london_survey.sav: the file is damaged")
    assert "\n" not in errors[0]


def _start_up(window, qtbot):
    """What `main.py --survey FILE.sav` does: the load on a thread, the window shown from the
    first hand-over, the rest awaited (`start_stream`, `window_stream.await_rest`)."""
    from explorer.core.session import load_session
    from explorer.core.side_thread import SideThread
    from explorer.ui import start_stream, window_stream

    first = start_stream.Handover()
    loading = SideThread(
        lambda: load_session(SAV, None, preview=first.hand, wanted=("q_victim",)), "test-load"
    )
    session, streaming = first.first_or_whole(loading)
    assert streaming and not loading.done()
    before = window.session
    window.set_session(session)
    window_stream.await_rest(window, loading, before)
    return before, session


def test_start_up_shows_the_first_columns_then_the_rest(qtbot, window, streamed) -> None:
    _before, first = _start_up(window, qtbot)
    assert window.statusBar().currentMessage().startswith("Reading the rest of london_survey.sav")
    assert len(first.survey.columns) < 20 and window.session is first
    qtbot.waitUntil(lambda: window.before_preview is None, timeout=60000)
    assert len(window.session.survey.columns) == len(load_survey(SAV).columns)
    assert window.statusBar().currentMessage() == ""


def test_a_failure_after_the_first_columns_at_start_up(
    qtbot, window, streamed, monkeypatch
) -> None:
    monkeypatch.setattr(sav_stream, "STREAM_CHILD", _first_then_crash)
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    before, _first = _start_up(window, qtbot)
    qtbot.waitUntil(lambda: bool(errors), timeout=60000)
    assert window.session is before
    assert errors[0].startswith("london_survey.sav: the file is damaged")


def test_which_start_ups_show_the_first_columns(monkeypatch, settings) -> None:
    from explorer.ui.app import build_parser
    from explorer.ui.start_stream import streams_at_start, wanted_at_start

    monkeypatch.setattr(sav_stream, "STREAM_BYTES", 0)

    def streams(*argv) -> bool:
        args = build_parser().parse_args(list(argv))
        return streams_at_start(args.survey, args.qual, args)

    assert streams("--survey", str(SAV))
    assert not streams("--survey", str(SAV), "--qual", str(SAMPLE_DIR / "x.qdpx"))
    assert not streams("--survey", str(SAV), "--screenshot", "x.png")
    assert not streams("--survey", str(SAV), "--question", "q_tough")
    assert not streams("--survey", str(SAMPLE_DIR / "x.csv"))
    monkeypatch.setattr(sav_stream, "STREAM_BYTES", 1 << 40)
    assert not streams("--survey", str(SAV))
    settings.qsettings.setValue("view/last", '{"view": {"question": "q_x", "breakdown": "v"}}')
    from explorer.core.dimensions import DEFAULT_LINKS

    assert wanted_at_start(settings, DEFAULT_LINKS)[-2:] == ("q_x", "v")
    settings.qsettings.setValue("view/last", "not json")
    assert "q_x" not in wanted_at_start(settings, DEFAULT_LINKS)
