"""One evidence pipeline: for every slide of the sample briefing, and for views filtered by
focus-group-only values (Group 3, with and without Age 65+), the presentation, the PNG (its laid
out slide), the PDF (text by pdftotext) and the PowerPoint (text and chart values by python-pptx)
carry the same numbers, captions and quotes, and the numbers equal `python -m explorer table`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest

from explorer.core import dimension_filters as dim_filters
from explorer.core.briefing import model as bm
from explorer.core.briefing.store import load_briefing
from explorer.core.filter_state import FilterState, with_value
from explorer.core.survey.formatting import format_percent
from tests.conftest import SAMPLE_DIR

SURVEY = SAMPLE_DIR / "london_survey.sav"
QUAL = SAMPLE_DIR / "london_focus_groups.qdpx"
pytestmark = pytest.mark.slow


def _norm(text: str) -> str:
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl").replace("\ufb00", "ff")
    text = text.replace("\ufb03", "ffi").replace("\ufb04", "ffl")
    return re.sub(r"\s+", " ", text).strip()


def _extra_slides(session) -> list[bm.Slide]:
    group3 = with_value(FilterState(), "qual:Group", "group 3")
    old_group3 = with_value(group3, "age_band", "65+")
    return [
        bm.make_slide(
            "Group 3 and 65+, no pinned quotes",
            view=bm.view_from_state(old_group3, ["q_trust_met"], layout="chart+quotes"),
        ),
        bm.make_slide(
            "Group 3 only, by age",
            view=bm.view_from_state(group3, ["q_tech_lfr"], "age_band", "chart+quotes"),
        ),
        bm.make_slide(
            "Group 3 as a table", view=bm.view_from_state(group3, ["q_tough"], layout="table")
        ),
    ]


@pytest.fixture(scope="module")
def made(tmp_path_factory, qapp):
    from pptx import Presentation

    from explorer.core.export.pptx import export_briefing_pptx
    from explorer.core.export.provenance import provenance_for
    from explorer.core.session import load_session
    from explorer.core.slides.content import build_deck
    from explorer.ui.export_render import save_pdf

    session = load_session(SURVEY, QUAL)
    briefing = load_briefing(SAMPLE_DIR / "london.briefing.json")
    for slide in _extra_slides(session):
        briefing = bm.add_slide(briefing, slide)
    contents = build_deck(briefing, session)
    out = tmp_path_factory.mktemp("pipeline")
    log = out / "export-log.jsonl"
    provenance = provenance_for(marking=briefing.marking, survey=session.survey)
    export_briefing_pptx(contents, out / "b.pptx", provenance, log_path=log)
    save_pdf(contents, out / "b.pdf", briefing.title)
    return session, briefing, contents, Presentation(str(out / "b.pptx")), out / "b.pdf"


def _pptx_text(slide) -> str:
    return _norm(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))


def _pdf_pages(path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [_norm(page) for page in text.split("\f")[:-1]]


def test_presentation_shows_the_export_content(made) -> None:
    from explorer.ui.presentation.deck import Deck

    session, briefing, contents, _, _ = made
    deck = Deck(briefing, session)
    for i, content in enumerate(contents):
        assert deck.content(i) == content


def test_pdf_png_and_pptx_carry_the_same_captions_and_quotes(made) -> None:
    from explorer.ui.presentation.slide_renderer import layout_slide

    _, briefing, contents, prs, pdf = made
    pages = _pdf_pages(pdf)
    assert len(pages) == len(prs.slides) == len(contents) == len(briefing.slides)
    for content, page, slide in zip(contents, pages, prs.slides):
        png = [item.text for item in layout_slide(content).texts]
        pptx = _pptx_text(slide)
        for line in content.caption_lines:
            assert line in png, (content.number, line)
            assert _norm(line) in page, (content.number, line)
            assert _norm(line) in pptx, (content.number, line)
        assert content.quotes or not content.shows_quotes or content.no_quotes_text in pptx
        for text, who in content.quotes:
            assert f"“{text.strip()}”" in png, (content.number, text)
            for where in (page, pptx):
                assert _norm(text) in where, (content.number, text)
                assert _norm(who) in where, (content.number, who)


def test_a_chart_and_quotes_slide_without_pins_shows_the_same_quotes_everywhere(made) -> None:
    _, _, contents, prs, pdf = made
    pages = _pdf_pages(pdf)
    index = next(i for i, c in enumerate(contents) if c.title.startswith("Group 3 and 65+"))
    content = contents[index]
    assert not content.quotes_pinned and 1 <= len(content.quotes) <= 3
    assert "No quotes pinned" not in _pptx_text(prs.slides[index])
    for text, _ in content.quotes:
        assert _norm(text) in pages[index] and _norm(text) in _pptx_text(prs.slides[index])
    # Group 3 is a focus-group attribute: it filters the quotes, not the survey's base.
    assert "Group 3" not in content.survey_lines[0] and "Age 65+" in content.survey_lines[0]
    assert "Group 3" in content.quotes_line and "Group 3" in content.not_applied
    assert all("Group 3" in who for _, who in content.quotes)


def test_numbers_on_every_output_equal_explorer_table(made) -> None:
    from explorer.ui.presentation.slide_renderer import layout_slide

    session, briefing, contents, prs, pdf = made
    pages = _pdf_pages(pdf)
    checked = 0
    for slide, content, page, shown in zip(briefing.slides, contents, pages, prs.slides):
        if not content.tables:
            continue
        table = content.tables[0]
        state = slide.view.filter_state
        args = [sys.executable, "-m", "explorer", "table", str(SURVEY), "-q", table.question]
        if table.by:
            args += ["--by", table.by]
        filters = dim_filters.survey_filters(state, session.dimensions)
        for variable, codes in filters.items():
            args += ["--filter", f"{variable}=" + ",".join(f"{c:g}" for c in codes)]
        whole = json.loads(subprocess.run(args + ["--format", "json"], **_RUN).stdout)
        # The content keeps every column for the table exports; the slide shows the ones that fit.
        assert [c["unweighted_base"] for c in whole["columns"]] == [
            c.unweighted_base for c in content.full_tables[0].columns
        ]
        cli = _selection(whole, table)
        assert [c["unweighted_base"] for c in cli["columns"]] == [
            c.unweighted_base for c in table.columns
        ]
        for row, cli_row in zip(table.rows, cli["rows"]):
            for cell, cli_cell in zip(row.cells, cli_row["cells"]):
                assert cell.suppressed == cli_cell["suppressed"]
                if cell.percent is None:
                    assert cli_cell["percent"] is None
                else:
                    assert cell.percent == pytest.approx(cli_cell["percent"], abs=1e-9)
        # The PowerPoint's native chart of this question (the first on the slide) holds the same
        # values as `explorer table`: no value where a cell is hidden, and a hidden segment's
        # place in a stacked row ("[c]" series) only the share of 100% the shown ones leave.
        charts = [s.chart for s in shown.shapes if s.has_chart]
        if content.layout != "table":
            assert charts, content.number
            _chart_equals_cli(charts[0], cli)
        # Every percentage the PNG's bars are drawn at is a cell of the table(s) here.
        cells = {
            (t.question, row.label): [c.percent for c in row.cells]
            for t in content.tables
            for row in t.rows
        }
        for bar in layout_slide(content).bars:
            question, _, answer = bar.key
            if bar.value is not None and (question, answer) in cells:
                assert bar.value in cells[(question, answer)]
        # Every "NN%" figure the PDF page prints outside the title, takeaway and quotes is one
        # of the tables' displayed figures.
        shown_text = page
        for words in (content.title, content.takeaway, *(q.text for q in content.quotes)):
            shown_text = shown_text.replace(_norm(words), " ")
        displayed = {
            format_percent(c.percent)
            for t in content.tables
            for r in t.rows
            for c in r.cells
            if c.percent is not None and not c.suppressed
        }
        for figure in re.findall(r"(?<![\d.])(\d+)%", shown_text):
            assert figure in displayed, (content.number, figure)
        checked += 1
    assert checked >= 10


def test_window_captions_use_the_same_words(made) -> None:
    from explorer.ui.charts.bar_chart import footer_text

    _, _, contents, _, _ = made
    for content in contents:
        for table in content.tables[:1]:
            if not table.by:
                assert footer_text(table).splitlines()[0] == content.survey_lines[0].split(". ")[0]


def _same(got, want) -> bool:
    return got is None and want is None or (None not in (got, want) and abs(got - want) < 1e-9)


def _selection(cli, table):
    """`explorer table`'s JSON narrowed to the columns and rows a slide's table shows."""
    keys = {_key(c.key) for c in table.columns}
    columns = [j for j, c in enumerate(cli["columns"]) if _key(c["key"]) in keys]
    labels = {row.label for row in table.rows}
    rows = [
        dict(r, cells=[r["cells"][j] for j in columns]) for r in cli["rows"] if r["label"] in labels
    ]
    return dict(cli, columns=[cli["columns"][j] for j in columns], rows=rows)


def _key(key) -> str:
    return key if isinstance(key, str) else f"{float(key):g}"


def _chart_equals_cli(chart, cli) -> None:
    """The chart's values are `explorer table`'s figures: each answer's series holds the shown
    percents and nothing where a cell is hidden; a "[c]" series right after an answer holds, only
    where that answer is hidden, an equal share of what the row's shown figures leave of 100%."""
    plot = chart.plots[0]

    def shown(cell):
        return None if cell["suppressed"] else cell["percent"]

    if len(plot.series) == 1 and plot.series[0].name == "All respondents":  # bars
        assert not cli["by"]  # a breakdown is drawn as stacked rows
        rows = [r for r in cli["rows"] if r["kind"] != "score"]
        assert list(plot.categories) == [r["label"] for r in rows]
        got = list(plot.series[0].values)
        assert all(_same(g, shown(r["cells"][0])) for g, r in zip(got, rows, strict=True)), got
        return
    codes = [r for r in cli["rows"] if r["kind"] == "code"]
    assert [s.name for s in plot.series if s.name != "[c]"] == [r["label"] for r in codes]
    # A breakdown: All respondents, then each group; questions sharing a scale: this one first.
    columns = list(range(len(cli["columns"]))) if cli["by"] else [0]
    if cli["by"]:
        assert list(plot.categories) == ["All respondents"] + [
            c["label"] for c in cli["columns"][1:]
        ]
    last = None
    for series in plot.series:
        values = list(series.values)
        if series.name != "[c]":
            last = next(r for r in codes if r["label"] == series.name)
            for k, j in enumerate(columns):
                assert _same(values[k], shown(last["cells"][j])), (series.name, values)
            continue
        assert last is not None  # a gap series follows the answer whose cells it stands for
        for k, j in enumerate(columns):
            row = [r["cells"][j] for r in codes]
            if not last["cells"][j]["suppressed"]:
                assert values[k] is None
                continue
            left = 100.0 - sum(c["percent"] for c in row if shown(c) is not None)
            hidden = sum(c["suppressed"] for c in row)
            assert values[k] == pytest.approx(max(left, 0.0) / hidden)


