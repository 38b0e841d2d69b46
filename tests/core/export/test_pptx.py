"""Tests for the PowerPoint export: one slide per briefing slide, native charts whose values are
compute_table's percents, notes, marking top and bottom, the illustrative notice and sources."""

from __future__ import annotations

import datetime as _dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor

from explorer.core.briefing.model import (
    Briefing,
    PinnedQuote,
    add_slide,
    make_slide,
    view_from_state,
)
from explorer.core.captions import SHORT_NOTICE
from explorer.core.errors import ExplorerError
from explorer.core.export.pptx import export_briefing_pptx
from explorer.core.export.pptx_deck import master_marking
from explorer.core.export.provenance import provenance_for
from explorer.core.filter_state import FilterState, with_cross
from explorer.core.session import Session
from explorer.core.slides.content import build_deck
from explorer.core.survey.tabulate import compute_table
from tests.core.export.fixtures import small_survey


def _briefing() -> Briefing:
    lfr_opposers = with_cross(FilterState(), "q_tech_lfr", [4.0, 5.0])
    slides = [
        make_slide(
            "Support for facial recognition",
            takeaway="More support than oppose",
            notes="Say the base is all adults.",
            view=view_from_state(FilterState(), ["q_tech_lfr"]),
        ),
        make_slide(
            "By age",
            view=view_from_state(FilterState(), ["q_tech_lfr"], "age_band", "chart+quotes"),
            quotes=[PinnedQuote("s", 0, 10, "It depends where.", "Participant 07, woman")],
        ),
        make_slide("Two questions", view=view_from_state(lfr_opposers, ["q_tech_lfr", "label_q"])),
        make_slide(
            "As a table", view=view_from_state(FilterState(), ["q_tech_lfr"], layout="table")
        ),
        make_slide("Voices", view=view_from_state(FilterState(), [], layout="quotes")),
    ]
    briefing = Briefing(title="LFR", marking="OFFICIAL-SENSITIVE")
    for slide in slides:
        briefing = add_slide(briefing, slide)
    return briefing


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def _charts(slide):
    return [s.chart for s in slide.shapes if s.has_chart]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    survey = small_survey()
    briefing = _briefing()
    path = tmp_path_factory.mktemp("pptx") / "b.pptx"
    _write(briefing, path, survey)
    return survey, briefing, path, Presentation(str(path))


def _write(briefing, path, survey) -> None:
    contents = build_deck(briefing, Session(survey))
    provenance = provenance_for(marking=briefing.marking, survey=survey, title=briefing.title)
    export_briefing_pptx(contents, path, provenance, author="Test Author")


def test_one_slide_per_briefing_slide_with_titles(written) -> None:
    _, briefing, _, prs = written
    assert len(prs.slides) == len(briefing.slides)
    assert [s.shapes.title.text for s in prs.slides] == [s.title for s in briefing.slides]


def test_chart_is_native_and_values_equal_compute_table(written) -> None:
    survey, briefing, _, prs = written
    charts = _charts(prs.slides[0])
    assert len(charts) == 1
    table = compute_table(survey, "q_tech_lfr")
    series = charts[0].plots[0].series
    assert len(series) == 1
    # The same bars as the PDF: answers, then nets (orange); a hidden cell is an empty point.
    rows = [r for r in table.rows if r.kind != "score"]
    expected = [None if r.cells[0].suppressed else r.cells[0].percent for r in rows]
    assert list(series[0].values) == pytest.approx(expected)
    # Independent check of one value: weighted share answering "Strongly support".
    w, v = survey.weights(), survey.values("q_tech_lfr")
    assert series[0].values[0] == pytest.approx(100 * w[v == 1].sum() / w.sum())
    assert list(charts[0].plots[0].categories) == [r.label for r in rows]
    assert "Support (net)" in list(charts[0].plots[0].categories)


def test_bars_carry_their_95_percent_intervals_as_error_bars(written) -> None:
    survey, _, _, prs = written
    chart = _charts(prs.slides[0])[0]
    table = compute_table(survey, "q_tech_lfr")
    rows = [r for r in table.rows if r.kind != "score"]
    xml = chart._chartSpace.xml
    plus = [
        float(v)
        for v in re.findall(r"<c:plus>.*?</c:plus>", xml, re.S)[0].split("<c:v>")[1:]
        for v in [v.split("<")[0]]
    ]
    minus = [
        float(v.split("<")[0])
        for v in re.findall(r"<c:minus>.*?</c:minus>", xml, re.S)[0].split("<c:v>")[1:]
    ]
    for row, up, down in zip(rows, plus, minus):
        cell = row.cells[0]
        assert up == pytest.approx(cell.ci_high - cell.percent, abs=1e-3)
        assert down == pytest.approx(cell.percent - cell.ci_low, abs=1e-3)


