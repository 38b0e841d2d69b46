"""Tables counted from weighted cubes (explorer.core.survey.cube) checked against the direct path
(every respondent counted over the filter's mask) and against numpy written here, on random
surveys (hypothesis): random codes with system- and user-missing values, weights that are the
same in each cell, that differ within a cell (few values) or take many values (no cube: the
direct path), zero and missing weights, filters on the dimensions, breakdowns by a dimension and
by another variable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.survey import cube, cube_filter
from explorer.core.survey.model import Kind, Net, SourceInfo, Survey, Variable
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import compute_table

NAN = float("nan")
DIMS = ("d1", "d2")
Q_CODES = (1.0, 2.0, 3.0, 98.0)


def survey_from(d1, d2, q, by, w, w2=None) -> Survey:
    frame = pd.DataFrame({"d1": d1, "d2": d2, "q": q, "by": by, "w": w})
    if w2 is not None:
        frame["w2"] = w2
    variables = {
        "d1": Variable(
            "d1",
            "Age",
            Kind.NOMINAL,
            ((1.0, "Young"), (2.0, "Middle"), (3.0, "Old"), (9.0, "Refused")),
            missing_values=frozenset({9.0}),
        ),
        "d2": Variable("d2", "Wave", Kind.NOMINAL, ((1.0, "One"), (2.0, "Two"))),
        "q": Variable(
            "q",
            "Question",
            Kind.SCALE,
            ((1.0, "Agree"), (2.0, "Neither"), (3.0, "Disagree"), (98.0, "Don't know"))
            + ((99.0, "Refused"),),
            missing_values=frozenset({99.0}),
            nets=(Net("agree", "Agree (net)", (1.0, 2.0)), Net("dis", "Disagree", (3.0,))),
            net_scores=(("agree", "Net agree", "agree", "dis"),),
        ),
        "by": Variable(
            "by",
            "Area",
            Kind.NOMINAL,
            ((1.0, "North"), (2.0, "South"), (9.0, "Unknown")),
            missing_values=frozenset({9.0}),
        ),
        "w": Variable("w", "Weight", Kind.WEIGHT),
    }
    if w2 is not None:
        variables["w2"] = Variable("w2", "Another weight", Kind.WEIGHT)
    return Survey.from_frame(frame, variables, SourceInfo("t.sav", "spss"), weight="w")


@st.composite
def cases(draw):
    n = draw(st.integers(1, 120))

    def column(codes):
        return np.asarray(draw(st.lists(st.sampled_from(codes), min_size=n, max_size=n)))

    d1 = column([1.0, 2.0, 3.0, 9.0, NAN])
    d2 = column([1.0, 2.0, NAN])
    q = column([1.0, 2.0, 3.0, 5.0, 98.0, 99.0, NAN])
    by = column([1.0, 2.0, 5.0, 9.0, NAN])
    kind = draw(st.sampled_from(["per cell", "few", "many"]))
    if kind == "per cell":  # a rim weight: one value per combination of the dimensions
        table = np.asarray(draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.25]), min_size=20)))
        cell = np.nan_to_num(d1, nan=4.0).astype(int) * 3 + np.nan_to_num(d2, nan=0.0).astype(int)
        w = table[cell % table.size]
    elif kind == "few":
        w = column([0.0, 0.5, 1.0, 2.25, NAN])
    else:
        w = np.asarray(draw(st.lists(st.floats(0.0, 5.0), min_size=n, max_size=n)))
    filters = {}
    for name, codes in (("d1", [1.0, 2.0, 3.0, 9.0, 2.5]), ("d2", [1.0, 2.0, 7.0])):
        if draw(st.booleans()):
            filters[name] = tuple(draw(st.lists(st.sampled_from(codes), unique=True)))
    return survey_from(d1, d2, q, by, w), filters, kind


OPTIONS = [
    TableOptions(suppress_below=0),
    TableOptions(suppress_below=0, include_missing=True, exclude_codes=frozenset({98.0})),
    TableOptions(suppress_below=0, weighted=False),
]


def assert_same(a, b) -> None:
    assert [c.key for c in a.columns] == [c.key for c in b.columns]
    assert [r.code for r in a.rows] == [r.code for r in b.rows]
    assert a.notes == b.notes
    for x, y in zip(a.columns, b.columns):
        assert x.unweighted_base == y.unweighted_base
        assert x.weighted_base == pytest.approx(y.weighted_base, rel=1e-9, abs=1e-9)
        assert x.effective_base == pytest.approx(y.effective_base, rel=1e-9, abs=1e-9)
        assert x.flags == y.flags
    for ra, rb in zip(a.rows, b.rows):
        for x, y in zip(ra.cells, rb.cells):
            assert x.unweighted_count == y.unweighted_count
            assert x.suppressed == y.suppressed
            assert x.significance == y.significance
            for s, t in ((x.percent, y.percent), (x.ci_low, y.ci_low), (x.ci_high, y.ci_high)):
                assert (s is None) == (t is None)
                if s is not None:
                    assert s == pytest.approx(t, rel=1e-9, abs=1e-9)


def by_numpy(survey: Survey, filters, by, options) -> dict:
    """Base and percent of each code per column, longhand from the raw arrays."""
    w = survey.values("w")
    usable = np.isfinite(w) & (w > 0)
    keep = usable.copy()
    for name, codes in filters.items():
        keep &= np.isin(survey.values(name), codes)
    q = survey.values("q")
    valid = keep & ~np.isnan(q)
    if not options.include_missing:
        valid &= q != 99.0
    for code in options.exclude_codes:
        valid &= q != code
    weights = np.where(usable, w, 0.0) if options.weighted else np.ones_like(w)
    columns = {"all": valid}
    if by is not None:
        values = survey.values(by)
        labelled = [c for c in survey.variables[by].substantive_codes]
        held = set(values[usable & ~np.isnan(values)])
        for code in labelled:
            if code in held:
                columns[code] = valid & (values == code)
    out = {}
    for key, rows in columns.items():
        base = weights[rows].sum()
        shares = {}
        for code in (*Q_CODES, 5.0, 99.0):
            hit = rows & (q == code)
            if hit.any() and base > 0:
                shares[code] = 100.0 * weights[hit].sum() / base
        out[key] = (int(rows.sum()), base, shares)
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cases(),
    st.sampled_from([None, "d1", "by"]),
    st.integers(0, 2),
    st.sampled_from([1, 64, 1 << 20]),
)
def test_cube_tables_equal_the_direct_path_and_numpy(made, by, which, block) -> None:
    survey, filters, kind = made
    options = OPTIONS[which]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cube, "MIN_SHRINK", 0.0)  # a cube at any size: small data uses it too
        # the kept cells summed one or a few at a time (a block of a megabyte at 10M)
        patch.setattr(cube_filter, "BLOCK_BYTES", block)
        from_cube = compute_table(
            survey, "q", by=by, options=options, filters=filters, dimensions=DIMS
        )
        weights = np.nan_to_num(survey.values("w"))
        made_filter = cube_filter.cube_filter(
            survey, DIMS, filters, np.where(weights > 0, weights, 0.0), ("w",)
        )
        if kind != "many" and survey.n:  # the cube was made and serves the table
            assert made_filter is not None
            assert made_filter.bin_counts("q", by, None) is not None
    direct = compute_table(survey, "q", by=by, mask=survey.mask(filters), options=options)
    assert_same(from_cube, direct)
    expected = by_numpy(survey, filters, by, options)
    assert [c.key for c in from_cube.columns] == list(expected)
    for c, column in enumerate(from_cube.columns):
        count, base, shares = expected[column.key]
        assert column.unweighted_base == count
        assert column.weighted_base == pytest.approx(base, rel=1e-9, abs=1e-9)
        for row in from_cube.rows:
            if row.kind == "code" and row.cells[c].percent is not None:
                want = shares.get(row.code, 0.0)
                assert row.cells[c].percent == pytest.approx(want, rel=1e-9, abs=1e-9)


def test_a_cube_is_made_only_when_it_is_much_smaller_than_the_rows() -> None:
    rng = np.random.default_rng(7)
    n = 4000
    d1 = rng.choice([1.0, 2.0, 3.0], n)
    d2 = rng.choice([1.0, 2.0], n)
    survey = survey_from(d1, d2, rng.choice(Q_CODES, n), rng.choice([1.0, 2.0], n), d1 / 2)
    weights = d1 / 2
    cells = cube.cells_of(survey, DIMS, weights, ("w",))
    assert cells.size == 6  # 3 × 2 combinations, each with one weight
    assert cells.count.sum() == n
    small = cube.cube_of(survey, cells, "q", None)
    assert small is not None and small.table.shape == (6, 4)  # cells × the codes held
    assert small.table.table.dtype == np.uint8  # one byte each, the counts above 255 apart
    assert int(small.table.counts().sum()) == n
    # a breakdown that is no dimension multiplies the entries; past rows / MIN_SHRINK: no cube
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cube, "MIN_SHRINK", n / 30)
        survey._cache.pop("cubes", None)
        assert cube.cube_of(survey, cells, "q", None) is not None  # 24 entries ≤ 30
        assert cube.cube_of(survey, cells, "q", "by") is None  # 48 entries > 30


def test_a_filter_on_a_variable_that_is_no_dimension_is_counted_directly() -> None:
    rng = np.random.default_rng(8)
    n = 500
    survey = survey_from(
        rng.choice([1.0, 2.0], n),
        rng.choice([1.0, 2.0], n),
        rng.choice(Q_CODES, n),
        rng.choice([1.0, 2.0], n),
        np.ones(n),
    )
    assert cube_filter.cube_filter(survey, DIMS, {"by": (1.0,)}, np.ones(n), ("w",)) is None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cube, "MIN_SHRINK", 0.0)
        crossed = compute_table(survey, "q", filters={"by": (1.0,)}, dimensions=DIMS)
    direct = compute_table(survey, "q", mask=survey.mask({"by": (1.0,)}))
    assert_same(crossed, direct)


def test_a_session_counts_its_tables_from_cubes_as_the_mask_would(tmp_path) -> None:
    """The window's path: Session.table under filter states, on a pooled tracker, from cubes over
    the session's filter dimensions (wave among them)."""
    from explorer.core import dimension_filters as dim_filters
    from explorer.core import filter_state as fs
    from explorer.core.session import load_session
    from explorer.core.survey.sample.tracker import write_tracker

    paths = write_tracker(tmp_path, respondents=400)
    session = load_session(str(paths[-1]), None)  # the pooled file, with its wave variable
    survey = session.survey
    question = session.questions()[0]
    dims = {d.key: d for d in session.dimensions}
    age = [v.key for v in dims["age_band"].values]
    wave = dims["wave"].values[1].key
    states = [
        fs.FilterState(),
        fs.with_value(fs.FilterState(), "age_band", age[0]),
        fs.with_value(fs.with_value(fs.FilterState(), "age_band", age[1]), "wave", wave),
        fs.with_cross(fs.FilterState(), question, [1.0]),  # not a dimension: counted directly
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cube, "MIN_SHRINK", 0.0)
        for state in states:
            for by in (None, "age_band"):
                got = session.table(question, state, by=by)
                want = compute_table(
                    survey, question, by=by, mask=session.mask(state), options=session.options
                )
                assert_same(got, want)
    made = [found[1] for found in survey._cache.get("cubes", {}).values()]
    assert any(c is not None for c in made)
    # the status bar's base and the filter panel's counts, from the same cells, as numpy says
    weights = survey.values(survey.weight)
    for state in states:
        keep = session.mask(state)
        served = cube_filter.kept_cells(survey, session.breakdowns(), session._filters(state))
        assert (served is None) == bool(state.cross)
        unweighted, weighted = session.base(state)
        assert unweighted == int(keep.sum())
        assert weighted == pytest.approx(float(weights[keep].sum()), rel=1e-12)
        for dim in session.dimensions:
            if dim.survey_variable is None:
                continue
            others = dim_filters.survey_mask(survey, state, session.dimensions, skip=dim.key)
            values = survey.values(dim.survey_variable)
            assert dim_filters.value_counts(survey, state, session.dimensions, dim) == {
                v.key: int((others & (values == v.survey_code)).sum())
                for v in dim.values
                if v.survey_code is not None
            }


