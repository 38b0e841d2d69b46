"""Complementary suppression: no hidden cell of a table can be worked out from what it shows.

The check here is written independently of `explorer/core/survey/disclosure.py`: from the
*finished* Table (what a reader sees: shown cells, column bases) and from the survey's own
definitions of nets, it writes the linear system an attacker would write over the unknown counts
(answer codes × columns, plus the respondents a breakdown leaves out) and asks numpy, by matrix
rank, whether a hidden cell's value is fixed by it: rank([A; f]) == rank(A).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.survey.disclosure import Layout, exposed, primary, protect, rule_text
from explorer.core.survey.model import Kind, Net, SourceInfo, Survey, Variable
from explorer.core.survey.table import Table, TableOptions
from explorer.core.survey.tabulate import compute_table

CODES = (1.0, 2.0, 3.0, 4.0, 5.0, 98.0)
LABELS = tuple(
    zip(CODES, ("Agree a lot", "Agree", "Neither", "Disagree", "Disagree a lot", "Don't know"))
)
NETS = {"agree": (1.0, 2.0), "disagree": (4.0, 5.0)}
SCORES = {"agree": ("agree", "disagree")}


def survey_of(q, by, w, m1=None, m2=None) -> Survey:
    frame = {"q": np.asarray(q, float), "by": np.asarray(by, float), "w": np.asarray(w, float)}
    variables = {
        "q": Variable(
            "q",
            "Question",
            Kind.SCALE,
            LABELS,
            nets=tuple(Net(k, f"{k} (net)", v) for k, v in NETS.items()),
            net_scores=(("agree", "Net agree", "agree", "disagree"),),
        ),
        "by": Variable(
            "by",
            "Group",
            Kind.NOMINAL,
            ((1.0, "A"), (2.0, "B"), (3.0, "C"), (4.0, "D"), (99.0, "Refused")),
            missing_values=frozenset({99.0}),
        ),
        "w": Variable("w", "Weight", Kind.WEIGHT),
    }
    if m1 is not None:
        frame["m1"], frame["m2"] = np.asarray(m1, float), np.asarray(m2, float)
        variables["m1"] = Variable("m1", "Privacy", Kind.NOMINAL)
        variables["m2"] = Variable("m2", "Misuse", Kind.NOMINAL)
        variables["set"] = Variable(
            "set", "Concerns", Kind.MULTI, members=("m1", "m2"), counted_value=1.0
        )
    return Survey.from_frame(
        pd.DataFrame(frame), variables, SourceInfo("t.sav", "spss"), weight="w"
    )


# --- the independent auditor ----------------------------------------------------------------------
def attacker_system(table: Table, *, single_choice: bool, partition: bool, nets, scores):
    """(equations known to a reader, {(row, col): functional of each hidden cell}).

    Unknowns: the count of each answer code in each column, and in a "left out" column (the
    respondents with no breakdown group). Known: every shown cell, each column's codes adding up
    to its base (single choice), and Total = sum of groups + left out (a partitioning breakdown).
    """
    codes = [r.code for r in table.rows if r.kind == "code"]
    n_cols = len(table.columns)
    extra = 1 if partition and n_cols > 1 else 0
    width = n_cols + extra

    def unknown(code, col) -> np.ndarray:
        f = np.zeros(len(codes) * width)
        f[codes.index(code) * width + col] = 1.0
        return f

    def functional(row, col) -> np.ndarray:
        if row.kind == "code":
            return unknown(row.code, col)
        key = row.code.split(":", 1)[1]
        if row.kind == "net":
            return net(key, col)
        positive, negative = scores[key]
        return net(positive, col) - net(negative, col)

    def net(key, col):
        return sum((unknown(c, col) for c in nets[key] if c in codes), np.zeros(len(codes) * width))

    known, hidden = [], {}
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            f = functional(row, j)
            if cell.suppressed:
                hidden[(i, j)] = f
            else:
                known.append(f)
    for col in range(width if single_choice else 0):
        f = np.zeros(len(codes) * width)
        f[[k * width + col for k in range(len(codes))]] = 1.0
        known.append(f)
    if extra:
        everyone = table.columns[0].unweighted_base
        groups = sum(c.unweighted_base for c in table.columns[1:])
        for code in codes:
            known.append(unknown(code, 0) - sum(unknown(code, j) for j in range(1, width)))
            if everyone == groups:  # nobody left out: those counts are known zeros
                known.append(unknown(code, n_cols))
    return np.asarray(known), hidden


def recoverable(table: Table, nets=NETS, scores=SCORES, **kind) -> list[tuple[str, str]]:
    known, hidden = attacker_system(table, nets=nets, scores=scores, **kind)
    rank = np.linalg.matrix_rank(known) if len(known) else 0
    out = []
    for (i, j), f in hidden.items():
        if not np.any(f):
            continue
        if np.linalg.matrix_rank(np.vstack([known, f])) == rank:
            out.append((table.rows[i].label, table.columns[j].label))
    return out


def small_cells(table: Table, threshold: int) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, row in enumerate(table.rows)
        if row.kind != "score"
        for j, cell in enumerate(row.cells)
        if 0 < cell.unweighted_count < threshold
    ]


# --- random tables ----------------------------------------------------------------------------
@st.composite
def random_survey(draw):
    seed = draw(st.integers(0, 2**31 - 1))
    n = draw(st.integers(15, 260))
    rng = np.random.default_rng(seed)
    skew = rng.dirichlet(np.full(len(CODES), draw(st.sampled_from([0.3, 1.0, 3.0]))))
    q = rng.choice(CODES, size=n, p=skew)
    groups = rng.dirichlet(np.full(5, draw(st.sampled_from([0.4, 1.0, 4.0]))))
    by = rng.choice([1.0, 2.0, 3.0, 4.0, 99.0], size=n, p=groups)
    w = rng.uniform(0.3, 2.5, size=n) if draw(st.booleans()) else np.ones(n)
    m1 = (rng.random(n) < rng.uniform(0.01, 0.5)).astype(float)
    m2 = (rng.random(n) < rng.uniform(0.01, 0.5)).astype(float)
    return survey_of(q, by, w, m1, m2)


HYPOTHESIS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(random_survey(), st.sampled_from([3, 5, 10, 15]), st.booleans())
def test_no_hidden_cell_of_a_random_table_is_determined_by_the_shown_figures(
    survey, threshold, broken_down
) -> None:
    options = TableOptions(suppress_below=threshold)
    table = compute_table(survey, "q", by="by" if broken_down else None, options=options)
    # Every small cell is hidden (primary suppression still holds) …
    for i, j in small_cells(table, threshold):
        assert table.rows[i].cells[j].suppressed
    # … and no hidden one follows from the shown cells, the 100% totals and the Total column.
    assert recoverable(table, single_choice=True, partition=broken_down) == []
    # Hidden figures carry no number a reader could see.
    for row in table.to_json()["rows"]:
        for cell in row["cells"]:
            if cell["suppressed"]:
                assert cell["percent"] is None and cell["unweighted_count"] is None


@HYPOTHESIS
@given(random_survey(), st.sampled_from([5, 10]))
def test_a_multiple_response_set_by_group_gives_no_hidden_cell_away(survey, threshold) -> None:
    table = compute_table(survey, "set", by="by", options=TableOptions(suppress_below=threshold))
    assert recoverable(table, single_choice=False, partition=True) == []


def test_the_primary_rule_alone_would_give_cells_away() -> None:
    """The auditor can fail: with primary suppression only, it finds the hidden cells."""
    q = [1.0] * 40 + [2.0] * 4 + [3.0] * 30
    table = compute_table(survey_of(q, [1.0] * 74, [1.0] * 74), "q")
    assert table.rows[1].cells[0].suppressed  # the 4 "Agree"
    naive = _only_primary(table, 10)
    leaks = recoverable(naive, single_choice=True, partition=False)
    assert ("Agree", "Total") in leaks
    assert recoverable(table, single_choice=True, partition=False) == []


def _only_primary(table: Table, threshold: int) -> Table:
    from dataclasses import replace

    rows = []
    for row in table.rows:
        cells = tuple(
            replace(c, suppressed=row.kind != "score" and 0 < c.unweighted_count < threshold)
            for c in row.cells
        )
        rows.append(replace(row, cells=cells))
    return replace(table, rows=tuple(rows))


# --- the core module on hand-written layouts -----------------------------------------------------
def test_one_small_cell_in_a_column_takes_the_smallest_other_answer_with_it() -> None:
    layout = Layout(
        rows=(("code", (0,)), ("code", (1,)), ("code", (2,))),
        n_codes=3,
        n_cols=1,
        codes_add_up=True,
        columns_add_up=False,
    )
    counts = np.array([[50.0], [4.0], [20.0]])
    hidden, first = protect(layout, counts, np.array([74.0]), 10)
    assert first[:, 0].tolist() == [False, True, False]
    assert hidden[:, 0].tolist() == [False, True, True]  # 20 < 50: the cheaper complement
    assert not exposed(layout, hidden).any()
    assert exposed(layout, first).any()


def test_a_net_score_is_hidden_when_it_would_give_a_hidden_net_away() -> None:
    rows = (("code", (0,)), ("code", (1,)), ("net", (0,)), ("net", (1,)), ("score", (2, 3)))
    layout = Layout(rows=rows, n_codes=2, n_cols=1, codes_add_up=False, columns_add_up=False)
    counts = np.array([[5.0], [60.0], [5.0], [60.0], [65.0]])
    hidden, _ = protect(layout, counts, np.array([100.0]), 10)
    # code 0 and its net are small; the score (net0 − net1) with net1 shown would give it away.
    assert hidden[:, 0].tolist() == [True, False, True, False, True]


def test_zero_threshold_hides_nothing() -> None:
    layout = Layout(
        rows=(("code", (0,)),), n_codes=1, n_cols=1, codes_add_up=True, columns_add_up=False
    )
    hidden, _ = protect(layout, np.array([[3.0]]), np.array([3.0]), 0)
    assert not hidden.any()
    assert not primary(layout, np.array([[3.0]]), np.array([3.0]), 0).any()


def test_the_rule_names_its_threshold() -> None:
    assert "fewer than 7 respondents" in rule_text(7)


# --- the bundled sample -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample():
    from explorer.core.session import SAMPLE_SURVEY
    from explorer.core.survey.load import load_survey

    return load_survey(SAMPLE_SURVEY)


@pytest.mark.parametrize(
    "question, by",
    [("q_trust_met", "vote_intention"), ("q_victim", "age_band"), ("q_report", "age_band")],
)
def test_sample_tables_give_nothing_away(sample, question, by) -> None:
    if question not in sample.variables:
        pytest.skip(f"the sample has no {question}")
    table = compute_table(sample, question, by=by)
    var = sample.variable(question)
    assert any(c.suppressed for r in table.rows for c in r.cells)
    assert recoverable_sample(table, var) == []


def recoverable_sample(table: Table, var: Variable) -> list:
    """As `recoverable`, with the sample question's own nets and net scores."""
    nets = {n.key: n.codes for n in var.nets}
    scores = {key: (pos, neg) for key, _, pos, neg in var.net_scores}
    multi = var.kind is Kind.MULTI
    return recoverable(table, nets, scores, single_choice=not multi, partition=True)
