"""Matrix slides as drawn (presentation, PNG, PDF share this layout): every cell's figure, base
and focus-group count is on the slide and whole, nothing runs under the caption, and rows or
groups that do not fit are named instead of squeezed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from explorer.core.briefing import model as bm
from explorer.core.briefing.store import load_briefing
from explorer.core.evidence.themes import TOPIC, MatrixSpec
from explorer.core.session import SAMPLE_QUAL, SAMPLE_SURVEY, load_session
from explorer.core.slides.content import build_deck
from explorer.core.survey.formatting import format_percent
from tests.conftest import SAMPLE_DIR


@pytest.fixture(scope="module")
def session():
    return load_session(SAMPLE_SURVEY, SAMPLE_QUAL)


@pytest.fixture(scope="module")
def briefing():
    return load_briefing(SAMPLE_DIR / "london.briefing.json")


def _texts(content, width):
    from explorer.ui.presentation.slide_renderer import NO_ROOM, W, layout_slide

    layout = layout_slide(content, width or W)
    words = [t.text for t in layout.texts]
    assert NO_ROOM not in words
    return layout, " ".join(words)


def _figures(cell) -> list[str]:
    s, q = cell.survey, cell.qual
    pct = f"{format_percent(s.percent)}% ({format_percent(s.ci_low)}–{format_percent(s.ci_high)})"
    return [pct, f"n={s.unweighted_base}", f"{q.participants}/{q.of} people"]


def test_sample_matrix_slides_show_every_figure_whole(qapp, session, briefing) -> None:
    contents = [c for c in build_deck(briefing, session) if c.layout == "matrix"]
    assert len(contents) == 2
    for content in contents:
        _layout, words = _texts(content, None)
        for row in content.matrix.rows:
            for cell in row.cells:
                for figure in _figures(cell):
                    assert figure in words, (content.title, cell.group.label, figure)
        assert "not statistically representative" in words
        assert words.count("OFFICIAL") >= 2
    _layout, row_words = _texts(contents[1], None)
    assert "+ expands" in row_words and "Fear of being the one wrongly stopped." in row_words
    for cell in contents[1].matrix.rows[0].cells:  # every quote keeps who said it
        assert cell.exemplar.attribution in row_words


def test_rows_that_do_not_fit_are_named(qapp, session) -> None:
    spec = MatrixSpec("age_band", tuple((TOPIC, t.id) for t in session.topics.topics))
    slide = replace(bm.make_slide("All ten", view=bm.View(layout="matrix")), matrix=spec)
    (content,) = build_deck(bm.add_slide(bm.Briefing(), slide), session)
    assert len(content.matrix.rows) == 10
    layout, words = _texts(content, None)
    assert "Left out for lack of room" in words
    shown = [r for r in content.matrix.rows if r.theme.label in words.split("Left out")[0]]
    assert 0 < len(shown) < 10
    named = words.split("Left out for lack of room")[1]
    assert all(r.theme.label in named for r in content.matrix.rows if r not in shown)


def test_a_matrix_slide_without_its_matrix_says_so(qapp, session) -> None:
    slide = bm.make_slide("Bare", view=bm.View(layout="matrix"))
    (content,) = build_deck(bm.add_slide(bm.Briefing(), slide), session)
    _layout, words = _texts(content, None)
    assert "has no evidence matrix" in words


def test_a_public_pack_shows_no_exemplar_quote(qapp, session, briefing, tmp_path) -> None:
    from explorer.core.briefing.pack import select_for_pack
    from explorer.core.briefing.store import load_briefing as load
    from explorer.core.briefing.store import save_briefing

    matrices = [i for i, s in enumerate(briefing.slides) if s.view.layout == "matrix"]
    public = select_for_pack(briefing, matrices, public=True)
    assert all(s.matrix.quotes is False for s in public.slides)
    save_briefing(public, tmp_path / "public.briefing.json")  # the choice survives the file
    assert load(tmp_path / "public.briefing.json").slides == public.slides
    quotes = {
        c.exemplar.text for c in build_deck(briefing, session)[matrices[1]].matrix.rows[0].cells
    }
    for content in build_deck(public, session):
        assert all(c.exemplar is None for r in content.matrix.rows for c in r.cells)
        _layout, words = _texts(content, None)
        assert not any(q[:20] in words for q in quotes)
        assert "n=100" in words  # the numbers stay