def test_breakdown_is_stacked_rows_with_all_respondents_first(written) -> None:
    survey, _, _, prs = written
    chart = _charts(prs.slides[1])[0]
    table = compute_table(survey, "q_tech_lfr", by="age_band")
    codes = [r for r in table.rows if r.kind == "code"]
    # Rows: All respondents then each group; segments (and the legend): the answers in order.
    assert list(chart.plots[0].categories) == ["All respondents", "18–24", "25–34", "35+"]
    assert [s.name for s in chart.plots[0].series] == [r.label for r in codes]
    for series, row in zip(chart.plots[0].series, codes):
        for j, value in enumerate(series.values):
            cell = row.cells[j]
            if not cell.suppressed:
                assert value == pytest.approx(cell.percent)
    # The app's palette: the first answer in the app's blue.
    assert chart.plots[0].series[0].format.fill.fore_color.rgb == RGBColor(0x00, 0x72, 0xB2)
    assert any(
        "It depends where." in t and "Participant 07, woman" in t for t in _texts(prs.slides[1])
    )


def test_small_multiples_use_the_filter(written) -> None:
    survey, briefing, _, prs = written
    charts = _charts(prs.slides[2])
    assert len(charts) == 2
    v = survey.values("q_tech_lfr")
    keep = np.isin(v, [4, 5])
    table = compute_table(survey, "label_q", mask=keep)
    # A second question with its own answers: stacked, one row (All respondents).
    values = [s.values[0] for s in charts[1].plots[0].series]
    assert values == pytest.approx([r.cells[0].percent for r in table.rows if r.kind == "code"])
    assert table.columns[0].unweighted_base == int(keep.sum())
    caption = next(t for t in _texts(prs.slides[2]) if t.startswith("Base:"))
    assert "Strongly oppose" in caption and f"unweighted n = {int(keep.sum())}" in caption
    contents = build_deck(briefing, Session(survey))
    assert contents[2].tables[1].columns[0].unweighted_base == int(keep.sum())


def test_marking_is_on_the_master_so_added_slides_are_marked(written, tmp_path) -> None:
    _, briefing, path, prs = written
    assert master_marking(prs) == ["OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"]
    for box in (s for s in prs.slide_master.shapes if s.name.startswith("Marking")):
        # the PDF's band: white bold capitals on near-black, across the slide's full width
        assert box.fill.fore_color.rgb == RGBColor(0x1A, 0x1A, 0x1A)
        run = box.text_frame.paragraphs[0].runs[0]
        assert run.font.color.rgb == RGBColor(0xFF, 0xFF, 0xFF) and run.font.bold
        assert box.left == 0 and box.width == prs.slide_width
    # A slide added later (as in PowerPoint) on any layout inherits the master's marking.
    added = prs.slides.add_slide(prs.slide_layouts[6])
    layout = added.slide_layout
    assert layout.slide_master is prs.slide_master
    assert layout._element.get("showMasterSp") in (None, "1")
    for slide in prs.slides:
        texts = _texts(slide)
        caption = "\n".join(texts)
        if slide is added:
            continue
        assert SHORT_NOTICE in caption
        assert "Data: small.sav" in caption
    assert prs.slides[0].notes_slide.notes_text_frame.text == "Say the base is all adults."
    assert not prs.slides[1].has_notes_slide


def test_core_properties_are_set_at_export(written) -> None:
    _, briefing, _, prs = written
    props = prs.core_properties
    assert props.title == "LFR"  # the provenance's title
    assert props.subject == props.keywords == "OFFICIAL-SENSITIVE"
    assert props.author == "Test Author" and props.author != "Steve Canny"
    assert abs((props.created - _dt.datetime.utcnow()).total_seconds()) < 3600
    assert props.modified == props.created
    assert "fewer than 10 respondents" in props.comments


def test_size_is_widescreen_and_typed_so(written) -> None:
    _, _, _, prs = written
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    size = re.search(r"<p:sldSz[^>]*>", prs.part.blob.decode()).group(0)
    assert "screen4x3" not in size and "type=" not in size
    # The master's title placeholder spans the wide slide, not the old 4:3 width.
    title = next(s for s in prs.slide_master.placeholders if s.placeholder_format.idx == 0)
    assert title.left + title.width > 0.85 * prs.slide_width


