"""`compute_table`: weighted percentages of a question, optionally by a breakdown variable, with
bases, Kish effective bases, Wilson intervals, significance letters and disclosure control.

The contract every chart and export relies on. Counting is vectorised (np.bincount over integer code
positions); the only Python loops are over rows and columns of the table, never over respondents.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from explorer.core.errors import ExplorerError
from explorer.core.survey import counting, cube_filter, disclosure
from explorer.core.survey.intervals import critical_z
from explorer.core.survey.model import Kind, Survey
from explorer.core.survey.table import (
    LOW_BASE,
    VERY_LOW_BASE,
    Cell,
    Column,
    Row,
    Table,
    TableOptions,
)
from explorer.core.survey.table_columns import letter, outside_breakdown
from explorer.core.survey.table_counts import fast_counts as _fast_counts
from explorer.core.survey.table_counts import respondents as _respondents
from explorer.core.survey.table_counts import slow_counts as _slow_counts
from explorer.core.survey.table_tests import (
    NOT_TESTED,
    SMALL_TEST_BASE,
    infer,
    score_interval,
)
from explorer.core.survey.weighting import (
    applied_weight,
    table_weights,
    weight_mask,
)

SUPPRESSED = "suppressed"
ILLUSTRATIVE_NOTE = "Illustrative sample data: synthetic respondents, not real answers."
SCORE_NOTE = "Net score intervals use the delta method on the effective base."
MULTI_BASE_NOTES = {
    "answered": "Multiple response: base is those who answered any item; figures add to more "
    "than 100%.",
    "all": "Multiple response: base is every respondent, including those who answered no item; "
    "figures add to more than 100%.",
}
DEFAULT_OPTIONS = TableOptions()


def compute_table(
    survey: Survey,
    question: str,
    *,
    by: str | None = None,
    mask: np.ndarray | None = None,
    options: TableOptions = DEFAULT_OPTIONS,
    filter_description: str = "All respondents",
    filters: Mapping[str, tuple] | None = None,
    dimensions: tuple[str, ...] = (),
) -> Table:
    """Tabulate `question` (single choice or multiple response) among respondents in `mask`.

    Given `filters` (variable → codes, as `Survey.mask` takes them) instead of a mask, and the
    filter `dimensions`, a single-choice table is counted from its cube (explorer.core.survey.
    cube) when there is one, and the mask is made only when it is not."""
    var = survey.variable(question)
    if var.kind not in (Kind.NOMINAL, Kind.SCALE, Kind.MULTI):
        raise ExplorerError(
            f"{question} is a {var.kind.value} variable; only single-choice and multiple-response "
            "questions can be tabulated."
        )
    if mask is None and filters is not None:
        found = _from_cube(survey, var, by, filters, dimensions, options, filter_description)
        if found is not None:
            return found
        mask = survey.mask(filters)
    keep = counting.everyone(survey) if mask is None else np.asarray(mask, dtype=bool)
    if keep.shape != (survey.n,):
        raise ExplorerError(
            f"The filter does not match the {survey.n} respondents of {survey.name}."
        )
    # Respondents the survey's weight leaves out (zero, negative, missing) are out of every
    # table, whatever mask a caller built: rows are chosen from the codes they hold. A mask that
    # already leaves them out (the survey's own) is kept as it is, with its cached selection.
    if mask is not None and not _leaves_out_left_out(survey, keep):
        keep = keep & counting.everyone(survey)
    # Settle the weight once: from here on options.weight is the one applied (None: unweighted).
    options = _settled(survey, options)
    name = options.weight
    if name is not None and name != survey.weight:  # the survey's masks know only its own weight
        left_out = weight_mask(survey, name)
        keep = keep if left_out is None else keep & left_out
    weights = table_weights(survey, weighted=options.weighted, weight=options.weight)
    linear = _linear(survey, by, options)
    # Linearised variances need respondent-level rows, which the general path makes.
    fast = None if linear else _fast_counts(survey, var, by, keep, weights, options)
    respondents = None
    if fast is None:
        fast = _slow_counts(survey, var, by, keep, weights, options)
        if linear:
            respondents = _respondents(survey, var, by, keep, weights, options, fast[0])
    return _table(survey, var, by, fast, options, filter_description, respondents)


def _leaves_out_left_out(survey: Survey, keep: np.ndarray) -> bool:
    """Whether `keep` holds nobody the survey's weight leaves out (checked once per cached
    mask: it was a pass over every respondent per table)."""
    if survey.weight is None or not counting.someone_left_out(survey):
        return True
    if keep.flags.writeable:
        return not (keep & ~counting.everyone(survey)).any()
    # A weak reference: remembering the answer must not keep a 10M-respondent mask alive.
    found = counting.cached(
        survey,
        "mask_checked",
        id(keep),
        lambda: (weakref.ref(keep), not (keep & ~counting.everyone(survey)).any()),
        16,
    )
    if found[0]() is not keep:  # an id reused after the old mask was freed
        return not (keep & ~counting.everyone(survey)).any()
    return found[1]


def _settled(survey: Survey, options: TableOptions) -> TableOptions:
    name = applied_weight(survey, weighted=options.weighted, weight=options.weight)
    return replace(options, weighted=name is not None, weight=name)


def _linear(survey: Survey, by: str | None, options: TableOptions) -> bool:
    overlapping = by is not None and survey.variable(by).kind is Kind.MULTI
    return bool(options.strata or options.cluster) or (
        overlapping and options.compare == "pairwise"
    )


def _from_cube(survey, var, by, filters, dimensions, options, filter_description):
    """The table counted from its cube, or None when the cube cannot give it."""
    options = _settled(survey, options)
    if var.kind is Kind.MULTI or options.weight not in (None, survey.weight):
        return None
    if _linear(survey, by, options):
        return None
    weights = table_weights(survey, weighted=options.weighted, weight=options.weight)
    key = (options.weighted, options.weight)
    sel = cube_filter.cube_filter(survey, tuple(dimensions), filters, weights, key)
    if sel is None:
        return None
    found = _fast_counts(survey, var, by, None, weights, options, sel=sel)
    if found is None:
        return None
    return _table(survey, var, by, found, options, filter_description, None)


def _table(survey, var, by, counted, options, filter_description, respondents) -> Table:
    """The Table from its counts: shares, intervals, disclosure control, letters, notes."""
    specs, unw, wtd, bases_unw, bases_w, bases_eff, col_keys, col_labels = counted
    question = var.name
    overlapping = by is not None and survey.variable(by).kind is Kind.MULTI
    n_rows, n_cols = unw.shape

    with np.errstate(divide="ignore", invalid="ignore"):
        props = np.where(bases_w[None, :] > 0, wtd / bases_w[None, :], np.nan)
    # A share that is everyone (or no one) but for rounding in the sums is exactly that: near 0
    # and 1 an interval's square root turns a 1e-16 difference into 1e-8, and the two counting
    # paths sum in different orders. (No real base makes a share this close to 0 or 1.)
    props = np.where(np.abs(props - 1.0) < 1e-12, 1.0, np.where(np.abs(props) < 1e-12, 0.0, props))
    layout = _disclosure_layout(survey, var, by, specs, bases_unw)
    cell_suppressed, _primary = disclosure.protect(layout, unw, bases_unw, options.suppress_below)

    # Scores are differences of two nets: filled in from their nets, never from rounded cells.
    score_low = np.full(props.shape, np.nan)
    score_high = np.full(props.shape, np.nan)
    z_level = critical_z(1.0 - options.confidence)
    for r, spec in enumerate(specs):
        if spec.kind != "score":
            continue
        pos, neg = spec.score
        props[r] = props[pos] - props[neg]
        unw[r] = unw[pos] + unw[neg]
        wtd[r] = wtd[pos] - wtd[neg]
        score_low[r], score_high[r] = score_interval(props[pos], props[neg], bases_eff, z_level)

    letters = [""] + [letter(i) for i in range(n_cols - 1)]
    found = infer(
        [spec.kind for spec in specs],
        props,
        wtd,
        bases_unw,
        bases_w,
        bases_eff,
        cell_suppressed,
        letters,
        options,
        score_intervals=(score_low, score_high),
        respondents=respondents,
        overlapping=overlapping,
    )
    low, high, significance = found.low, found.high, found.marks

    columns = tuple(
        Column(
            key=col_keys[c],
            label=col_labels[c],
            letter=letters[c],
            unweighted_base=int(bases_unw[c]),
            weighted_base=float(bases_w[c]),
            effective_base=float(bases_eff[c]),
            flags=_flags(int(bases_unw[c]), options)
            + ((NOT_TESTED,) if found.not_tested[c] else ())
            + ((SMALL_TEST_BASE,) if found.small[c] else ()),
        )
        for c in range(n_cols)
    )
    rows = tuple(
        Row(
            code=spec.code,
            label=spec.label,
            kind=spec.kind,
            cells=tuple(
                _cell(
                    props[r, c],
                    low[r, c],
                    high[r, c],
                    unw[r, c],
                    wtd[r, c],
                    bool(cell_suppressed[r, c]),
                    significance[r][c],
                    None if found.deff is None else found.deff[r, c],
                )
                for c in range(n_cols)
            ),
        )
        for r, spec in enumerate(specs)
    )
    notes = []
    outside = outside_breakdown(survey, by, bases_unw)
    if outside:
        notes.append(
            f"The Total column includes {outside:,} respondent{'s' if outside != 1 else ''} "
            f"in no {by} column (no answer, or an answer that is missing or excluded)."
        )
    if var.kind is Kind.MULTI:
        notes.append(MULTI_BASE_NOTES.get(options.multi_base, MULTI_BASE_NOTES["answered"]))
    if any(spec.kind == "score" for spec in specs) and found.deff is None:
        notes.append(SCORE_NOTE)
    if survey.illustrative:
        notes.append(ILLUSTRATIVE_NOTE)
    by_label = survey.variable(by).label or by if by else ""
    return Table(
        question=question,
        label=var.label or question,
        columns=columns,
        rows=rows,
        by=by,
        by_label=by_label,
        weighted=options.weighted,
        weight=options.weight,
        filter_description=filter_description,
        notes=tuple(notes),
        suppress_below=options.suppress_below,
        low_base=options.low_base,
        very_low_base=options.very_low_base,
        settings={**options.settings, "test_method": found.method, "design": found.design},
    )


def _disclosure_layout(survey, var, by, specs, bases_unw) -> disclosure.Layout:
    """The table's structure for the disclosure audit (see disclosure.py)."""
    rows = tuple(
        (spec.kind, spec.score if spec.kind == "score" else spec.positions) for spec in specs
    )
    n_codes = sum(1 for spec in specs if spec.kind == "code")
    by_kind = survey.variable(by).kind if by else None
    return disclosure.Layout(
        rows=rows,
        n_codes=n_codes,
        n_cols=len(bases_unw),
        codes_add_up=var.kind is not Kind.MULTI,
        columns_add_up=by_kind in (Kind.NOMINAL, Kind.SCALE),
        remainder_empty=int(bases_unw[0]) == int(sum(bases_unw[1:])),
    )


