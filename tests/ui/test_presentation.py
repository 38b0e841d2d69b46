"""Presentation mode driven by keys: next/previous (Right, Down, PageDown, Space / Left, Up,
PageUp), Home/End, a number then Enter, B or . for black, W for white, Esc to leave; the presenter
view's notes and next slide; a live filter and R back to the saved view; and every text of a
1920×1080 slide at 20 pt or more, inside the slide, with marking, base and notice on each."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from explorer.core.briefing import model as bm
from explorer.core.captions import SHORT_NOTICE
from explorer.core.filter_state import FilterState
from explorer.core.slides.content import build_content
from explorer.ui.presentation.slide_renderer import MIN_PX, H, W, _font, layout_slide

PX_PER_PT_AT_1080P = 96 / 72  # a 1080p screen at the standard 96 dpi


@pytest.fixture
def briefing(session) -> bm.Briefing:
    questions = session.questions()
    slides = [
        bm.make_slide(
            f"Slide {i + 1}",
            takeaway=f"Takeaway {i + 1}",
            notes=f"Notes for slide {i + 1}",
            view=bm.View(questions=(questions[i % len(questions)],), layout=layout),
        )
        for i, layout in enumerate(["chart", "chart+quotes", "table", "quotes", "chart"])
    ]
    slides[1] = bm.update_slide(
        bm.Briefing(slides=tuple(slides)), slides[1].id, breakdown="age_band"
    ).slides[1]
    return bm.Briefing(title="Test", marking="OFFICIAL-SENSITIVE", slides=tuple(slides))


@pytest.fixture
def audience(qtbot, briefing, session):
    from explorer.ui.presentation.audience_view import AudienceView
    from explorer.ui.presentation.deck import Deck

    deck = Deck(briefing, session)
    view = AudienceView(deck)
    qtbot.addWidget(view)
    view.resize(960, 540)
    view.show()
    qtbot.waitExposed(view)
    return view


def keys(qtbot, widget, *sequence) -> None:
    for key in sequence:
        qtbot.keyClick(widget, key)


def test_keys_move_jump_blank_and_leave(qtbot, audience) -> None:
    deck = audience.deck
    K = Qt.Key
    for key, expected in ((K.Key_Right, 1), (K.Key_Down, 2), (K.Key_PageDown, 3), (K.Key_Space, 4)):
        keys(qtbot, audience, key)
        assert deck.index == expected
    keys(qtbot, audience, K.Key_Right)
    assert deck.index == 4  # stays on the last slide
    for key, expected in ((K.Key_Left, 3), (K.Key_Up, 2), (K.Key_PageUp, 1)):
        keys(qtbot, audience, key)
        assert deck.index == expected
    keys(qtbot, audience, K.Key_End)
    assert deck.index == 4
    keys(qtbot, audience, K.Key_Home)
    assert deck.index == 0
    keys(qtbot, audience, K.Key_3, K.Key_Return)
    assert deck.index == 2
    keys(qtbot, audience, K.Key_1, K.Key_Enter)
    assert deck.index == 0
    keys(qtbot, audience, K.Key_B)
    assert deck.blank == "black"
    audience.grab()
    assert audience.layout_shown is None  # nothing of the slide is drawn
    assert audience.grab().toImage().pixelColor(480, 270).name() == "#000000"
    keys(qtbot, audience, K.Key_B)
    assert deck.blank == ""
    keys(qtbot, audience, K.Key_Period)
    assert deck.blank == "black"
    keys(qtbot, audience, K.Key_W)
    assert deck.blank == "white"
    assert audience.grab().toImage().pixelColor(480, 270).name() == "#ffffff"
    keys(qtbot, audience, K.Key_W)
    assert deck.blank == ""
    audience.grab()
    assert audience.layout_shown is not None
    with qtbot.waitSignal(deck.finished, timeout=1000):
        keys(qtbot, audience, K.Key_Escape)


def test_presenter_view_shows_notes_and_next_slide(qtbot, briefing, session) -> None:
    from explorer.ui.presentation.deck import Deck
    from explorer.ui.presentation.presenter_view import PresenterView

    deck = Deck(briefing, session, start=1)
    view = PresenterView(deck)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    assert view.notes.toPlainText() == "Notes for slide 2"
    assert view.position.text() == "Slide 2 of 5"
    view.next_slide.grab()
    assert view.next_slide.layout_shown is not None
    titles = [t.text for t in view.next_slide.layout_shown.texts]
    assert "Slide 3" in titles
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.notes.toPlainText() == "Notes for slide 3"
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.next_label.text() == "End of the briefing"
    view.next_slide.grab()
    assert view.next_slide.layout_shown is None


def test_live_filter_and_reset_leave_the_briefing_alone(qtbot, audience, briefing) -> None:
    deck = audience.deck
    saved = deck.content()
    menu = audience.build_filter_menu()
    age = next(a for a in menu.actions() if a.text() == "Age")
    young = age.menu().actions()[0]
    young.trigger()
    live = deck.content()
    assert live.live
    assert deck.state().allowed("age_band")
    assert live.base_line != saved.base_line
    assert "Live view" in " ".join(t.text for t in layout_slide(live).texts)
    assert deck.briefing is briefing and briefing.slides[0].view.filter == FilterState()
    qtbot.keyClick(audience, Qt.Key.Key_R)
    assert not deck.content().live
    assert deck.content().base_line == saved.base_line


def _check_slide(layout, content) -> None:
    metrics_ok = []
    for item in layout.texts:
        points = item.px / PX_PER_PT_AT_1080P
        assert points >= 20, f"{item.text!r} is {points:.1f} pt"
        assert item.px >= MIN_PX
        rect = item.rect
        assert rect.left() >= 0 and rect.top() >= 0, item.text
        assert rect.right() <= W + 0.5 and rect.bottom() <= H + 0.5, item.text
        needed = QFontMetricsF(_font(item.px, item.bold, item.italic)).boundingRect(
            QRectF(rect), item.flags, item.text
        )
        # nothing clipped: the text's own box fits the room it was given (1 px of rounding)
        assert needed.height() <= rect.height() + 1.5, item.text
        metrics_ok.append(item.text)
    texts = [t.text for t in layout.texts]
    assert texts.count(content.marking) == 2  # top and bottom
    for line in content.caption_lines:  # base, quotes, data, notices: every one drawn
        assert line in texts, line
    assert content.sources_line in texts
    if content.illustrative:
        assert SHORT_NOTICE in texts


def test_every_text_is_large_and_inside_the_slide(briefing, session) -> None:
    for i in range(len(briefing.slides)):
        content = build_content(briefing, i, session)
        _check_slide(layout_slide(content), content)


@pytest.mark.slow
def test_the_sample_briefing_is_readable_from_the_back(qapp) -> None:
    from explorer.core.briefing.sample import BRIEFING_PATH, QUAL_PATH, SURVEY_PATH
    from explorer.core.briefing.store import load_briefing
    from explorer.core.session import load_session

    if not (SURVEY_PATH.exists() and QUAL_PATH.exists()):
        pytest.skip("the bundled sample is not built")
    sample = load_session(SURVEY_PATH, QUAL_PATH)
    briefing = load_briefing(BRIEFING_PATH)
    for i in range(len(briefing.slides)):
        content = build_content(briefing, i, sample)
        assert content.illustrative and not content.problem
        _check_slide(layout_slide(content), content)


def test_f5_and_shift_f5_start_from_the_first_and_current_slide(qtbot, window, briefing) -> None:
    from explorer.ui import briefing_menu

    panel = window.briefing_panel
    panel._show(briefing, None)
    panel.slides.setCurrentRow(3)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    presentation = window.presentation
    assert presentation.deck.index == 3
    assert presentation.audience.isVisible()
    assert (presentation.presenter is None) == (len(qapp_screens()) == 1)
    presentation.audience.activateWindow()  # as when it is full screen on the projector
    qtbot.waitUntil(lambda: QApplication.activeWindow() is presentation.audience, timeout=2000)
    qtbot.keyClick(presentation.audience, Qt.Key.Key_Escape)
    assert window.presentation is None
    started = briefing_menu.present(window, 0, show=False)
    assert started.deck.index == 0
    started.close()


def qapp_screens():
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.screens()
