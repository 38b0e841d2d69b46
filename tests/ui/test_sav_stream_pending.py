"""While a large .sav's rest is read, every question of the file is listed (issue 15 part 2):
with a reader held between its two hand-overs, the topic tree and the question picker list every
question pyreadstat's own metadata of the file names (a .sav written here by pyreadstat, its
dichotomy items as one set), the unread ones marked; choosing an unread question (or breaking down
by one) shows "Reading …" and no percentage anywhere; once the file is read the chosen question is
charted, its figures equal to a weighted count made here with numpy from the respondents written
here; a read failing part-way takes the unread entries away with the first hand-over."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
from PySide6.QtWidgets import QApplication, QLabel

from explorer.core.errors import ExplorerError
from explorer.core.survey import sav_stream
from explorer.ui import export_actions
from explorer.ui.reading_marks import READING
from explorer.ui.topic_navigator import ALL, NAME
from tests.ui.clicks import click_item
from tests.ui.test_sav_stream_window import _first_then_crash, _start_up
from tests.ui.test_sav_stream_window import streamed as streamed  # the held reader

SHOTS = os.environ.get("EXPLORER_STREAM_SHOTS")  # a folder: screenshots of the reading state
N = 3000
QUESTIONS = [f"q{i:02d}" for i in range(1, 15)]
MEDIA = ["q_media_tv", "q_media_web", "q_media_paper"]
SCALE = {1.0: "Strongly support", 2.0: "Support", 3.0: "Oppose", 4.0: "Strongly oppose"}


def _write(folder: Path) -> tuple[Path, pd.DataFrame]:
    """A tracker-like .sav as pyreadstat writes it: an id, a weight, two profile variables, 14
    labelled questions with "Don't know" (9) user-missing, three dichotomy items, a text and an
    unlabelled number."""
    rng = np.random.default_rng(15)
    frame = pd.DataFrame(
        {
            "resp_id": np.arange(1, N + 1, dtype=float),
            "weight": rng.uniform(0.4, 2.5, N).round(4),
            "age_band": rng.integers(1, 5, N).astype(float),
            "gender": rng.integers(1, 3, N).astype(float),
        }
    )
    for name in QUESTIONS:
        values = rng.choice([1.0, 2.0, 3.0, 4.0, 9.0], N, p=[0.3, 0.25, 0.2, 0.15, 0.1])
        values[rng.random(N) < 0.03] = np.nan
        frame[name] = values
    for name in MEDIA:
        frame[name] = rng.integers(0, 2, N).astype(float)
    frame["notes"] = rng.choice(["", "called back", "none"], N)
    frame["q_rating"] = rng.integers(0, 11, N).astype(float)
    labels = {"resp_id": "Respondent", "weight": "Weight", "age_band": "Age", "gender": "Gender"}
    # no digits in the labels: a figure on screen is then any digit in the chart area
    labels |= {q: f"Support for policy {chr(64 + int(q[1:]))} in your area" for q in QUESTIONS}
    labels |= {m: f"Media used: {m.rsplit('_', 1)[1]}" for m in MEDIA}
    labels |= {"notes": "Interviewer notes", "q_rating": "Rating out of ten"}
    values = {q: {**SCALE, 9.0: "Don't know"} for q in QUESTIONS}
    values |= {m: {1.0: "Selected", 0.0: "Not selected"} for m in MEDIA}
    values |= {"age_band": {1.0: "16-34", 2.0: "35-54", 3.0: "55-64", 4.0: "65+"}}
    values |= {"gender": {1.0: "Man", 2.0: "Woman"}}
    path = folder / "big tracker.sav"
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=[labels[c] for c in frame.columns],
        variable_value_labels=values,
        missing_ranges={q: [9.0] for q in QUESTIONS},
    )
    return path, frame


def _expected(path: Path) -> list[tuple[str, str]]:
    """(name, label) of every question, from pyreadstat's metadata of the file: labelled numbers
    that are not the profile, the weight or the id; the dichotomy items as their set."""
    _e, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    out = []
    for name in meta.column_names:
        if name in MEDIA:
            if name == MEDIA[0]:
                out.append(("q_media_", "Media used"))
            continue
        numeric = meta.readstat_variable_types[name] != "string"
        labelled = name in meta.variable_value_labels
        if numeric and labelled and name not in ("age_band", "gender"):
            out.append((name, meta.column_names_to_labels[name]))
    return out


def _tree(window) -> list[tuple[str, str]]:
    """(name, text) of every question under "All questions" in the topic tree."""
    top = window.topics.topic_item(None)
    assert top.text(0) == ALL
    return [(top.child(i).data(0, NAME), top.child(i).text(0)) for i in range(top.childCount())]


def _box(box) -> list[tuple[str, str]]:
    return [(box.itemData(i), box.itemText(i)) for i in range(box.count()) if box.itemData(i)]


def _open_held(window, qtbot, tmp_path):
    path, frame = _write(tmp_path)
    (tmp_path / "hold").touch()
    before = window.session
    window.open_files(str(path))
    qtbot.waitUntil(lambda: window.session is not before, timeout=60000)
    window.flush()
    return path, frame


def _figures(window) -> list[str]:
    """The texts of the chart area now seen (its labels, the table, what Ctrl+C copies of the
    chart) holding a digit: a figure (the labels and the file name written here have none)."""
    charts = window.charts
    out = [label.text() for label in charts.findChildren(QLabel) if label.isVisible()]
    grid = charts.table_view.grid
    out += [
        grid.item(r, c).text() for r in range(grid.rowCount()) for c in range(grid.columnCount())
    ]
    out.append(charts.current_chart_text())
    return [text for text in out if any(ch.isdigit() for ch in text)]


def _shots(window, folder: Path, what: str) -> None:
    """The window in the reading state, light and dark, at a laptop's and a desktop's size."""
    from explorer.ui import screenshot

    for name in ("light", "dark"):
        window.set_theme(name)
        for size in ((1366, 768), (1920, 1080)):
            window.flush()
            window.topics.topic_item(None).setExpanded(True)  # the tree's unread entries
            screenshot.render(window, folder / f"reading-{what}-{name}-{size[0]}.png", size)
        box = window.charts.question_box  # the picker's list, a window of its own
        box.showPopup()
        QApplication.processEvents()
        box.view().window().grab().save(str(folder / f"reading-picker-{name}.png"))
        box.hidePopup()
    window.set_theme("light")


def test_every_question_is_listed_and_an_unread_one_waits(
    qtbot, window, streamed, tmp_path
) -> None:
    path, frame = _open_held(window, qtbot, tmp_path)
    session = window.session
    assert window.before_preview is not None and window.loader.busy  # the rest is being read
    qtbot.wait(100)  # the data notes set_session shows have had their turn: the reading stays
    assert window.statusBar().currentMessage().startswith("Reading the rest of big tracker.sav")
    read = set(session.survey.columns)
    assert 0 < len(read) < frame.shape[1] / 2
    expected = _expected(path)
    assert len(expected) == 15  # 14 questions and the media set (not the text nor the rating)
    # the tree and the picker list every question of the file in file order
    tree = _tree(window)
    assert [name for name, _ in tree] == [name for name, _ in expected]
    for (name, text), (_n, label) in zip(tree, expected):
        unread = name not in session.survey.variables
        assert text == (label + READING if unread else label), name
    assert [n for n, _ in _box(window.charts.question_box)] == [n for n, _ in expected]
    unread = [n for n, _ in expected if n not in session.survey.variables]
    assert "q10" in unread and "q_media_" in unread and "q01" not in unread
    top = window.topics.topic_item(None)
    item = next(
        top.child(i) for i in range(top.childCount()) if top.child(i).data(0, NAME) == "q10"
    )
    assert "still being read from big tracker.sav" in item.toolTip(0)
    # the breakdown list offers the unread single questions too, marked
    by = dict(_box(window.charts.breakdown))
    assert by["q12"].endswith(READING) and not by["age_band"].endswith(READING)
    # the user clicks an unread question in the tree
    top.setExpanded(True)
    window.topics.scrollToItem(item)
    click_item(qtbot, window.topics, item)
    window.flush()
    charts = window.charts
    assert window.controller.view.question == "q10"
    assert charts.stack.currentWidget() is charts.waiting
    label = session.question_label("q10")
    assert charts.waiting.text().startswith(f"Reading {label}…")
    assert "big tracker.sav" in charts.waiting.text()
    assert charts.question_box.currentText().endswith(READING)
    assert charts.table_view.table is None and not charts.means.isVisible()
    assert _figures(window) == []
    # nor is a slide or an export made of it
    slides = len(window.briefing_panel.briefing.slides)
    window.briefing_panel.add_current_view()
    assert len(window.briefing_panel.briefing.slides) == slides
    with pytest.raises(ExplorerError, match=r"^Support for policy J in your area is still being"):
        export_actions.export_table(window, tmp_path / "table.csv")
    assert not (tmp_path / "table.csv").exists()
    if SHOTS:
        _shots(window, Path(SHOTS), "question")
    # a read question broken down by an unread one waits the same way
    charts.question_box.activated.emit(charts.question_box.findData("q01"))
    window.flush()
    charts.recompute.wait()
    qtbot.waitUntil(lambda: charts.stack.currentWidget() is charts.bar_chart, timeout=10000)
    assert _figures(window)  # q01 is read: its figures are shown
    index = charts.breakdown.findData("q12")
    charts.breakdown.setCurrentIndex(index)
    charts.breakdown.activated.emit(index)
    window.flush()
    assert charts.stack.currentWidget() is charts.waiting
    assert charts.waiting.text().startswith(f"Reading {session.question_label('q12')}…")
    assert _figures(window) == []
    if SHOTS:
        _shots(window, Path(SHOTS), "breakdown")
    # back to the unread q10 alone, then the rest of the file arrives
    charts.breakdown.activated.emit(0)
    item = next(
        top.child(i) for i in range(top.childCount()) if top.child(i).data(0, NAME) == "q10"
    )
    click_item(qtbot, window.topics, item)
    window.flush()
    assert charts.stack.currentWidget() is charts.waiting
    (tmp_path / "release").touch()
    qtbot.waitUntil(lambda: window.before_preview is None, timeout=60000)
    window.flush()
    charts.recompute.wait()
    qtbot.waitUntil(lambda: charts.stack.currentWidget() is not charts.waiting, timeout=10000)
    assert window.controller.view.question == "q10" and window.controller.view.breakdown is None
    assert not any(text.endswith(READING) for _n, text in _tree(window))
    table = charts.bar_chart.table
    assert charts.stack.currentWidget() is charts.bar_chart and table.question == "q10"
    q = frame["q10"].to_numpy()
    w = frame["weight"].to_numpy()
    valid = ~np.isnan(q) & (q != 9)
    total = next(j for j, c in enumerate(table.columns) if c.key == "all")
    checked = 0
    for row in table.rows:
        if row.kind == "code":
            expected_share = 100 * w[valid & (q == row.code)].sum() / w[valid].sum()
            assert row.cells[total].percent == pytest.approx(expected_share)
            checked += 1
    assert checked == 4
    assert table.columns[total].unweighted_base == int(valid.sum())


def test_a_failure_part_way_takes_the_unread_entries_away(
    qtbot, window, streamed, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(sav_stream, "STREAM_CHILD", _first_then_crash)
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    marked: list[int] = []
    window.loader.preview.connect(
        lambda _s: marked.append(sum(t.endswith(READING) for _n, t in _tree(window)))
    )
    path, _frame = _write(tmp_path)
    before = window.session
    window.open_files(str(path))
    qtbot.waitUntil(lambda: bool(errors), timeout=60000)
    assert marked and marked[0] > 5  # the first hand-over listed the unread questions
    assert window.session is before and not window.session.unread()
    assert errors[0].startswith("big tracker.sav: the file is damaged")
    tree, box = _tree(window), _box(window.charts.question_box)
    assert not any(text.endswith(READING) for _n, text in tree + box)
    assert [n for n, _ in tree] == before.questions()


def test_start_up_lists_every_question_then_the_whole_file(qtbot, window, streamed) -> None:
    from explorer.core.session import Session
    from explorer.core.survey.load import load_survey
    from tests.ui.test_sav_stream_window import SAV

    _before, first = _start_up(window, qtbot)
    whole = Session(load_survey(SAV)).questions()
    tree = _tree(window)
    assert [n for n, _ in tree] == whole  # every question, in the whole file's order
    marked = [n for n, text in tree if text.endswith(READING)]
    assert marked == [n for n in whole if n not in first.survey.variables] and len(marked) > 10
    qtbot.waitUntil(lambda: window.before_preview is None, timeout=60000)
    assert [n for n, _ in _tree(window)] == whole
    assert not any(text.endswith(READING) for _n, text in _tree(window))