def _flags(unweighted_base: int, options: TableOptions) -> tuple[str, ...]:
    flags: list[str] = []
    if unweighted_base == 0:  # nobody: "no respondents match", not a base to flag
        return ()
    if unweighted_base < options.very_low_base:
        flags.append(VERY_LOW_BASE)
    elif unweighted_base < options.low_base:
        flags.append(LOW_BASE)
    if 0 < unweighted_base < options.suppress_below:
        flags.append(SUPPRESSED)
    return tuple(flags)


# --- cells ------------------------------------------------------------------------------------
def _cell(
    prop: float,
    low: float,
    high: float,
    unweighted: float,
    weighted: float,
    suppressed: bool,
    significance: str,
    deff: float | None = None,
) -> Cell:
    if suppressed or not math.isfinite(prop):
        return Cell(None, None, None, int(round(unweighted)), float(weighted), suppressed, "")
    deff = float(deff) if deff is not None and math.isfinite(deff) else None
    ci_low = float(low) * 100.0 if math.isfinite(low) else None
    ci_high = float(high) * 100.0 if math.isfinite(high) else None
    return Cell(
        float(prop) * 100.0,
        ci_low,
        ci_high,
        int(round(unweighted)),
        float(weighted),
        False,
        significance,
        deff,
    )
