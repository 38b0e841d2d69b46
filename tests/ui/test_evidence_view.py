"""The evidence matrix in the window, on the bundled sample: its cells show the core's figures,
clicking a cell shows exactly its passages in the quote browser under that cell's filter (the
matrix keeps every column), summaries and row tags land in the briefing (and undo), a matrix or
one row becomes a slide, and the window still fits a 1366×768 laptop."""

from __future__ import annotations

import pytest

from explorer.core.evidence.matrix import build_matrix
from explorer.core.evidence.themes import topic_themes
from explorer.core.filter_state import FilterState
from explorer.core.session import SAMPLE_QUAL, SAMPLE_SURVEY, Session, load_session


@pytest.fixture(scope="module")
def sample() -> Session:
    return load_session(SAMPLE_SURVEY, SAMPLE_QUAL)


@pytest.fixture
def session(sample) -> Session:
    return sample


@pytest.fixture
def evidence(qtbot, window):
    window.controller.tab("evidence")
    window.controller.flush()
    view = window.charts.evidence
    qtbot.waitUntil(lambda: view.matrix is not None, timeout=10000)
    return view


def test_cells_show_the_cores_figures(evidence, sample) -> None:
    m = evidence.matrix
    expected = build_matrix(sample, FilterState(), "age_band", topic_themes(sample))
    assert evidence.table.rowCount() == len(expected.rows) == len(sample.topics.topics)
    assert evidence.table.columnCount() == 6
    assert "not statistically representative" in evidence.note.text()
    for i, row in enumerate(expected.rows):
        for j, cell in enumerate(row.cells):
            text = evidence.table.item(i, j).text()
            assert f"n={cell.survey.unweighted_base}" in text
            assert f"{cell.qual.participants}/{cell.qual.of} people" in text
            assert ("⚑" in text) == cell.qual.narrow
            assert m.rows[i].cells[j].survey == cell.survey


def test_clicking_a_cell_shows_its_passages_and_keeps_the_columns(qtbot, window, evidence) -> None:
    cell = evidence.matrix.rows[0].cells[1]  # live facial recognition × 25–34
    evidence.open_cell(0, 1)
    window.controller.flush()
    state = window.controller.state
    assert state.allowed("age_band") == {cell.group.key}
    assert state.topic == evidence.matrix.rows[0].theme.id
    qtbot.waitUntil(lambda: len(window.quotes.quotes) == cell.qual.passages, timeout=5000)
    assert {q.attributes.get("Age") for q in window.quotes.quotes} == {"25–34"}
    assert evidence.table.columnCount() == 6  # the matrix does not narrow to the clicked group
    assert evidence.table.horizontalHeaderItem(1).text().startswith("▸")
    assert cell.exemplar.text in evidence.box.exemplar.text()


def test_summary_and_tag_are_kept_in_the_briefing(qtbot, window, evidence) -> None:
    evidence.open_cell(1, 0)
    evidence.box.summary.setPlainText("Young people back AI more than their elders.")
    panel = window.briefing_panel
    theme_id = evidence.matrix.rows[1].theme.id
    group = evidence.matrix.groups[0].key
    assert panel.briefing.evidence.summary("age_band", theme_id, group).startswith("Young")
    assert "✎" in evidence.table.item(1, 0).text()
    evidence.box.tag.setCurrentIndex(evidence.box.tag.findData("expands"))
    evidence.box.reason.setText("they say why")
    evidence.box.reason.editingFinished.emit()
    tag = panel.briefing.evidence.tag("age_band", theme_id)
    assert (tag.tag, tag.reason) == ("expands", "they say why")
    assert "+ expands" in evidence.table.verticalHeaderItem(1).text()
    panel.history.undo()
    panel.history.undo()
    assert panel.briefing.evidence.empty


def test_matrix_and_row_become_slides(window, evidence) -> None:
    evidence.add_to_briefing(row=False)
    evidence.table.setCurrentCell(2, 0)
    evidence.add_to_briefing(row=True)
    slides = window.briefing_panel.briefing.slides
    assert [s.view.layout for s in slides] == ["matrix", "matrix"]
    assert slides[0].matrix.by == "age_band" and slides[0].matrix.row is None
    assert slides[1].matrix.row == evidence.matrix.rows[2].theme.id
    assert len(slides[0].matrix.themes) == len(evidence.matrix.rows)


def test_the_window_fits_a_laptop_with_the_matrix_shown(qtbot, window, evidence) -> None:
    window.resize(1366, 768)
    qtbot.wait(200)  # as a screenshot does: let the layout settle, then fit the docks
    window.fit_docks()
    qtbot.wait(200)
    assert window.width() == 1366 and window.height() == 768
    table = evidence.table
    shown = sum(table.columnWidth(j) for j in range(table.columnCount()))
    assert shown <= table.viewport().width()  # every group's column is on screen


def test_codes_as_rows_count_as_the_code_frequencies_do(qtbot, window, evidence, sample) -> None:
    """Rows of codes (the top of the code tree with no topic chosen), counted in people and in
    passages, equal NVivo-style code frequencies by Age (queries.code_frequencies)."""
    from explorer.core.qual.queries import code_frequencies

    evidence.rows.setCurrentIndex(evidence.rows.findText("Codes of the topic"))
    evidence.refresh(window.controller.state, force=True)
    m = evidence.matrix
    project = sample.project
    assert [r.theme.id for r in m.rows] == [g for g, c in project.codes.items() if c.parent is None]
    freq = {(r.code, r.value): r for r in code_frequencies(project, by="Age")}
    evidence.passages.setChecked(True)
    for i, row in enumerate(m.rows):
        for j, cell in enumerate(row.cells):
            (value,) = cell.group.qual_values
            expected = freq[(row.theme.id, value)]
            assert (cell.qual.participants, cell.qual.passages) == (
                expected.participants,
                expected.segments,
            )
            assert f"{expected.segments} passages" in evidence.table.item(i, j).text()


def test_on_large_data_the_matrix_is_computed_off_the_gui_thread(qtbot, window, evidence) -> None:
    """The same matrix whether computed at once or on a worker thread (as on a large survey)."""
    at_once = evidence.matrix
    evidence.thread_threshold = 0
    evidence.refresh(window.controller.state, force=True)
    assert evidence.recompute.threaded
    qtbot.waitUntil(lambda: evidence.matrix is not at_once, timeout=20000)
    assert evidence.matrix == at_once
    assert evidence.table.item(0, 0).text() == cell_text_of(at_once)


def cell_text_of(matrix) -> str:
    from explorer.ui.evidence_view import cell_lines

    return cell_lines(matrix, 0, 0, "participants", False)


def test_showing_a_matrix_slide_opens_the_matrix_by_its_dimension(qtbot, window, evidence) -> None:
    evidence.choose_dimension("ethnic_group")
    assert evidence.dimension().key == "ethnic_group"
    qtbot.waitUntil(lambda: evidence.matrix is not None and evidence.matrix.by == "ethnic_group")
    evidence.add_to_briefing(row=False)
    evidence.choose_dimension("age_band")
    window.controller.tab("chart")
    window.controller.flush()
    window.briefing_panel.show_in_window()
    assert window.controller.view.tab == "evidence"
    assert evidence.dimension().key == "ethnic_group"
    qtbot.waitUntil(lambda: evidence.matrix is not None and evidence.matrix.by == "ethnic_group")
    assert evidence.table.columnCount() == len(evidence.matrix.groups) == 2