def test_every_chart_and_table_has_alt_text_and_no_text_is_under_14_pt(written) -> None:
    _, _, path, prs = written
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart or shape.has_table or shape.shape_type == 13:  # 13: picture
                descr = shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
                assert descr and len(descr) > 20, shape.name
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith(".xml") and ("slides/" in name or "charts/" in name):
                sizes = [int(v) for v in re.findall(rb'\bsz="(\d+)"', package.read(name))]
                assert all(size >= 1400 for size in sizes), (name, min(sizes))
                # and nothing that lets PowerPoint or LibreOffice shrink text to fit its box
                assert b"normAutofit" not in package.read(name), name
            if name.endswith(".xml") and ("slideMasters/" in name or "slideLayouts/" in name):
                assert b"normAutofit" not in package.read(name), name
            if "slideMasters/" in name and name.endswith(".xml"):
                text = package.read(name).decode()
                assert "OFFICIAL-SENSITIVE" in text


def test_hidden_cells_are_marked_and_their_values_are_nowhere_in_the_file(tmp_path) -> None:
    from explorer.core.survey.table import TableOptions

    survey = small_survey()
    options = TableOptions(suppress_below=40)  # hides some cells of the small sample
    briefing = add_slide(
        Briefing(title="Hidden"),
        make_slide("By age", view=view_from_state(FilterState(), ["q_tech_lfr"], "age_band")),
    )
    path = tmp_path / "h.pptx"
    session = Session(survey, options=options)
    provenance = provenance_for(marking=briefing.marking, survey=survey, options=options)
    export_briefing_pptx(build_deck(briefing, session), path, provenance, author="A")
    table = compute_table(survey, "q_tech_lfr", by="age_band", options=options)
    open_table = compute_table(
        survey, "q_tech_lfr", by="age_band", options=TableOptions(suppress_below=0)
    )
    hidden = [
        (i, j)
        for i, row in enumerate(table.rows)
        if row.kind == "code"
        for j, cell in enumerate(row.cells)
        if cell.suppressed
    ]
    assert hidden
    chart = _charts(Presentation(str(path)).slides[0])[0]
    xml = chart._chartSpace.xml
    assert xml.count("<a:t>[c]</a:t>") >= len(hidden)
    # No hidden value, to the figures shown, in the chart or its embedded workbook.
    with zipfile.ZipFile(path) as package:
        blobs = b"".join(package.read(n) for n in package.namelist() if "embeddings" in n)
    workbooks = [openpyxl_values(blobs)] if blobs else []
    for i, j in hidden:
        true = open_table.rows[i].cells[j].percent
        assert f"<c:v>{true}</c:v>" not in xml
        for values in workbooks:
            assert all(abs(v - true) > 1e-9 for v in values)
    assert "fewer than 40 respondents" in "\n".join(_texts(Presentation(str(path)).slides[0]))


def openpyxl_values(blob: bytes) -> list[float]:
    """Every number in the embedded workbooks (read as XML: the sheets' <v> values)."""
    import io

    out = []
    with zipfile.ZipFile(io.BytesIO(blob)) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/"):
                for v in re.findall(rb"<v>([^<]*)</v>", book.read(name)):
                    if re.fullmatch(rb"-?[0-9.]+(E-?[0-9]+)?", v):
                        out.append(float(v))
    return out


def test_table_layout_is_a_native_table(written) -> None:
    _, _, _, prs = written
    tables = [s for s in prs.slides[3].shapes if s.has_table]
    assert len(tables) == 1 and not _charts(prs.slides[3])
    assert not _charts(prs.slides[4])


def test_missing_question_is_said_on_the_slide(tmp_path: Path) -> None:
    briefing = add_slide(
        Briefing(), make_slide("Gone", view=view_from_state(FilterState(), ["q_nope"]))
    )
    _write(briefing, tmp_path / "x.pptx", small_survey())
    texts = _texts(Presentation(str(tmp_path / "x.pptx")).slides[0])
    assert "The survey has no question 'q_nope', which this slide charts." in texts


def test_no_slides_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExplorerError, match="no slides"):
        export_briefing_pptx([], tmp_path / "x.pptx", provenance_for())
    assert not (tmp_path / "x.pptx").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_one_page_per_slide(written, tmp_path: Path) -> None:
    _, briefing, path, _ = written
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = (tmp_path / "b.pdf").read_bytes()
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == len(briefing.slides)