def test_a_dimension_with_fractional_codes_is_left_out_of_the_cells() -> None:
    """Cells over the dimensions with few integer codes; a filter on the other is direct."""
    rng = np.random.default_rng(9)
    n = 3000
    d1 = rng.choice([1.0, 2.0, 3.0], n)
    survey = survey_from(d1, rng.choice([1.5, 2.5], n), rng.choice(Q_CODES, n), d1, d1 / 2)
    weights = d1 / 2
    cells = cube.cells_of(survey, DIMS, weights, ("w",))
    assert cells is not None and cells.dims == ("d1",) and cells.size == 3
    assert cube_filter.cube_filter(survey, DIMS, {"d1": (2.0,)}, weights, ("w",)) is not None
    assert cube_filter.cube_filter(survey, DIMS, {"d2": (1.5,)}, weights, ("w",)) is None
    for filters in ({"d1": (2.0, 3.0)}, {"d2": (1.5,)}, {"d1": (1.0,), "d2": (2.5,)}):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(cube, "MIN_SHRINK", 1.0)
            got = compute_table(survey, "q", by="d1", filters=filters, dimensions=DIMS)
        want = compute_table(survey, "q", by="d1", mask=survey.mask(filters))
        assert_same(got, want)


def test_another_weight_than_the_surveys_is_counted_directly() -> None:
    rng = np.random.default_rng(10)
    n = 2000
    d1 = rng.choice([1.0, 2.0, 3.0], n)
    w2 = rng.choice([0.0, 0.5, 3.0], n)
    survey = survey_from(d1, rng.choice([1.0, 2.0], n), rng.choice(Q_CODES, n), d1, d1 / 2, w2)
    filters = {"d1": (1.0, 2.0)}
    for options in (TableOptions(suppress_below=0, weight="w2"), TableOptions(suppress_below=0)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(cube, "MIN_SHRINK", 1.0)
            got = compute_table(survey, "q", options=options, filters=filters, dimensions=DIMS)
        want = compute_table(survey, "q", mask=survey.mask(filters), options=options)
        assert_same(got, want)
        assert got.weight == want.weight
    # only the survey's own weight made cells
    assert [key[1] for key in survey._cache["cells"]] == [(True, "w")]


def test_a_cross_filter_takes_its_weight_classes_from_the_cells_and_equals_numpy(
    monkeypatch,
) -> None:
    """With cells made, a filter on a question counts directly from each kept respondent's cell
    weight (above `CELL_CLASSES_FROM` respondents: here every size): no class array over every
    respondent is made, and the table is numpy's."""
    from explorer.core.survey import selection

    monkeypatch.setattr(selection, "CELL_CLASSES_FROM", 0)
    rng = np.random.default_rng(12)
    n = 6000
    d1 = rng.choice([1.0, 2.0, 3.0, 9.0], n)
    d2 = rng.choice([1.0, 2.0], n)
    w = np.array([0.0, 0.4, 1.3, 2.2, 0.7])[(d1 + d2).astype(int) % 5]  # one weight per cell
    survey = survey_from(d1, d2, rng.choice(Q_CODES, n), rng.choice([1.0, 2.0, 9.0], n), w)
    compute_table(survey, "q", filters={"d1": (1.0,)}, dimensions=DIMS)  # makes the cells
    assert any(c is not None for c in survey._cache["cells"].values())
    options = TableOptions(suppress_below=0)
    filters = {"by": (1.0,), "d2": (2.0,)}
    table = compute_table(survey, "q", filters=filters, dimensions=DIMS, options=options)
    assert "classes" not in survey._cache  # the weight classes came from the cells
    expected = by_numpy(survey, filters, None, options)["all"]
    assert table.columns[0].unweighted_base == expected[0]
    assert table.columns[0].weighted_base == pytest.approx(expected[1], rel=1e-12)
    shares = {r.code: r.cells[0].percent for r in table.rows if r.kind == "code"}
    for code, share in expected[2].items():
        if code in shares:
            assert shares[code] == pytest.approx(share, rel=1e-12)
    assert set(expected[2]) & set(shares) == {c for c in expected[2] if c in Q_CODES}


def test_a_small_surveys_cross_filter_gathers_its_classes_from_one_array_held_once() -> None:
    """At or under `CELL_CLASSES_FROM` respondents a class per respondent (a byte each) is made
    once and gathered per filter state: cheaper than looking each kept weight up in the cells'."""
    rng = np.random.default_rng(13)
    n = 6000
    d1 = rng.choice([1.0, 2.0, 3.0, 9.0], n)
    d2 = rng.choice([1.0, 2.0], n)
    w = np.array([0.0, 0.4, 1.3, 2.2, 0.7])[(d1 + d2).astype(int) % 5]
    survey = survey_from(d1, d2, rng.choice(Q_CODES, n), rng.choice([1.0, 2.0, 9.0], n), w)
    compute_table(survey, "q", filters={"d1": (1.0,)}, dimensions=DIMS)
    options = TableOptions(suppress_below=0)
    filters = {"by": (1.0,), "d2": (2.0,)}
    table = compute_table(survey, "q", filters=filters, dimensions=DIMS, options=options)
    assert "classes" in survey._cache
    expected = by_numpy(survey, filters, None, options)["all"]
    assert table.columns[0].unweighted_base == expected[0]
    assert table.columns[0].weighted_base == pytest.approx(expected[1], rel=1e-12)


@pytest.mark.parametrize("limit", [65535, 3])
def test_each_respondents_cell_holds_its_codes_and_weight_in_two_bytes_or_four(
    limit, monkeypatch
) -> None:
    """`Cells.rows` against the respondents' own codes and weights: a respondent in the base is
    in the one cell with its dimensions' codes and its weight; one outside is in none (−1). With
    few cells per code of the first dimension the numbers are 2 bytes each, else 4."""
    monkeypatch.setattr(cube, "LOCAL_LIMIT", limit)
    rng = np.random.default_rng(21)
    n = 5000
    d1 = rng.choice([1.0, 2.0, 3.0, 9.0, NAN], n)
    d2 = rng.choice([1.0, 2.0], n)
    w = rng.choice([0.0, 0.5, 1.5, NAN], n)  # differs within a combination: split by class
    survey = survey_from(d1, d2, rng.choice(Q_CODES, n), rng.choice([1.0, 2.0], n), w)
    weights = np.where(np.isfinite(w) & (w > 0), w, 0.0)
    cells = cube.cells_of(survey, DIMS, weights, ("w",))
    assert cells.local.dtype == (np.uint16 if limit == 65535 else np.int32)
    rows = cells.rows(slice(None))
    picked = rng.choice(n, 700)
    assert np.array_equal(cells.rows(picked), rows[picked])
    inside = weights > 0
    assert np.all(rows[~inside] == -1) and np.all(rows[inside] >= 0)
    d = {name: cells.dims.index(name) for name in DIMS}
    for name, values in (("d1", d1), ("d2", d2)):
        codes = cells.codes[d[name]][cells.ids[d[name]][rows[inside]]]
        assert np.array_equal(codes, values[inside], equal_nan=True)
    assert np.array_equal(cells.weight[rows[inside]], weights[inside])
    assert np.array_equal(cells.count, np.bincount(rows[inside], minlength=cells.size))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("share", [0.5, 100.0])
def test_one_byte_counts_with_the_ones_above_255_apart_equal_numpy(
    seed: int, share: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cubes whose cells hold hundreds of respondents (counts past a byte): every count and every
    kept subset of cells equals numpy's count of the respondents, whichever form the table takes
    (share 100: the one-byte table with its list apart however long the list)."""
    from explorer.core.survey import cube_table
    from explorer.core.survey.cube_table import count_table

    monkeypatch.setattr(cube_table, "OVERFLOW_SHARE", share)
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2000, 9000))
    d1 = rng.choice([1.0, 2.0, 3.0], n, p=[0.7, 0.2, 0.1])
    d2 = rng.choice([1.0, 2.0], n)
    q = rng.choice(Q_CODES, n, p=[0.6, 0.2, 0.15, 0.05])
    survey = survey_from(d1, d2, q, rng.choice([1.0, 2.0], n), np.ones(n))
    cells = cube.cells_of(survey, DIMS, np.ones(n), ("w",))
    made = cube.cube_of(survey, cells, "q", None)
    lookup = {code: j for j, code in enumerate(made.codes)}
    expected = np.zeros(made.table.shape, dtype=np.int64)
    for c in range(cells.size):
        a, b = (d1, d2) if cells.dims[0] == "d1" else (d2, d1)
        in_cell = (a == cells.codes[0][cells.ids[0][c]]) & (b == cells.codes[1][cells.ids[1][c]])
        for code, j in lookup.items():
            expected[c, j] = np.count_nonzero(in_cell & (q == code))
    assert expected.max() > 255  # the case under test: counts that do not fit a byte
    if share > 1:
        assert made.table.table.dtype == np.uint8 and made.table.over_at.size > 0
    assert np.array_equal(made.table.counts(), expected)
    for _ in range(10):
        index = np.flatnonzero(rng.random(cells.size) < 0.5).astype(np.int32)
        assert np.array_equal(made.table.rows(index), expected[index].astype(np.float64))
    monkeypatch.setattr(cube_table, "OVERFLOW_SHARE", 0.5)
    # many counts past a byte: the list apart would cost more than a wider table
    wide = count_table(np.full(40, 300, dtype=np.int64), 4)
    assert wide.table.dtype == np.uint16 and wide.over_at.size == 0
    assert np.array_equal(wide.rows(np.array([1, 3])), np.full((2, 4), 300.0))
    huge = count_table(np.array([70000, 1, 2, 3] * 10, dtype=np.int64), 4)
    assert huge.table.dtype == np.int32 and int(huge.counts()[0, 0]) == 70000
    few = count_table(np.array([1000] + [1] * 99, dtype=np.int64), 10)
    assert few.table.dtype == np.uint8 and few.over_at.tolist() == [0]
    assert few.rows(np.array([0, 5]))[:, 0].tolist() == [1000.0, 1.0]
    assert few.rows(np.array([], dtype=np.int32)).shape == (0, 10)


def test_a_question_opened_after_each_respondents_cell_was_dropped_gives_the_same_table() -> None:
    """A new filter state drops each respondent's cell and the earlier states' masks; a question
    opened after that makes them again, numbered the same, and its table is the direct path's and
    its cube a fresh survey's, count for count."""
    rng = np.random.default_rng(31)
    n = 6000
    d1 = rng.choice([1.0, 2.0, 3.0, 9.0, NAN], n)
    d2 = rng.choice([1.0, 2.0], n)
    w = rng.choice([0.0, 0.5, 1.5], n)  # differs within a combination: split by class
    columns = (d1, d2, rng.choice(Q_CODES, n), rng.choice([1.0, 2.0, 9.0], n), w)
    survey = survey_from(*columns)
    options = TableOptions(suppress_below=0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cube, "MIN_SHRINK", 1.0)
        compute_table(survey, "q", filters={"d1": (1.0,)}, dimensions=DIMS, options=options)
        (cells,) = [c for c in survey._cache["cells"].values() if c is not None]
        before = cells.rows(slice(None)).copy()
        survey.mask({"by": (1.0,)})  # a cross-filter's mask, as an earlier state made it
        assert cells.holds_respondents() and survey._cache["mask"]
        compute_table(survey, "q", filters={"d2": (2.0,)}, dimensions=DIMS, options=options)
        assert not cells.holds_respondents()  # the new state let them go
        assert not survey._cache.get("mask") and not survey._cache.get("selection")
        filters = {"d1": (1.0, 2.0), "d2": (1.0,)}
        got = compute_table(survey, "by", filters=filters, dimensions=DIMS, options=options)
        assert cells.holds_respondents()  # made again for the new question's cube
        assert np.array_equal(cells.rows(slice(None)), before)
        made = cube.cube_of(survey, cells, "by", None)
        fresh = survey_from(*columns)
        fresh_cells = cube.cells_of(fresh, DIMS, fresh.weights(), (True, "w"))
        again = cube.cube_of(fresh, fresh_cells, "by", None)
    assert made is not None and np.array_equal(made.table.counts(), again.table.counts())
    want = compute_table(survey, "by", mask=survey.mask(filters), options=options)
    assert_same(got, want)
