"""The presenter's tools on one screen: rehearse mode (presenter view and audience view each in a
window), the timer with pause and reset, the wall clock and time on the slide, live filtering
from the presenter's screen with a large survey-only menu that never opens on the audience's
view, the slide grid to jump, the laser pointer, and hidden / public-audience slides left out."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from explorer.core.briefing import model as bm
from explorer.ui.presentation.clock import PresentationClock, mmss


@pytest.fixture
def briefing(session) -> bm.Briefing:
    questions = session.questions()
    slides = [
        bm.make_slide(
            f"Slide {i + 1}",
            notes=f"Notes {i + 1}",
            view=bm.View(questions=(questions[i % len(questions)],), layout=layout),
        )
        for i, layout in enumerate(["chart", "chart+quotes", "chart", "quotes", "chart"])
    ]
    slides[2] = replace(slides[2], hidden=True)
    slides[4] = replace(slides[4], internal=True)
    return bm.Briefing(title="Rehearsal", slides=tuple(slides))


@pytest.fixture
def rehearsal(qtbot, window, briefing):
    from explorer.ui import briefing_menu

    window.briefing_panel._show(briefing, None)
    presentation = briefing_menu.present(window, 0, rehearse=True)
    qtbot.waitExposed(presentation.presenter)
    yield presentation
    if window.presentation is not None:
        presentation.close()


def test_rehearse_shows_both_views_in_windows(qtbot, rehearsal) -> None:
    presenter, audience = rehearsal.presenter, rehearsal.audience
    assert presenter is not None and presenter.isVisible() and audience.isVisible()
    assert not presenter.isFullScreen() and not audience.isFullScreen()
    assert presenter.windowHandle() is not audience.windowHandle()
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    assert rehearsal.deck.index == 1
    assert presenter.notes.toPlainText() == "Notes 2"
    audience.grab()
    assert [t.text for t in audience.layout_shown.texts if t.text == "Slide 2"]
    qtbot.keyClick(presenter, Qt.Key.Key_Right)  # slide 3 is hidden: the next shown is slide 4
    assert rehearsal.deck.briefing.slides[rehearsal.deck.index].title == "Slide 4"
    assert rehearsal.deck.count == 4


def test_public_audience_leaves_out_quotes_and_internal_slides(qtbot, window, briefing) -> None:
    from explorer.ui import briefing_menu

    window.briefing_panel._show(briefing, None)
    window.public_audience = True
    presentation = briefing_menu.present(window, 0, rehearse=True)
    try:
        titles = [s.title for s in presentation.deck.briefing.slides]
        assert titles == ["Slide 1", "Slide 2"]  # not hidden 3, quotes-only 4, internal 5
        assert presentation.deck.content(1).quotes == ()
        assert presentation.deck.briefing.slides[1].view.layout == "chart"
    finally:
        presentation.close()
        window.public_audience = False


def test_clock_pause_reset_and_time_on_slide() -> None:
    now = [100.0]
    clock = PresentationClock(lambda: now[0])
    now[0] = 130.0
    assert clock.elapsed() == 30 and clock.slide_elapsed() == 30
    clock.next_slide()
    now[0] = 140.0
    assert clock.slide_elapsed() == 10
    clock.toggle_pause()
    now[0] = 200.0  # paused for a minute: neither clock moves
    assert clock.elapsed() == 40 and clock.paused
    clock.toggle_pause()
    now[0] = 205.0
    assert clock.elapsed() == 45 and clock.slide_elapsed() == 15
    clock.reset()
    now[0] = 207.0
    assert clock.elapsed() == 2
    assert mmss(65) == "01:05" and mmss(3725) == "1:02:05"


def test_presenter_timer_buttons_and_clocks(qtbot, rehearsal) -> None:
    presenter = rehearsal.presenter
    now = [0.0]
    presenter.clock = PresentationClock(lambda: now[0])
    now[0] = 75.0
    presenter.tick()
    assert presenter.elapsed.text() == "01:15"
    presenter.pause_button.click()
    now[0] = 300.0
    presenter.tick()
    assert (
        presenter.elapsed.text() == "01:15 (paused)" and presenter.pause_button.text() == "Resume"
    )
    presenter.pause_button.click()
    presenter.reset_button.click()
    assert presenter.elapsed.text() == "00:00"
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    now[0] = 309.0
    presenter.tick()
    assert presenter.on_slide.text() == "This slide 00:09"
    assert len(presenter.wall.text()) == 5 and presenter.wall.text()[2] == ":"


def _close_menu_soon(owner) -> None:
    def close() -> None:
        menu = QApplication.activePopupWidget()
        if menu is not None:
            menu.close()

    QTimer.singleShot(150, close)


def test_live_filter_menu_opens_on_the_presenter_never_the_projector(
    qtbot, rehearsal, session
) -> None:
    presenter, audience = rehearsal.presenter, rehearsal.audience
    _close_menu_soon(audience)
    qtbot.keyClick(audience, Qt.Key.Key_F)  # F pressed on the audience's window
    assert audience.filter_menu is None
    assert presenter.filter_menu is not None and presenter.filter_menu.parent() is presenter
    menu = presenter.filter_menu
    assert menu.font().pointSize() >= 20
    labels = [a.text() for a in menu.actions() if a.menu() is not None]
    survey = [d.label for d in session.dimensions if d.survey_variable and d.values]
    assert labels == survey
    qual_only = [d.label for d in session.dimensions if not d.survey_variable]
    assert not set(qual_only) & set(labels)
    first = next(a for a in menu.actions() if a.menu() is not None).menu().actions()[0]
    first.trigger()
    assert rehearsal.deck.content().live
    assert rehearsal.deck.briefing.slides[0].view.filter == bm.View().filter  # briefing unchanged


def test_slide_grid_jumps(qtbot, rehearsal) -> None:
    presenter = rehearsal.presenter
    qtbot.keyClick(presenter, Qt.Key.Key_G)
    grid = presenter.grid_dialog
    assert grid.list.count() == rehearsal.deck.count
    assert not grid.list.item(0).icon().isNull()
    grid.jump(grid.list.item(2))
    assert rehearsal.deck.index == 2 and not grid.isVisible()


def test_laser_pointer_follows_the_mouse_on_the_audience_view(qtbot, rehearsal) -> None:
    presenter, audience = rehearsal.presenter, rehearsal.audience
    qtbot.keyClick(presenter, Qt.Key.Key_L)
    assert rehearsal.deck.laser and presenter.laser_button.isChecked()
    view = presenter.current
    view.grab()
    box = view.slide_rect()
    target = QPoint(int(box.left() + box.width() * 0.5), int(box.top() + box.height() * 0.5))
    # a plain move (no button), as the mouse sends it; the offscreen platform has no cursor
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(target),
        QPointF(view.mapToGlobal(target)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view, move)
    assert rehearsal.deck.pointer is not None
    x, y = rehearsal.deck.pointer
    assert abs(x - 0.5) < 0.02 and abs(y - 0.5) < 0.02
    image = audience.grab().toImage()
    shown = audience.slide_rect()
    colour = image.pixelColor(int(shown.center().x()), int(shown.center().y()))
    assert (colour.red(), colour.green(), colour.blue()) == (0xE0, 0, 0)
    qtbot.keyClick(presenter, Qt.Key.Key_L)
    assert not rehearsal.deck.laser and rehearsal.deck.pointer is None


def test_window_exports_leave_out_hidden_and_for_the_public_internal(window, briefing) -> None:
    from explorer.ui import export_actions

    sensitive = replace(briefing.slides[1], marking="OFFICIAL-SENSITIVE")
    shown = replace(briefing, slides=(briefing.slides[0], sensitive, *briefing.slides[2:]))
    window.briefing_panel._show(shown, None)
    contents = export_actions.briefing_contents(window)
    assert [c.title for c in contents] == ["Slide 1", "Slide 2", "Slide 4", "Slide 5"]
    assert {c.marking for c in contents} == {"OFFICIAL-SENSITIVE"}  # the pack's highest
    window.public_audience = True
    try:
        public = export_actions.briefing_contents(window)
    finally:
        window.public_audience = False
    assert [c.title for c in public] == ["Slide 1"]  # not sensitive 2, quotes 4, internal 5


def test_a_four_three_room_and_the_white_screen_key(qtbot, rehearsal) -> None:
    from explorer.ui.presentation.slide_renderer import W_4_3

    audience, presenter = rehearsal.audience, rehearsal.presenter
    audience.resize(1024, 768)
    qtbot.waitUntil(lambda: rehearsal.deck.canvas_width == W_4_3, timeout=2000)
    audience.grab()
    assert audience.layout_shown.width == W_4_3
    assert audience.slide_rect().height() == 768  # full height, not letterboxed
    presenter.current.grab()
    assert presenter.current.layout_shown.width == W_4_3  # the presenter sees the room's layout
    qtbot.keyClick(audience, Qt.Key.Key_Comma)
    assert rehearsal.deck.blank == "white"
    qtbot.keyClick(audience, Qt.Key.Key_Comma)
    assert rehearsal.deck.blank == ""


def test_public_switch_and_slide_flags_are_saved_in_the_briefing(
    qtbot, window, briefing, tmp_path
) -> None:
    """Briefing ▸ Public audience is part of the briefing: it marks it unsaved, is written to
    the file with each slide's hidden and internal state, and comes back on reopening (and the
    menu shows it); window exports then leave out quotes and internal slides."""
    import json

    from explorer.ui import export_actions

    panel = window.briefing_panel
    panel._show(briefing, None)
    menu = next(a.menu() for a in window.menuBar().actions() if "Briefing" in a.text())
    menu.aboutToShow.emit()
    switch = next(a for a in menu.actions() if a.text().startswith("Public a"))
    assert not switch.isChecked()
    switch.trigger()
    assert panel.briefing.public and not panel.history.isClean()
    path = tmp_path / "public.briefing.json"
    assert panel._save_to(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["public"] is True
    assert [s.get("hidden", False) for s in saved["slides"]] == [0, 0, 1, 0, 0]
    assert [s.get("internal", False) for s in saved["slides"]] == [0, 0, 0, 0, 1]
    panel._show(replace(briefing, title="Other"), None)
    menu.aboutToShow.emit()
    assert not switch.isChecked()
    assert panel.open(path)
    assert panel.briefing.public
    assert [s.hidden for s in panel.briefing.slides] == [False, False, True, False, False]
    assert [s.internal for s in panel.briefing.slides] == [False, False, False, False, True]
    menu.aboutToShow.emit()
    assert switch.isChecked()
    titles = [c.title for c in export_actions.briefing_contents(window)]
    assert titles == ["Slide 1", "Slide 2"]  # not hidden 3, quotes-only 4, internal 5
    switch.trigger()  # off again: an edit like any other
    assert not panel.briefing.public
    assert [c.title for c in export_actions.briefing_contents(window)] == [
        "Slide 1",
        "Slide 2",
        "Slide 4",
        "Slide 5",
    ]
