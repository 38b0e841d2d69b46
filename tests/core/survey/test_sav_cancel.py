"""A Cancel heard while the .sav reader reports its progress stops the reader's process at once,
rather than leaving it to finish into a folder that has been removed."""

from __future__ import annotations

import multiprocessing

import pytest

from explorer.core import cancel
from explorer.core.survey.sav_child import read_survey_isolated
from tests.conftest import SAMPLE_DIR

SAV = SAMPLE_DIR / "london_survey.sav"


def _readers() -> list:
    return [p for p in multiprocessing.active_children() if p.name == "explorer-sav-reader"]


@pytest.mark.skipif(not SAV.exists(), reason="no sample")
def test_a_cancel_raised_in_a_progress_step_stops_the_reader_at_once() -> None:
    heard: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        heard.append(message)
        raise cancel.Cancelled("Opening the files was cancelled.")

    with pytest.raises(cancel.Cancelled):
        read_survey_isolated(SAV, progress=progress)
    assert heard  # the reader had started and reported a stage
    assert not _readers()  # and is gone as soon as the call returns