def test_stacked_legend_names_answers_in_order_and_c_once_and_gaps_follow_their_answer(
    tmp_path,
) -> None:
    from explorer.core.export.pptx_chart import GAP
    from explorer.core.survey.table import TableOptions

    survey = small_survey()
    options = TableOptions(suppress_below=40)
    briefing = add_slide(
        Briefing(title="Hidden"),
        make_slide("By age", view=view_from_state(FilterState(), ["q_tech_lfr"], "age_band")),
    )
    path = tmp_path / "g.pptx"
    contents = build_deck(briefing, Session(survey, options=options))
    export_briefing_pptx(contents, path, provenance_for(options=options), author="A")
    slide = Presentation(str(path)).slides[0]
    table = compute_table(survey, "q_tech_lfr", by="age_band", options=options)
    codes = [r for r in table.rows if r.kind == "code"]
    legend = [s.text_frame.text for s in slide.shapes if s.name.startswith("Legend: ")]
    assert legend == [r.label for r in codes] + ["[c] hidden"]
    chart = _charts(slide)[0]
    assert not chart.has_legend
    series = list(chart.plots[0].series)
    answer = None
    gaps = 0
    for s in series:
        if s.name != GAP:
            answer = next(i for i, r in enumerate(codes) if r.label == s.name)
            continue
        gaps += 1
        for j, value in enumerate(s.values):  # a gap stands only where its answer is hidden
            assert (value is not None) == codes[answer].cells[j].suppressed
    assert gaps == sum(any(c.suppressed for c in r.cells) for r in codes) > 0
    # Only the hatched gaps are outlined dark: "Neither", drawn in the same grey, is not.
    dark = RGBColor(0x33, 0x33, 0x33)
    assert all(s.format.line.color.rgb != dark for s in series if s.name != GAP)
    assert all(s.format.line.color.rgb == dark for s in series if s.name == GAP)


def test_a_hidden_bar_is_an_empty_point_drawn_at_zero_with_its_c_label(tmp_path) -> None:
    from explorer.core.survey.table import TableOptions

    survey = small_survey()
    options = TableOptions(suppress_below=60)
    briefing = add_slide(
        Briefing(title="Bars"),
        make_slide("All", view=view_from_state(FilterState(), ["q_tech_lfr"])),
    )
    path = tmp_path / "b.pptx"
    contents = build_deck(briefing, Session(survey, options=options))
    export_briefing_pptx(contents, path, provenance_for(options=options), author="A")
    chart = _charts(Presentation(str(path)).slides[0])[0]
    table = compute_table(survey, "q_tech_lfr", options=options)
    rows = [r for r in table.rows if r.kind != "score"]
    hidden = [i for i, r in enumerate(rows) if r.cells[0].suppressed]
    assert hidden
    values = list(chart.plots[0].series[0].values)
    assert all(values[i] is None for i in hidden)  # no number for it in the chart's data
    xml = chart._chartSpace.xml
    # Blanks plotted at zero, so LibreOffice (as PowerPoint) shows the empty point's label.
    assert '<c:dispBlanksAs val="zero"/>' in xml
    for i in hidden:
        label = re.search(rf'<c:dLbl>\s*<c:idx val="{i}"/>.*?</c:dLbl>', xml, re.S).group(0)
        assert "<a:t>[c]</a:t>" in label


def test_every_panel_the_content_holds_is_drawn(tmp_path) -> None:
    from explorer.core.export.chart_panels import panels_for

    survey = small_survey()
    questions = ["q_tech_lfr", "label_q", "age_band"]
    briefing = add_slide(
        Briefing(title="Many"),
        make_slide("Three by age", view=view_from_state(FilterState(), questions, "age_band")),
    )
    contents = build_deck(briefing, Session(survey))
    path = tmp_path / "m.pptx"
    export_briefing_pptx(contents, path, provenance_for(), author="A")
    slide = Presentation(str(path)).slides[0]
    panels = panels_for(contents[0].tables, contents[0].multi)
    assert len(panels) == 3
    assert len(_charts(slide)) == len(panels)  # the PowerPoint selects nothing of its own
    assert not any("Not shown here" in t for t in _texts(slide))
    bottoms = [s.top + s.height for s in slide.shapes if s.has_chart]
    caption = next(s for s in slide.shapes if s.has_text_frame and "Data:" in s.text_frame.text)
    assert max(bottoms) <= caption.top  # and none runs into the captions


