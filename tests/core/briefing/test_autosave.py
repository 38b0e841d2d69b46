"""Tests for autosave copies: found only when newer than the saved file, discarded, never beside
the source data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from explorer.core.atomic import register_source_path, unregister_source_path
from explorer.core.briefing.autosave import (
    autosave_path,
    discard_autosave,
    find_autosave,
    write_autosave,
)
from explorer.core.briefing.model import Briefing, add_slide, make_slide
from explorer.core.briefing.store import load_briefing, save_briefing
from explorer.core.errors import ExplorerError


def test_autosave_newer_than_saved_file_is_offered(tmp_path: Path) -> None:
    app = tmp_path / "app"
    saved = tmp_path / "docs" / "b.briefing.json"
    saved.parent.mkdir()
    b = add_slide(Briefing(title="v1"), make_slide("one"))
    save_briefing(b, saved)
    assert find_autosave(app, saved) is None
    b2 = add_slide(b, make_slide("two"))
    path = write_autosave(b2, app, saved)
    os.utime(saved, ns=(1_000_000_000, 1_000_000_000))  # the save is older than the autosave
    assert find_autosave(app, saved) == path
    assert load_briefing(path) == b2
    # Saving again (newer than the autosave) means the copy is no longer offered.
    later = path.stat().st_mtime_ns + 5_000_000_000
    os.utime(saved, ns=(later, later))
    assert find_autosave(app, saved) is None
    assert discard_autosave(app, saved) is True
    assert discard_autosave(app, saved) is False
    assert not path.exists()


def test_each_briefing_has_its_own_copy_and_untitled_works(tmp_path: Path) -> None:
    a = autosave_path(tmp_path, tmp_path / "x" / "b.briefing.json")
    b = autosave_path(tmp_path, tmp_path / "y" / "b.briefing.json")
    assert a != b and a.parent == tmp_path
    path = write_autosave(Briefing(title="new"), tmp_path, None)
    assert find_autosave(tmp_path, None) == path
    # A saved file that has since gone: the autosave is all there is, so it is offered.
    write_autosave(Briefing(), tmp_path, tmp_path / "gone.briefing.json")
    assert find_autosave(tmp_path, tmp_path / "gone.briefing.json") is not None


def test_never_beside_the_source_data(tmp_path: Path) -> None:
    data = tmp_path / "london_survey.sav"
    data.write_bytes(b"x")
    register_source_path(data)
    try:
        with pytest.raises(ExplorerError, match="not beside the source data"):
            write_autosave(Briefing(), tmp_path, None)
    finally:
        unregister_source_path(data)
    assert list(tmp_path.iterdir()) == [data]
