"""Opening a survey and focus groups together reads them at once (the .sav's reader process works
while the .qdpx is parsed): the result, the error raised, the progress and Cancel are as if they
were read one after the other."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest

from explorer.core import cancel
from explorer.core.errors import ExplorerError
from explorer.core.session import load_session
from tests.conftest import SAMPLE_DIR

SAV = SAMPLE_DIR / "london_survey.sav"
QDPX = SAMPLE_DIR / "london_focus_groups.qdpx"
pytestmark = pytest.mark.skipif(not (SAV.exists() and QDPX.exists()), reason="no sample")


def _readers() -> list:
    return [p for p in multiprocessing.active_children() if p.name == "explorer-sav-reader"]


def _not_a_zip(tmp_path):
    bad = tmp_path / "groups.qdpx"
    bad.write_bytes(b"this is not a REFI-QDA project")
    return bad


def _not_a_sav(tmp_path):
    bad = tmp_path / "survey.sav"
    bad.write_bytes(b"$FL2" + b"\x00" * 60 + b"garbage, not a system file")
    return bad


def test_both_halves_load_with_the_progress_in_order() -> None:
    heard: list[tuple[float, str]] = []
    session = load_session(SAV, QDPX, progress=lambda f, m: heard.append((f, m)))
    alone = load_session(SAV, None)
    assert session.survey.n == alone.survey.n and session.survey.weight == alone.survey.weight
    assert session.project is not None and session.project.segments
    fractions = [f for f, _ in heard]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    messages = {m for _, m in heard}
    assert f"Reading {SAV.name}…" in messages and f"Reading {QDPX.name}…" in messages
    assert "Indexing the quotes…" in messages
    assert not _readers()


def test_a_bad_project_is_reported_after_the_survey_has_been_read(tmp_path) -> None:
    bad = _not_a_zip(tmp_path)
    with pytest.raises(ExplorerError) as raised:
        load_session(SAV, bad)
    assert bad.name in str(raised.value) and not isinstance(raised.value, cancel.Cancelled)
    assert not _readers()  # the survey's reader is not left running


def test_when_both_are_bad_the_survey_error_is_the_one_raised(tmp_path) -> None:
    bad_survey, bad_project = _not_a_sav(tmp_path), _not_a_zip(tmp_path)
    with pytest.raises(ExplorerError) as raised:
        load_session(bad_survey, bad_project)
    assert bad_survey.name in str(raised.value), str(raised.value)
    assert bad_project.name not in str(raised.value)


def test_cancel_stops_both_halves() -> None:
    stop = threading.Event()
    outcome: list[BaseException] = []

    def load() -> None:
        cancel.watch(stop)
        try:
            # the focus groups' first step cancels: the survey's reader, on its own thread,
            # must stop too
            load_session(SAV, QDPX, progress=lambda _f, m: m.endswith(".qdpx…") and stop.set())
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=load)
    worker.start()
    worker.join(60)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], cancel.Cancelled), outcome
    # The reader's process stops with the Cancel, whether heard between steps or in one.
    deadline = time.monotonic() + 20
    while _readers() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _readers()