def test_a_long_title_and_takeaway_push_the_body_down_instead_of_overlapping(tmp_path) -> None:
    title = "A title long enough to wrap onto a second and then a third line " * 2
    takeaway = "A takeaway that says a great deal about what the chart shows, at length. " * 2
    briefing = add_slide(
        Briefing(title="Long"),
        make_slide(
            title.strip(), takeaway=takeaway, view=view_from_state(FilterState(), ["q_tech_lfr"])
        ),
    )
    path = tmp_path / "t.pptx"
    export_briefing_pptx(build_deck(briefing, Session(small_survey())), path, provenance_for())
    slide = Presentation(str(path)).slides[0]
    head = slide.shapes.title
    words = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text == takeaway)
    chart = next(s for s in slide.shapes if s.has_chart)
    caption = next(s for s in slide.shapes if s.has_text_frame and "Data:" in s.text_frame.text)
    inch = 914400

    def least_height(shape, text: str, bold: bool) -> float:
        """The EMU `text` needs in `shape` at its size: wrapped greedily at spaces with the
        bundled font's own widths (Pillow), lines 1.1 em apart."""
        from PIL import ImageFont

        from explorer.core.slides.measure import FONT_DIR

        size = shape.text_frame.paragraphs[0].runs[0].font.size.pt
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        font = ImageFont.truetype(str(FONT_DIR / name), round(size * 10))
        room, used, lines = shape.width / inch * 720, 0.0, 1
        for word in text.split():
            w = font.getlength(word)
            step = (font.getlength(" ") if used else 0.0) + w
            if used and used + step > room:
                lines, used = lines + 1, w
            else:
                used += step
        return lines * 1.1 * size / 72 * inch

    assert head.text_frame.paragraphs[0].runs[0].font.size.pt >= 20
    assert head.height >= least_height(head, title.strip(), True)
    assert head.top + head.height <= words.top
    assert words.height >= least_height(words, takeaway, False)
    assert words.top + words.height <= chart.top
    assert chart.top + chart.height <= caption.top


def test_questions_sharing_a_scale_have_their_labels_in_full_above_their_own_bars(
    tmp_path,
) -> None:
    from tests.ui.small_data import small_survey as two_scales

    survey = two_scales()
    questions = ["q_tech_lfr", "q_tech_cctv"]
    briefing = add_slide(
        Briefing(title="Shared"),
        make_slide("Two on one scale", view=view_from_state(FilterState(), questions)),
    )
    path = tmp_path / "s.pptx"
    export_briefing_pptx(build_deck(briefing, Session(survey)), path, provenance_for())
    slide = Presentation(str(path)).slides[0]
    charts = [s for s in slide.shapes if s.has_chart]
    assert len(charts) == len(questions)  # one bar each, as on the PDF
    for shape, question in zip(charts, questions):
        table = compute_table(survey, question)
        label = next(
            s for s in slide.shapes if s.has_text_frame and s.text_frame.text == table.label
        )
        assert label.top + label.height <= shape.top  # the label in full, above its bar
        assert shape.top - (label.top + label.height) < 914400 * 0.1
        chart = shape.chart
        codes = [r for r in table.rows if r.kind == "code"]
        assert [s.name for s in chart.plots[0].series] == [r.label for r in codes]
        got = [s.values[0] for s in chart.plots[0].series]
        assert got == pytest.approx([r.cells[0].percent for r in codes])
        assert not chart.category_axis.visible  # no axis label beside the bar
        assert shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
    legend = [s.text_frame.text for s in slide.shapes if s.name.startswith("Legend: ")]
    assert legend == [r.label for r in table.rows if r.kind == "code"]  # once, for both


def test_answer_and_question_labels_with_control_characters_make_a_valid_file(tmp_path) -> None:
    from dataclasses import replace

    from tests.ui.small_data import small_survey as two_scales

    survey = two_scales()
    nasty = "Bad\x00\x0b label \ud800 <&> " + "x" * 50
    for name in ("q_tech_lfr", "q_tech_cctv"):
        var = survey.variables[name]
        codes = tuple((code, nasty + label) for code, label in var.value_labels)
        survey.variables[name] = replace(var, label=nasty, value_labels=codes)
    briefing = add_slide(
        Briefing(title="Nasty"),
        make_slide("N", view=view_from_state(FilterState(), ["q_tech_lfr", "q_tech_cctv"])),
    )
    path = tmp_path / "n.pptx"
    export_briefing_pptx(build_deck(briefing, Session(survey)), path, provenance_for())
    slide = Presentation(str(path)).slides[0]
    names = [s.name for s in slide.shapes]
    assert any(n.startswith("Legend: Bad") for n in names)
    assert not any("\x00" in n or "\x0b" in n for n in names)
