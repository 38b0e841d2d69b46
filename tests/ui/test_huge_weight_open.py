"""File ▸ Open of a real `.sav` with a weight of 1e308: the window loads it whole (the absurd weight
left out and noted, the status bar's base a plain number), never a traceback or a half-updated
window (format_count once raised decimal.InvalidOperation there)."""

from __future__ import annotations

import pytest

from explorer.core.briefing.sample import SURVEY_PATH
from tests.trust.test_huge_weights import _one, _with_weights

pytestmark = pytest.mark.skipif(not SURVEY_PATH.exists(), reason="the bundled sample is not built")


@pytest.fixture
def huge(tmp_path):
    return _with_weights(tmp_path, "huge_weight.sav", _one(1e308))


def test_file_open_in_the_window_loads_whole(qtbot, window, huge):
    path, _ = huge
    before = window.session
    window.open_files(str(path))
    qtbot.waitUntil(lambda: window.session is not before, timeout=120000)
    survey = window.session.survey
    assert survey.source.path == str(path) and survey.weight == "weight"
    status = window.status_base.text()
    assert "weighted n =" in status and "e+" not in status and len(status) < 200
    assert any("larger than 1e+12" in note for note in survey.warnings)
