"""Never losing briefing work: Save / Discard / Cancel before quit, close, new and open; an
untitled briefing's autosave copy offered back at the next start; and a real app process killed
with SIGKILL mid-edit whose work comes back when the app starts again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from PySide6.QtWidgets import QMessageBox

from explorer.core.briefing import model as bm
from explorer.core.briefing.autosave import autosave_path
from explorer.core.briefing.store import load_briefing, save_briefing
from explorer.ui import unsaved_guard
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def _app_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_EXPLORER_DATA", str(tmp_path / "appdata"))


@pytest.fixture
def panel(window):
    panel = window.briefing_panel
    panel.asked = []
    panel.answer = "cancel"
    panel.choose_unsaved = lambda name: panel.asked.append(name) or panel.answer
    panel.warn = lambda title, text: pytest.fail(f"unexpected warning: {text}")
    return panel


def _edit(panel) -> None:
    panel.add_current_view()
    panel._edited("title", "Work in progress")


def _untitled_copy(tmp_path):
    return autosave_path(tmp_path / "appdata" / "autosave", None)


def test_quit_with_unsaved_edits_asks_and_cancel_keeps_the_window(qtbot, window, panel) -> None:
    _edit(panel)
    quit_action = next(a for a in window.actions() if a.text() == "&Quit")
    quit_action.trigger()  # File ▸ Quit
    assert panel.asked == ["The briefing “Untitled briefing”"]
    assert window.isVisible()  # Cancel: nothing closed
    assert panel.briefing.slides[0].title == "Work in progress"


def test_close_with_save_writes_the_file_first(qtbot, window, panel, tmp_path) -> None:
    path = tmp_path / "kept.briefing.json"
    save_briefing(bm.Briefing(slides=(bm.make_slide("Saved"),)), path)
    assert panel.open(path)
    panel._edited("title", "Edited before closing")
    panel.answer = "save"
    window.close()
    assert panel.asked == ["kept.briefing.json"]
    assert not window.isVisible()
    assert load_briefing(path).slides[0].title == "Edited before closing"


def test_close_with_discard_closes_and_forgets_the_autosave(qtbot, window, panel, tmp_path) -> None:
    _edit(panel)
    assert panel.autosave() == _untitled_copy(tmp_path)
    panel.answer = "discard"
    window.close()
    assert not window.isVisible()
    assert not _untitled_copy(tmp_path).exists()


def test_new_and_open_ask_and_cancel_keeps_the_work(window, panel, tmp_path) -> None:
    other = tmp_path / "other.briefing.json"
    save_briefing(bm.Briefing(title="Other", slides=(bm.make_slide("Other slide"),)), other)
    _edit(panel)
    panel.new()
    assert len(panel.asked) == 1 and panel.briefing.slides[0].title == "Work in progress"
    assert not panel.open(other)
    assert len(panel.asked) == 2 and panel.briefing.slides[0].title == "Work in progress"
    panel.answer = "discard"
    assert panel.open(other)
    assert panel.briefing.title == "Other"
    panel.new()  # nothing unsaved now: no question
    assert len(panel.asked) == 3 and not panel.briefing.slides


def test_a_clean_briefing_closes_without_a_question(window, panel) -> None:
    window.close()
    assert panel.asked == [] and not window.isVisible()


def test_the_real_dialog_has_save_discard_and_cancel(qtbot, window, monkeypatch) -> None:
    from PySide6.QtCore import QTimer

    monkeypatch.undo()  # the real dialog, answered by clicking its Discard button
    seen = {}

    def answer() -> None:
        box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
        seen["buttons"] = sorted(b.text().replace("&", "") for b in box.buttons())
        box.button(QMessageBox.StandardButton.Discard).click()

    QTimer.singleShot(200, answer)
    assert unsaved_guard.ask_save_discard_cancel(window, "x.briefing.json") == "discard"
    assert len(seen["buttons"]) == 3
    assert any("Save" in b for b in seen["buttons"]) and any("Cancel" in b for b in seen["buttons"])


def test_untitled_autosave_is_offered_back_at_the_next_start(window, panel, tmp_path) -> None:
    _edit(panel)
    panel.autosave()
    panel.history.setClean()  # as if the process had ended here without a question
    panel.history.clear()
    panel._show(bm.Briefing(), None)
    offers = []
    panel.choose_restore = lambda text: offers.append(text) or "restore"
    assert unsaved_guard.offer_untitled_autosave(panel)
    assert offers and "never saved" in offers[0] and "1 slide" in offers[0]
    assert panel.briefing.slides[0].title == "Work in progress"
    assert unsaved_guard.has_unsaved_work(panel)  # restored work still needs saving
    panel.history.undo()
    assert not panel.briefing.slides


def test_declining_with_delete_removes_the_copy(window, panel, tmp_path) -> None:
    _edit(panel)
    panel.autosave()
    panel.history.clear()
    panel._show(bm.Briefing(), None)
    panel.choose_restore = lambda text: "delete"
    assert not unsaved_guard.offer_untitled_autosave(panel)
    assert not _untitled_copy(tmp_path).exists() and not panel.briefing.slides


def test_an_edit_is_autosaved_within_seconds(qtbot, window, panel, tmp_path) -> None:
    _edit(panel)
    qtbot.waitUntil(_untitled_copy(tmp_path).exists, timeout=5000)
    assert load_briefing(_untitled_copy(tmp_path)).slides[0].title == "Work in progress"


CHILD = textwrap.dedent(
    """
    import json, os, sys
    sys.path.insert(0, {root!r})
    from explorer.ui import app, unsaved_guard

    original = unsaved_guard.offer_untitled_autosave

    def started(panel):
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        if {mode!r} == "restore":
            unsaved_guard.ask_restore = lambda _parent, _text: "restore"
            restored = original(panel)
            titles = [s.title for s in panel.briefing.slides]
            print(json.dumps({{"restored": restored, "titles": titles}}), flush=True)
            os._exit(0)
        original(panel)
        window = panel.window_
        window.activateWindow()
        QTest.qWaitForWindowActive(window, 5000)
        QTest.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # add a slide
        panel.editor.title.selectAll()
        QTest.keyClicks(panel.editor.title, "Typed before the crash")
        print("edited" if panel.briefing.slides else "no slide", flush=True)

    unsaved_guard.offer_untitled_autosave = started
    sys.exit(app.main(["--settings", {settings!r}]))
    """
)


def _child(tmp_path, mode: str) -> subprocess.Popen:
    script = CHILD.format(root=str(ROOT), mode=mode, settings=str(tmp_path / "settings.ini"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.slow
def test_killed_mid_edit_the_work_comes_back(tmp_path) -> None:
    copy = _untitled_copy(tmp_path)
    first = _child(tmp_path, "edit")
    try:
        line = first.stdout.readline()
        assert line.strip() == "edited", first.stderr.read() if first.poll() is not None else line
        deadline = time.monotonic() + 30
        while not copy.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert copy.exists(), "no autosave copy within 30 s of the edit"
        time.sleep(0.3)
        assert first.poll() is None  # still running, mid-session
        os.kill(first.pid, signal.SIGKILL)
        assert first.wait(10) == -signal.SIGKILL
    finally:
        if first.poll() is None:
            first.kill()
        first.stdout.close()
        first.stderr.close()
    second = _child(tmp_path, "restore")
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    import json

    result = json.loads(out.strip().splitlines()[-1])
    assert result["restored"] is True
    assert result["titles"] == ["Typed before the crash"]