_RUN = {"capture_output": True, "text": True, "check": True, "timeout": 120}


def test_a_zero_base_says_so_and_draws_no_bars(made, tmp_path) -> None:
    from explorer.core.export.pptx import export_briefing_pptx
    from explorer.core.export.provenance import provenance_for
    from explorer.core.filter_state import with_cross
    from explorer.core.slides.content import build_content
    from explorer.ui.presentation.slide_renderer import layout_slide

    session = made[0]
    nobody = with_cross(with_value(FilterState(), "age_band", "65+"), "age_band", [1.0])
    slide = bm.make_slide("Nobody", view=bm.view_from_state(nobody, ["q_trust_met"]))
    content = build_content(bm.Briefing(slides=(slide,)), 0, session)
    assert content.tables[0].columns[0].unweighted_base == 0
    assert "No respondents match this filter" in content.survey_lines[0]
    assert "low base" not in content.survey_lines[0].lower()
    layout = layout_slide(content)
    assert not layout.bars and "[c]" not in " ".join(t.text for t in layout.texts)
    export_briefing_pptx([content], tmp_path / "z.pptx", provenance_for(), log_path=tmp_path / "l")
    from pptx import Presentation

    slide_out = Presentation(str(tmp_path / "z.pptx")).slides[0]
    assert not any(s.has_chart for s in slide_out.shapes)
    assert "No respondents match this filter." in _pptx_text(slide_out)


