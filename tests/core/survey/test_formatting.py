"""Display rules (half-up rounding, "*", "–", "[c]") and the text and CSV renderings of a Table."""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.core.survey.formatting import (
    format_cell,
    format_count,
    format_percent,
    format_score,
    render_csv,
    render_text,
)
from explorer.core.survey.model import Kind, Net, SourceInfo, Survey, Variable
from explorer.core.survey.table import Cell, TableOptions
from explorer.core.survey.tabulate import compute_table


@pytest.mark.parametrize("value", [0.5, 1.5, 2.5, 3.5, 10.5, 99.5])
def test_halves_round_up_not_to_even(value) -> None:
    assert format_percent(value) == str(int(value) + 1)


def test_marks_for_zero_small_and_hidden() -> None:
    assert format_percent(0.0) == "–"
    assert format_percent(0.0001) == "*"
    assert format_percent(0.4999) == "*"
    assert format_percent(None) == "[c]"
    assert format_percent(42.0, suppressed=True) == "[c]"
    assert format_percent(0.04, decimals=1) == "*"
    assert format_percent(0.05, decimals=1) == "0.1"
    assert format_percent(12.25, decimals=1) == "12.3"


@given(st.floats(min_value=0.5, max_value=100, allow_nan=False))
def test_shown_value_is_within_half_a_point(value) -> None:
    shown = format_percent(value)
    assert abs(float(shown) - value) <= 0.5 + 1e-9
    expected = Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert shown == str(expected)


def test_scores_are_signed() -> None:
    assert format_score(12.5) == "+13"
    assert format_score(-12.5) == "-13"
    assert format_score(0.2) == "0"
    assert format_score(None) == "[c]"


def test_cells_and_counts() -> None:
    assert format_cell(Cell(None, None, None, 0, 0.0)) == "n/a"
    assert format_cell(Cell(None, None, None, 3, 3.0, suppressed=True)) == "[c]"
    assert format_cell(Cell(-4.0, None, None, 9, 9.0), "score") == "-4"
    assert format_count(1234.5) == "1,235"


def _table(
    illustrative: bool = True, options: TableOptions | None = None, show_empty: bool = False
):
    rng = np.random.default_rng(8)
    n = 600
    by = rng.choice([1.0, 2.0], n)
    q = np.where(by == 1, rng.choice([1.0, 2.0], n, p=[0.7, 0.3]), rng.choice([1.0, 2.0], n))
    q[:4] = 3.0  # four "Don't know": a suppressed cell
    frame = pd.DataFrame({"q": q, "by": by, "w": rng.uniform(0.5, 2, n)})
    variables = {
        "q": Variable(
            "q",
            "Trust the police",
            Kind.SCALE,
            ((1.0, "Trust"), (2.0, "Distrust"), (3.0, "Don't know"), (4.0, "Never asked")),
            nets=(Net("t", "Trust (net)", (1.0,)), Net("d", "Distrust (net)", (2.0,))),
            net_scores=(("t", "Net trust", "t", "d"),),
        ),
        "by": Variable("by", "Area", Kind.NOMINAL, ((1.0, "Inner"), (2.0, "Outer"))),
        "w": Variable("w", "Weight", Kind.WEIGHT),
    }
    survey = Survey.from_frame(
        frame, variables, SourceInfo("t.sav", "spss"), weight="w", illustrative=illustrative
    )
    return compute_table(
        survey,
        "q",
        by="by",
        filter_description="Age: 18–24",
        options=options or TableOptions(show_empty=show_empty),
    )


def test_text_rendering_shows_figures_marks_bases_and_footer() -> None:
    # Without disclosure control the letters show (with it, the four "Don't know" take most of
    # this two-answer table with them: see test_disclosure.py).
    open_table = _table(options=TableOptions(suppress_below=0))
    trust = next(line for line in render_text(open_table).splitlines() if line.startswith("Trust "))
    cell = open_table.rows[0].cells
    assert format_percent(cell[0].percent) in trust
    assert f"{format_percent(cell[1].percent)} B" in trust  # Inner trusts more: letter B
    table = _table()
    text = render_text(table)
    lines = text.splitlines()
    assert "[c]" in next(line for line in lines if line.startswith("Don't know"))
    # A labelled code nobody chose is hidden unless asked for; then it reads "–".
    assert not any(line.startswith("Never asked") for line in lines)
    shown = render_text(_table(show_empty=True)).splitlines()
    assert "–" in next(line for line in shown if line.startswith("Never asked"))
    assert any(line.startswith("Unweighted base") and "600" in line for line in lines)
    assert any(line.startswith("Effective base") for line in lines)
    total = table.columns[0]
    assert (
        f"Base: Age: 18–24; unweighted n = {total.unweighted_base}, "
        f"effective n = {format_count(total.effective_base)}, weighted by w"
    ) in text
    assert "Illustrative sample data" in text
    assert "Illustrative" not in render_text(_table(illustrative=False))
    # Aligned: every figure line is as wide as the header's rule or narrower.
    rule = next(line for line in lines if set(line) == {"-"})
    assert all(len(line) <= len(rule) for line in lines[lines.index(rule) : lines.index("")])


def test_csv_rendering_round_trips_through_a_csv_reader() -> None:
    table = _table()
    rows = list(csv.reader(io.StringIO(render_csv(table))))
    header = rows[1]
    assert header == [table.label, "Total", "Inner", "Outer"]
    trust = next(r for r in rows if r and r[0] == "Trust")
    assert trust[1] == format_percent(table.rows[0].cells[0].percent)
    assert any(r and r[0].startswith("Base: Age: 18–24") for r in rows)
