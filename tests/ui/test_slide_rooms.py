"""Every sample slide in every room: at 1920×1080, 1366×768 and 1024×768 (the 4:3 layout, full
height, not letterboxed), in light and high contrast, with its saved view, a three-line title and
a long takeaway, and extreme live filters (a narrow group, an empty one): no text box overlaps
another or a bar it is not drawn on, nothing leaves the slide or its box, no text is under the
20 pt floor for the screen, and text contrasts with what is behind it."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

from explorer.core import filter_state as fs
from explorer.core.slides.content import build_content
from explorer.core.slides.fit import fit_content
from explorer.core.slides.numbers import shown_values, takeaway_numbers
from explorer.core.survey.rounding import round_half_up
from explorer.ui.presentation.slide_palette import contrast, mapped, palette_for
from explorer.ui.presentation.slide_renderer import (
    BAND,
    MIN_PX,
    NO_ROOM,
    W_4_3,
    H,
    W,
    _font,
    canvas_width_for,
    fit_canvas,
    layout_slide,
    text_colour,
)

SIZES = ((1920, 1080), (1366, 768), (1024, 768))
THEMES = ("light", "high-contrast")
LONG_TITLE = (
    "Trust in the Metropolitan Police among Londoners who say they would vote for each party, "
    "and how that compares with trust in local government, national government and technology "
    "firms across every age group and borough"
)
LONG_TAKEAWAY = (
    "Most Londoners trust the Met less than they did, and the gap between the youngest and the "
    "oldest is wider than for any other institution we asked about, even after weighting for age, "
    "ethnicity, borough and past vote, so the briefing should not be read as a single figure."
)


@pytest.fixture(scope="module")
def sample(qapp):
    from explorer.core.briefing.sample import BRIEFING_PATH, QUAL_PATH, SURVEY_PATH
    from explorer.core.briefing.store import load_briefing
    from explorer.core.session import load_session

    if not (SURVEY_PATH.exists() and QUAL_PATH.exists()):
        pytest.skip("the bundled sample is not built")
    return load_briefing(BRIEFING_PATH), load_session(SURVEY_PATH, QUAL_PATH)


def _extreme_filters(session):
    """A narrow group (the smallest value of two shared dimensions) and an empty one (the
    smallest value of every dimension at once)."""
    dims = [d for d in session.dimensions if d.values]
    narrow = fs.FilterState()
    for dim in dims[:2]:
        narrow = fs.toggled(narrow, dim.key, dim.values[-1].key, True)
    empty = fs.FilterState()
    for dim in dims:
        empty = fs.toggled(empty, dim.key, dim.values[-1].key, True)
    return {"narrow": narrow, "empty": empty}


def _contents(briefing, session):
    filters = _extreme_filters(session)
    for i, slide in enumerate(briefing.slides):
        yield f"slide {i + 1}", build_content(briefing, i, session)
        long = replace(slide, title=LONG_TITLE, takeaway=LONG_TAKEAWAY)
        slides = briefing.slides[:i] + (long,) + briefing.slides[i + 1 :]
        yield f"slide {i + 1} long", build_content(replace(briefing, slides=slides), i, session)
        for name, state in filters.items():
            live = replace(state, topic=slide.view.topic, codes=slide.view.filter.codes)
            yield f"slide {i + 1} {name}", build_content(briefing, i, session, live)


def _ink(item) -> QRectF:
    """Where the text's glyphs land inside its box."""
    return QFontMetricsF(_font(item.px, item.bold, item.italic)).boundingRect(
        QRectF(item.rect), item.flags, item.text
    )


def _background(item, layout, palette) -> str:
    if item.on:
        return mapped(item.on, palette)
    centre = item.rect.center()
    if centre.y() < BAND or centre.y() > H - BAND:  # the marking bands
        band = next(b for b in layout.items if not hasattr(b, "px") and b.rect.contains(centre))
        return mapped(band.fill, palette)
    return mapped("#FFFFFF", palette)