def test_very_low_and_low_bases_are_told_apart_on_slides_and_pptx(made) -> None:
    _, _, contents, prs, _ = made
    by_vote = next(c for c in contents if c.tables and c.tables[0].by == "vote_intention")
    index = contents.index(by_vote)
    line = by_vote.survey_lines[0]
    very = [c.label for c in by_vote.tables[0].columns if c.unweighted_base < 50]
    low = [c.label for c in by_vote.tables[0].columns if 50 <= c.unweighted_base < 100]
    assert very and low
    assert f"Very low base (under 50), indicative only: {', '.join(very)}" in line
    assert f"Low base (under 100), treat with caution: {', '.join(low)}" in line
    assert _norm(line) in _pptx_text(prs.slides[index])


def test_replaced_filter_keeps_the_pipeline_whole(made) -> None:
    """A live filter in the presentation is one more content built the same way."""
    from explorer.ui.presentation.deck import Deck

    session, briefing, contents, _, _ = made
    deck = Deck(briefing, session)
    state = with_value(briefing.slides[0].view.filter_state, "age_band", "65+")
    deck.set_live_filter(state)
    live = deck.content(0)
    assert live.live and "Age 65+" in live.survey_lines[0]
    assert live.caption_lines[0].startswith("Live view")
    base = live.tables[0].columns[0].unweighted_base
    assert 0 < base < contents[0].tables[0].columns[0].unweighted_base
    assert replace(live, live=False).tables != contents[0].tables
