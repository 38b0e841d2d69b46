"""Shared test set-up: headless Qt, the paths of the bundled sample, a private app-data folder
(export log) and a clean register of loaded source files for each test."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Property tests judge answers, not speed: on a loaded 2-core CI machine generating inputs can
# be slow, which must not fail a test whose every example passes.
settings.register_profile(
    "briefing-explorer", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("briefing-explorer")
# Exports log to the app-data folder; tests must never touch the user's real one.
os.environ["BRIEFING_EXPLORER_DATA"] = tempfile.mkdtemp(prefix="explorer-test-data-")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"
# The data contract lives in ../shared/reference (authoritative, beside the clone in CI); a copy in
# tests/reference lets a lone clone run the same checks. test_reference_copy.py keeps them equal.
SHARED_REFERENCE_DIR = ROOT.parent / "shared" / "reference"
REFERENCE_COPY_DIR = ROOT / "tests" / "reference"
REFERENCE_DIR = SHARED_REFERENCE_DIR if SHARED_REFERENCE_DIR.is_dir() else REFERENCE_COPY_DIR


@pytest.fixture(autouse=True)
def _forget_loaded_sources():
    """Loading a file registers it as source data (never written); forget it after the test."""
    from explorer.core import atomic

    before = atomic.registered_source_paths()
    yield
    for path in atomic.registered_source_paths() - before:
        atomic.unregister_source_path(path)


@pytest.fixture(autouse=True)
def _no_modal_unsaved_questions(monkeypatch):
    """A modal dialog offscreen would wait for ever: unsaved-work questions answer "discard" and
    start-up restore offers "not now" unless a test sets the panel's hooks itself."""
    try:
        from explorer.ui import unsaved_guard
    except ImportError:  # no Qt: nothing to answer
        yield
        return
    monkeypatch.setattr(unsaved_guard, "ask_save_discard_cancel", lambda _p, _n: "discard")
    monkeypatch.setattr(unsaved_guard, "ask_restore", lambda _p, _t: "later")
    yield