def check_room(layout, size, theme, where: str) -> None:
    width, height = size
    target = QRectF(0, 0, width, height)
    assert layout.width == canvas_width_for(target)
    shown = fit_canvas(target, layout.width)
    assert shown.height() == pytest.approx(height), f"{where}: letterboxed at {size}"
    scale = shown.height() / H
    floor = MIN_PX * height / H  # 20 pt at 1080p, scaled to the screen's height
    palette = palette_for(theme)
    texts = layout.texts
    inks = [_ink(t) for t in texts]
    for item, ink in zip(texts, inks):
        label = f"{where} at {size} {theme}: {item.text[:50]!r}"
        assert item.px * scale >= floor - 1e-6, label
        assert ink.height() <= item.rect.height() + 1.5, f"{label} does not fit its box"
        assert ink.left() >= -0.5 and ink.right() <= layout.width + 0.5, label
        assert ink.top() >= -0.5 and ink.bottom() <= H + 0.5, label
        need = 7.0 if theme == "high-contrast" else 4.5
        ratio = contrast(text_colour(item, palette), _background(item, layout, palette))
        assert ratio >= need, f"{label} contrast {ratio:.1f}"
    for (a, ia), (b, ib) in itertools.combinations(zip(texts, inks), 2):
        overlap = ia.intersected(ib)
        assert overlap.width() <= 1 or overlap.height() <= 1, (
            f"{where} at {size}: {a.text[:40]!r} overlaps {b.text[:40]!r}"
        )
    for bar in layout.bars:
        for item, ink in zip(texts, inks):
            if item.on or bar.rect.width() < 1:
                continue
            overlap = ink.intersected(bar.rect)
            assert overlap.width() <= 1 or overlap.height() <= 1, (
                f"{where} at {size}: {item.text[:40]!r} is drawn over a bar"
            )


def assert_draws_the_selection(content, layout, where: str) -> None:
    """The renderer draws every row the content chose for this shape, and leaves out nothing
    of its own (what is left out is the content's decision, named in its caption)."""
    fitted = fit_content(content, "4:3" if layout.width < W else "16:9")
    assert not layout.left_out, f"{where}: the renderer left out {layout.left_out}"
    own = [t.text for t in layout.texts if "not shown for space" in t.text.lower()]
    own = [t for t in own if t != fitted.space_note]
    assert not own, f"{where}: the renderer's own note {own}"
    charted = fitted.shows_numbers and fitted.tables and not fitted.problem
    if charted and not all(t.empty for t in fitted.tables) and fitted.layout != "table":
        drawn = {q for b in layout.bars for q in b.key[0].split("+")}
        assert drawn == {t.question for t in fitted.tables}, where
    if fitted.space_note:
        assert fitted.space_note in [t.text for t in layout.texts], where


@pytest.mark.slow
def test_every_sample_slide_in_every_room(sample) -> None:
    briefing, session = sample
    no_room = []
    count = 0
    for where, content in _contents(briefing, session):
        for size in SIZES:
            layout = layout_slide(content, canvas_width_for(QRectF(0, 0, *size)))
            if any(t.text == NO_ROOM for t in layout.texts):
                no_room.append((where, size))
            assert_draws_the_selection(content, layout, f"{where} at {size}")
            for theme in THEMES:
                check_room(layout, size, theme, where)
                count += 1
    assert count == len(briefing.slides) * 4 * len(SIZES) * len(THEMES)
    # the saved sample slides always have room for their charts, in every room
    assert not [w for w, _size in no_room if w.count(" ") == 1], no_room


def test_four_three_is_a_layout_not_letterboxing() -> None:
    assert canvas_width_for(QRectF(0, 0, 1024, 768)) == W_4_3
    assert canvas_width_for(QRectF(0, 0, 1366, 768)) == W
    assert canvas_width_for(QRectF(0, 0, 1920, 1200)) == W  # 16:10 keeps 16:9, barely boxed
    shown = fit_canvas(QRectF(0, 0, 1024, 768), W_4_3)
    assert (shown.width(), shown.height()) == (1024, 768)
    # the smallest text on a 4:3 projector: 27 px on the 1080 canvas, 19.2 px of 768 (it was
    # 14.4 px when the 16:9 slide was letterboxed to 1024×576)
    assert MIN_PX * shown.height() / H == pytest.approx(19.2)
    assert MIN_PX * fit_canvas(QRectF(0, 0, 1024, 768), W).height() / H == pytest.approx(14.4)


def test_high_contrast_slides_are_painted_in_high_contrast(qtbot, sample) -> None:
    """The audience's view follows the theme; files keep paper colours for packs."""
    from explorer.ui import theme
    from explorer.ui.export_render import slide_image
    from explorer.ui.presentation.audience_view import AudienceView
    from explorer.ui.presentation.deck import Deck

    briefing, session = sample
    content = build_content(briefing, 1, session)
    before = theme.current().name
    view = AudienceView(Deck(briefing, session, 1))
    qtbot.addWidget(view)
    view.resize(1024, 768)
    try:
        theme._current = theme.THEMES["high-contrast"]
        dark = view.grab().toImage()
        file_image = slide_image(content, (1024, 768))
        theme._current = theme.THEMES["light"]
        light = view.grab().toImage()
    finally:
        theme._current = theme.THEMES[before]
    # background just under the top band, left margin: black in high contrast, white in light
    assert dark.pixelColor(10, 60).name() == "#000000"
    assert light.pixelColor(10, 60).name() == "#ffffff"
    assert dark.pixelColor(3, 3).name() == "#ffffff"  # the marking band flips too
    assert file_image.pixelColor(10, 60).name() == "#ffffff"


