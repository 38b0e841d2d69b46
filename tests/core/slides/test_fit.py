"""What fits on a slide is the content model's decision (no Qt): measuring agrees with the font's
own metrics, a long chart is trimmed to what fits with a line saying what is left out, the rows a
takeaway cites are kept first, and a 4:3 slide holds less than a 16:9 one."""

from __future__ import annotations

import pytest

from explorer.core.slides import fit, measure
from explorer.core.slides.content import SlideContent
from explorer.core.survey.table import Cell, Column, Row, Table


def _table(n_rows: int, cited_last: int = 0) -> Table:
    """One question, no breakdown: n answers with small shares, the last one `cited_last`%."""
    column = Column("all", "All respondents", "", 1000, 1000.0, 1000.0)
    rows = []
    for i in range(n_rows):
        pct = float(cited_last) if (cited_last and i == n_rows - 1) else 1.0 + i % 5
        cell = Cell(pct, None, None, 10, 10.0)
        rows.append(Row(i + 1, f"Answer number {i + 1}", "code", (cell,)))
    return Table("q_long", "A question with many answers", (column,), tuple(rows))


def _content(table: Table, takeaway: str = "") -> SlideContent:
    return SlideContent(
        number=1,
        total=1,
        title="A slide",
        takeaway=takeaway,
        notes="",
        layout="chart",
        tables=(table,),
        multi=frozenset(),
        quotes=(),
        survey_lines=("Base: All respondents; unweighted n = 1,000",),
        quotes_line="",
        sources_line="Data: test.sav",
        marking="OFFICIAL",
        illustrative=False,
    )


def test_line_counts_follow_the_words_and_the_width() -> None:
    word = measure.advance("word", 27)
    space = measure.advance(" ", 27)
    # a box just wide enough (after the renderer's 4% slack) for three words and two spaces
    width = (3 * word + 2 * space + 0.5) / measure.WRAP_SHARE
    assert measure.line_count("word word word", 27, width) == 1
    assert measure.line_count("word word word word", 27, width) == 2
    assert measure.line_count("word " * 9, 27, width) == 3
    assert measure.line_count("a\nb", 27, 1000) == 2
    lh = measure.line_height(27)
    assert lh == 27 * (1901 + 483) / 2048 + 0.05  # DejaVu Sans: ascent + descent over the em
    assert measure.text_height("word " * 9, 27, width) == lh + 2 * int(-(-lh // 1))


def test_a_long_chart_is_trimmed_and_says_what_is_left_out() -> None:
    content = fit.fit_content(_content(_table(40)), "16:9")
    shown = [r for r in content.tables[0].rows if r.kind == "code"]
    assert 5 < len(shown) < 40
    assert len(content.full_tables[0].rows) == 40
    left = 40 - len(shown)
    assert content.space_note == (
        "Not shown for space (see the table export): "
        f"{left} rows of “A question with many answers”."
    )
    assert content.space_note in content.caption_lines
    # the kept rows are the first ones, in order
    assert [r.label for r in shown] == [f"Answer number {i + 1}" for i in range(len(shown))]
    narrow = fit.fit_content(content, "4:3")
    assert narrow.aspect == "4:3"
    assert len(narrow.tables[0].rows) <= len(shown)
    assert len(narrow.full_tables[0].rows) == 40


def test_a_cited_row_is_kept_even_at_the_end() -> None:
    content = fit.fit_content(_content(_table(40, cited_last=37), "37% chose the last."), "4:3")
    labels = [r.label for r in content.tables[0].rows]
    assert "Answer number 40" in labels
    assert "Answer number 39" not in labels


def test_a_chart_that_fits_is_left_whole() -> None:
    content = fit.fit_content(_content(_table(4)), "4:3")
    assert content.tables == content.full_tables
    assert content.space_note == ""


def test_measuring_survives_a_font_engine_failure(monkeypatch) -> None:
    """raqm refused to lay out one hostile string ("raqm_layout() failed"): the measure falls
    back to the unshaped layout, then to an estimate, and never raises."""
    from explorer.core.slides import measure

    class Refusing:
        def getlength(self, *_args, **_kwargs):
            raise RuntimeError("raqm_layout() failed.")

    text = "a hostile \u202e string"
    measure.advance.cache_clear()
    real = measure._face
    monkeypatch.setattr(
        measure,
        "_face",
        lambda px, bold, basic=False: real(px, bold, True) if basic else Refusing(),
    )
    unshaped = measure.advance(text, 30)
    assert unshaped == pytest.approx(real(30, False, True).getlength(text))
    measure.advance.cache_clear()
    monkeypatch.setattr(measure, "_face", lambda px, bold, basic=False: Refusing())
    assert measure.advance(text, 30) == len(text) * 30 * 0.64
    measure.advance.cache_clear()
