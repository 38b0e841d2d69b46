"""Ticking a coder and a document set in the filter panel narrows the quote list (and the
participants) but not the survey; the ticks come back with the last view; the chips name them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from explorer.core import passage_dimensions as pd
from explorer.core.qual.load import load_project
from explorer.core.session import Session
from tests.core.qual.test_passage_filters import expected_rows, project_xml
from tests.ui.conftest import dispose
from tests.ui.small_data import small_survey


@pytest.fixture
def session(tmp_path: Path) -> Session:
    path = tmp_path / "Passages.qde"
    path.write_text(project_xml(), encoding="utf-8")
    return Session(small_survey(), load_project(path))


def _tick(qtbot, window, dimension: str, value: str) -> None:
    box = window.filters.checkbox(dimension, value)
    box.ensurePolished()
    window.filters._scroll.ensureWidgetVisible(box)
    with qtbot.waitSignal(window.controller.changed, timeout=2000):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    window.flush()


def test_ticking_a_coder_and_a_document_set_narrows_the_quotes(qtbot, window, session) -> None:
    sets = pd.SOURCE_PREFIX + "Document set"
    all_quotes = len(window.quotes.quotes)
    assert all_quotes == len(expected_rows())
    n_before = window.session.base(window.controller.state)
    _tick(qtbot, window, pd.CODER_KEY, "u-bob")
    want = [r for r in expected_rows() if r["coder"] == "u-bob"]
    qtbot.waitUntil(lambda: len(window.quotes.quotes) == len(want), timeout=2000)
    assert sorted(q.text for q in window.quotes.quotes) == sorted(r["words"] for r in want)
    _tick(qtbot, window, sets, "outer")
    want = [r for r in want if "Outer" in r["sets"]]
    assert 0 < len(want) < all_quotes
    qtbot.waitUntil(lambda: len(window.quotes.quotes) == len(want), timeout=2000)
    assert sorted(q.text for q in window.quotes.quotes) == sorted(r["words"] for r in want)
    assert all(q.segment.creator == "U-BOB" for q in window.quotes.quotes)
    # the survey is not filtered and its caption does not name them
    state = window.controller.state
    assert window.session.base(state) == n_before
    assert window.session.describe(state, "survey") == "All respondents"
    chips = [
        c.text() for c in window.filters.chips.findChildren(type(window.filters.chips.reset_button))
    ]
    assert any("Coded by: Bob Smith" in t for t in chips) and any("Outer" in t for t in chips)
    # the document set's checkbox counts the participants Bob coded in that set
    people = {r["speaker"] for r in want}
    qtbot.waitUntil(
        lambda: f"{len(people)} in groups" in window.filters.checkbox(sets, "outer").text(),
        timeout=2000,
    )


def test_the_ticks_come_back_with_the_last_view(qtbot, settings, session) -> None:
    from explorer.ui.main_window import MainWindow

    first = MainWindow(settings)
    first.set_session(session)
    first.controller.toggle(pd.CODER_KEY, "u-alice", True)
    first.controller.toggle(pd.SOURCE_PREFIX + "Borough", "camden", True)
    first.flush()
    first.close()
    dispose(first)

    second = MainWindow(settings)
    second.set_session(session)
    second.show()
    second.flush()
    assert second.filters.checkbox(pd.CODER_KEY, "u-alice").isChecked()
    assert second.filters.checkbox(pd.SOURCE_PREFIX + "Borough", "camden").isChecked()
    want = [r for r in expected_rows() if r["coder"] == "u-alice" and r["borough"] == "Camden"]
    qtbot.waitUntil(lambda: len(second.quotes.quotes) == len(want), timeout=2000)
    assert sorted(q.text for q in second.quotes.quotes) == sorted(r["words"] for r in want)
    dispose(second)