@pytest.mark.parametrize("size", SIZES)
def test_the_takeaways_figures_are_on_every_sample_slide(sample, size) -> None:
    """Every percentage a saved sample slide's takeaway cites that its charts show as a figure
    is drawn on the slide in every room (4:3 slide 4: 15% and 46%; it once showed 2 rows of 7
    and left out the question the 46% comes from)."""
    briefing, session = sample
    width = canvas_width_for(QRectF(0, 0, *size))
    aspect = "4:3" if width < W else "16:9"
    checked = 0
    for i in range(len(briefing.slides)):
        content = build_content(briefing, i, session, aspect=aspect)
        layout = layout_slide(content, width)
        percents, _ = shown_values(content.full_tables, content.layout, content.multi)
        figures = {round_half_up(p, 0) for p in percents}
        texts = {t.text for t in layout.texts}
        for written, value, is_percent in takeaway_numbers(content.takeaway):
            if is_percent and value in figures:
                assert f"{value}%" in texts, f"slide {i + 1} at {size}: {written} is not shown"
                checked += 1
    assert checked >= 6  # 15%, 46%, 34%, 19%, … (the rest are nets or bases, not bar figures)


def test_four_three_slide_four_keeps_both_questions(sample) -> None:
    briefing, session = sample
    content = build_content(briefing, 3, session, aspect="4:3")
    assert {t.question for t in content.tables} == {"q_victim", "q_report"}
    assert content.space_note.startswith("Not shown for space")
    assert content.space_note in content.caption_lines
    wide = build_content(briefing, 3, session)  # 16:9 shows more of it
    assert sum(len(t.columns) for t in wide.tables) > sum(len(t.columns) for t in content.tables)
    assert {len(t.columns) for t in content.full_tables} == {7}


def test_groups_the_takeaway_names_are_kept(sample) -> None:
    """4:3 slide 2 ("62% of Labour and 60% of Conservative voters …, 31% of Green voters") keeps
    those parties' rows, giving the chart the width its quotes had; what goes is named."""
    briefing, session = sample
    content = build_content(briefing, 1, session, aspect="4:3")
    shown = [c.label for c in content.tables[0].columns]
    assert {"Labour", "Conservative", "Green"} <= set(shown)
    assert content.chart_only and not content.shows_quotes and content.quotes == ()
    assert "2 quotes" in content.space_note
    wide = build_content(briefing, 1, session)  # at 16:9 everything fits beside the quotes
    assert not wide.chart_only and len(wide.quotes) == 2 and wide.space_note == ""


def test_the_core_measures_text_as_the_renderer_does(qapp, sample) -> None:
    """The content model decides what fits with measure (no Qt); the renderer lays out with Qt.
    The two share the canvas and type sizes, and the core never finds a text shorter than Qt
    draws it (else the renderer would have to leave something out itself)."""
    from explorer.core.slides import measure
    from explorer.ui.presentation import slide_items as qt

    for name in ("W", "H", "W_4_3", "MIN_PX", "TITLE_PX", "TAKEAWAY_PX", "BODY_PX", "QUOTE_PX"):
        assert getattr(measure, name) == getattr(qt, name), name
    assert (measure.M, measure.BAND) == (qt.M, qt.BAND)
    briefing, session = sample
    texts = [s.title for s in briefing.slides] + [s.takeaway for s in briefing.slides]
    for i in range(len(briefing.slides)):
        content = build_content(briefing, i, session)
        texts += content.caption_lines + [q.text for q in content.all_quotes]
        texts += (
            [t.label for t in content.full_tables]
            + [c.label for c in content.full_tables[0].columns]
            if content.full_tables
            else []
        )
    checked = 0
    for text in set(texts):
        for px in (MIN_PX, 28, 30, 34, 40, 46, 52):
            for width in (420.0, 560.0, 691.0, 1049.0, 1328.0, 1808.0):
                for bold in (False, True):
                    core = measure.text_height(text, px, width, bold)
                    drawn = qt.text_height(text, px, width, bold)
                    assert core >= drawn - 0.01, (text[:40], px, width, bold, core, drawn)
                    checked += 1
                assert measure.text_width(text, px) == pytest.approx(
                    qt.text_width(text, px), rel=2e-3
                )
    assert checked > 5000
