"""`compute_table`: weighted percentages of a question, optionally by a breakdown variable, with
bases, Kish effective bases, Wilson intervals, significance letters and disclosure control.

The contract every chart and export relies on. Counting is vectorised (np.bincount over integer code
positions); the only Python loops are over rows and columns of the table, never over respondents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from explorer.core.errors import ExplorerError
from explorer.core.survey import counting, disclosure
from explorer.core.survey.intervals import Z95, column_significance, wilson_interval
from explorer.core.survey.model import Kind, Survey, Variable
from explorer.core.survey.table import (
    LOW_BASE,
    VERY_LOW_BASE,
    Cell,
    Column,
    Row,
    Table,
    TableOptions,
)
from explorer.core.survey.weighting import (
    applied_weight,
    effective_base,
    table_weights,
    weight_mask,
    weighted_counts,
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
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DEFAULT_OPTIONS = TableOptions()


@dataclass(frozen=True)
class _Spec:
    """What one table row counts: a code position, a net (several positions) or a score."""

    code: float | str
    label: str
    kind: str
    positions: tuple[int, ...] = ()
    score: tuple[int, int] = (-1, -1)  # row numbers of the positive and negative nets


def compute_table(
    survey: Survey,
    question: str,
    *,
    by: str | None = None,
    mask: np.ndarray | None = None,
    options: TableOptions = DEFAULT_OPTIONS,
    filter_description: str = "All respondents",
) -> Table:
    """Tabulate `question` (single choice or multiple response) among respondents in `mask`."""
    var = survey.variable(question)
    if var.kind not in (Kind.NOMINAL, Kind.SCALE, Kind.MULTI):
        raise ExplorerError(
            f"{question} is a {var.kind.value} variable; only single-choice and multiple-response "
            "questions can be tabulated."
        )
    keep = counting.everyone(survey) if mask is None else np.asarray(mask, dtype=bool)
    if keep.shape != (survey.n,):
        raise ExplorerError(
            f"The filter does not match the {survey.n} respondents of {survey.name}."
        )
    if mask is not None and survey.weight is not None:
        # Respondents the survey's weight leaves out (zero, negative, missing) are out of every
        # table, whatever mask a caller built: rows are chosen from the codes they hold.
        keep = keep & counting.everyone(survey)
    # Settle the weight once: from here on options.weight is the one applied (None: unweighted).
    name = applied_weight(survey, weighted=options.weighted, weight=options.weight)
    options = replace(options, weighted=name is not None, weight=name)
    if name is not None and name != survey.weight:  # the survey's masks know only its own weight
        left_out = weight_mask(survey, name)
        keep = keep if left_out is None else keep & left_out
    weights = table_weights(survey, weighted=options.weighted, weight=options.weight)
    fast = _fast_counts(survey, var, by, keep, weights, options)
    if fast is not None:
        specs, unw, wtd, bases_unw, bases_w, bases_eff, col_keys, col_labels = fast
        n_rows, n_cols = unw.shape
    else:
        specs, unw, wtd, bases_unw, bases_w, bases_eff, col_keys, col_labels = _slow_counts(
            survey, var, by, keep, weights, options
        )
        n_rows, n_cols = unw.shape

    with np.errstate(divide="ignore", invalid="ignore"):
        props = np.where(bases_w[None, :] > 0, wtd / bases_w[None, :], np.nan)
    layout = _disclosure_layout(survey, var, by, specs, bases_unw)
    cell_suppressed, primary = disclosure.protect(layout, unw, bases_unw, options.suppress_below)
    low, high = wilson_interval(props, np.broadcast_to(bases_eff, props.shape))

    # Scores are differences of two nets: filled in from their nets, never from rounded cells.
    for r, spec in enumerate(specs):
        if spec.kind != "score":
            continue
        pos, neg = spec.score
        props[r] = props[pos] - props[neg]
        unw[r] = unw[pos] + unw[neg]
        wtd[r] = wtd[pos] - wtd[neg]
        low[r], high[r] = _score_interval(props[pos], props[neg], bases_eff)

    letters = [""] + [_letter(i) for i in range(n_cols - 1)]
    significance = _significance(
        specs, props, bases_eff, bases_unw, cell_suppressed, letters, options
    )

    columns = tuple(
        Column(
            key=col_keys[c],
            label=col_labels[c],
            letter=letters[c],
            unweighted_base=int(bases_unw[c]),
            weighted_base=float(bases_w[c]),
            effective_base=float(bases_eff[c]),
            flags=_flags(int(bases_unw[c]), options),
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
                )
                for c in range(n_cols)
            ),
        )
        for r, spec in enumerate(specs)
    )
    notes = []
    outside = _outside_breakdown(survey, by, bases_unw)
    if outside:
        notes.append(
            f"The Total column includes {outside:,} respondent{'s' if outside != 1 else ''} "
            f"in no {by} column (no answer, or an answer that is missing or excluded)."
        )
    if var.kind is Kind.MULTI:
        notes.append(MULTI_BASE_NOTES.get(options.multi_base, MULTI_BASE_NOTES["answered"]))
    if any(spec.kind == "score" for spec in specs):
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


# --- counting ---------------------------------------------------------------------------------
def _fast_counts(survey, var, by, keep, weights, options):
    """Counts from the stored integer codes in one bincount per statistic (None: not possible)."""
    sel = counting.selection(survey, keep, weights, (options.weighted, options.weight))
    if var.kind is Kind.MULTI:
        found = counting.multi_counts(
            survey,
            var,
            by,
            sel,
            include_missing=options.include_missing,
            by_codes=_by_codes(survey, by, options),
            everyone_in_base=options.multi_base == "all",
        )
        if found is None:
            return None
        specs = _multi_specs(survey, var)
    else:
        found = counting.single_counts(
            survey,
            var,
            by,
            sel,
            include_missing=options.include_missing,
            exclude_codes=options.exclude_codes,
            show_empty=options.show_empty,
            by_codes=_by_codes(survey, by, options),
        )
        if found is None:
            return None
        specs = _single_specs(var, found.codes, options)
    col_keys, col_labels, _ = _column_masks(survey, by, options, with_masks=False)
    n_rows, n_cols = len(specs), len(col_keys)
    unw = np.zeros((n_rows, n_cols))
    wtd = np.zeros((n_rows, n_cols))
    for r, spec in enumerate(specs):
        if spec.kind in ("code", "net"):
            unw[r] = found.count[list(spec.positions)].sum(axis=0)
            wtd[r] = found.weight[list(spec.positions)].sum(axis=0)
    bases_unw = np.rint(found.base_count).astype(np.int64)
    bases_w = found.base_weight
    if options.weighted:
        with np.errstate(divide="ignore", invalid="ignore"):
            bases_eff = np.where(found.base_square > 0, bases_w * bases_w / found.base_square, 0.0)
    else:
        bases_eff = bases_unw.astype(np.float64)
    return specs, unw, wtd, bases_unw, bases_w, bases_eff, col_keys, col_labels


def _slow_counts(survey, var, by, keep, weights, options):
    """Counts the general way (float codes, a multiple-response breakdown): one pass per column."""
    if var.kind is Kind.MULTI:
        base, selected, specs = _multi_rows(survey, var, keep, options)
    else:
        base, index, specs = _single_rows(survey, var, keep, options)
    col_keys, col_labels, col_masks = _column_masks(survey, by, options)

    n_rows, n_cols = len(specs), len(col_masks)
    unw = np.zeros((n_rows, n_cols))
    wtd = np.zeros((n_rows, n_cols))
    bases_unw = np.zeros(n_cols, dtype=np.int64)
    bases_w = np.zeros(n_cols)
    bases_eff = np.zeros(n_cols)
    for c, col_mask in enumerate(col_masks):
        in_col = base if col_mask is None else base & col_mask
        w = weights[in_col]
        bases_unw[c] = int(in_col.sum())
        bases_w[c] = float(w.sum())
        bases_eff[c] = float(bases_unw[c]) if not options.weighted else effective_base(w)
        if var.kind is Kind.MULTI:
            picked = selected[in_col]
            unw[:, c] = picked.sum(axis=0)
            wtd[:, c] = w @ picked if picked.size else 0.0
        else:
            codes_here = index[in_col]
            n_codes = sum(1 for s in specs if s.kind == "code")
            by_code_unw = weighted_counts(codes_here, None, n_codes)
            by_code_w = weighted_counts(codes_here, w, n_codes)
            for r, spec in enumerate(specs):
                if spec.kind in ("code", "net"):
                    unw[r, c] = by_code_unw[list(spec.positions)].sum()
                    wtd[r, c] = by_code_w[list(spec.positions)].sum()
    return specs, unw, wtd, bases_unw, bases_w, bases_eff, col_keys, col_labels


# --- rows -------------------------------------------------------------------------------------
def _single_rows(
    survey: Survey, var: Variable, keep: np.ndarray, options: TableOptions
) -> tuple[np.ndarray, np.ndarray, list[_Spec]]:
    """Base mask, each respondent's row position (valid only inside the base) and the row specs."""
    values = survey.values(var.name)
    base = keep & survey.valid(var.name, include_user_missing=options.include_missing)
    excluded = np.asarray(sorted(options.exclude_codes), dtype=np.float64)
    if excluded.size:
        base &= ~np.isin(values, excluded)

    def shown(code: float) -> bool:
        if code in options.exclude_codes:
            return False
        return options.include_missing or not var.is_missing(code)

    codes = counting.shown_codes(
        survey, var, [code for code in var.codes if shown(code)], show_empty=options.show_empty
    )
    present = np.unique(values[base])
    listed = set(codes)
    # Every code someone in the base holds has its row: searchsorted below would otherwise put
    # its respondents in a neighbouring code's row.
    codes += [float(code) for code in present if float(code) not in listed]

    order = np.asarray(codes, dtype=np.float64)
    sorter = np.argsort(order, kind="stable")
    index = np.zeros(survey.n, dtype=np.intp)
    if order.size:
        found = np.searchsorted(order[sorter], values[base])
        index[base] = sorter[found]

    return base, index, _single_specs(var, codes, options)


def _single_specs(var: Variable, codes: list[float], options: TableOptions) -> list[_Spec]:
    """One row per code shown, then (for scales) the nets and net scores."""
    specs = [_Spec(code, var.label_for(code), "code", (i,)) for i, code in enumerate(codes)]
    if options.show_nets and var.nets:  # scales, and any net the user defined
        position = {code: i for i, code in enumerate(codes)}
        net_rows: dict[str, int] = {}
        for net in var.nets:
            net_rows[net.key] = len(specs)
            positions = tuple(position[c] for c in net.codes if c in position)
            specs.append(_Spec(f"net:{net.key}", net.label, "net", positions))
        for key, label, positive, negative in var.net_scores:
            if positive in net_rows and negative in net_rows:
                pair = (net_rows[positive], net_rows[negative])
                specs.append(_Spec(f"score:{key}", label, "score", score=pair))
    return specs


def _multi_rows(
    survey: Survey, var: Variable, keep: np.ndarray, options: TableOptions
) -> tuple[np.ndarray, np.ndarray, list[_Spec]]:
    """Base mask (answered the set), an n × items 0/1 selection matrix and one spec per item."""
    base = keep & survey.valid(var.name, include_user_missing=options.include_missing)
    if options.multi_base == "all":
        base = keep.copy()
    counted = 1.0 if var.counted_value is None else float(var.counted_value)
    selected = np.column_stack(
        [survey.values(member) == counted for member in var.members]
        or [np.zeros(survey.n, dtype=bool)]
    ).astype(np.float64)
    if not var.members:
        selected = selected[:, :0]
    return base, selected, _multi_specs(survey, var)


def _multi_specs(survey: Survey, var: Variable) -> list[_Spec]:
    return [
        _Spec(member, survey.variable(member).label or member, "code", (i,))
        for i, member in enumerate(var.members)
    ]


# --- columns ----------------------------------------------------------------------------------
def _by_codes(survey: Survey, by: str | None, options: TableOptions) -> list[float] | None:
    """The breakdown's columns: its substantive codes, less those nobody in the file holds."""
    if by is None:
        return None
    by_var = survey.variable(by)
    if by_var.kind is Kind.MULTI:
        return None
    return counting.shown_codes(
        survey, by_var, by_var.substantive_codes, show_empty=options.show_empty
    )


def _column_masks(
    survey: Survey, by: str | None, options: TableOptions, *, with_masks: bool = True
) -> tuple[list[float | str], list[str], list[np.ndarray | None]]:
    """The total column (no extra mask) then one column per substantive code (or item) of `by`."""
    keys: list[float | str] = ["all"]
    labels = ["Total"]
    masks: list[np.ndarray | None] = [None]
    if by is None:
        return keys, labels, masks
    by_var = survey.variable(by)
    if by_var.kind is Kind.MULTI:
        counted = 1.0 if by_var.counted_value is None else float(by_var.counted_value)
        for member in by_var.members:
            keys.append(member)
            labels.append(survey.variable(member).label or member)
            masks.append(survey.values(member) == counted if with_masks else None)
    elif by_var.kind in (Kind.NOMINAL, Kind.SCALE):
        values = survey.values(by) if with_masks else None
        for code in _by_codes(survey, by, options):
            keys.append(code)
            labels.append(by_var.label_for(code))
            masks.append(values == code if with_masks else None)
    else:
        raise ExplorerError(
            f"{by} is a {by_var.kind.value} variable; tables can only be broken down by a "
            "single-choice or multiple-response variable."
        )
    if len(keys) - 1 > len(_LETTERS) * len(_LETTERS):
        raise ExplorerError(f"{by} has too many codes to break a table down by.")
    return keys, labels, masks


def _outside_breakdown(survey: Survey, by: str | None, bases_unw: np.ndarray) -> int:
    """Respondents in the total but in no column of a single-choice breakdown."""
    if by is None or survey.variable(by).kind is Kind.MULTI:
        return 0
    return max(0, int(bases_unw[0]) - int(bases_unw[1:].sum()))


def _letter(i: int) -> str:
    """A, B, …, Z, AA, AB, …: the significance letter of the i-th breakdown column."""
    if i < len(_LETTERS):
        return _LETTERS[i]
    return _LETTERS[i // len(_LETTERS) - 1] + _LETTERS[i % len(_LETTERS)]


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
def _score_interval(
    p_pos: np.ndarray, p_neg: np.ndarray, n_eff: np.ndarray, z: float = Z95
) -> tuple[np.ndarray, np.ndarray]:
    """Delta-method interval of p_pos − p_neg from one multinomial: var = (p+ + p− − d²) / n_eff."""
    diff = p_pos - p_neg
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(np.clip(p_pos + p_neg - diff * diff, 0.0, None) / n_eff)
    return np.clip(diff - z * se, -1.0, 1.0), np.clip(diff + z * se, -1.0, 1.0)


def _significance(
    specs: list[_Spec],
    props: np.ndarray,
    bases_eff: np.ndarray,
    bases_unw: np.ndarray,
    suppressed: np.ndarray,
    letters: list[str],
    options: TableOptions,
) -> list[list[str]]:
    """Letters for breakdown columns only; score rows and the total column get none."""
    n_rows, n_cols = props.shape
    out = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    if n_cols < 3:
        return out
    column_ok = (bases_unw[1:] >= options.suppress_below) & (bases_eff[1:] > 0)
    testable = ~suppressed[:, 1:] & column_ok[None, :]
    found = column_significance(
        props[:, 1:], bases_eff[1:], letters[1:], alpha=options.alpha, testable=testable
    )
    for r, spec in enumerate(specs):
        if spec.kind != "score":
            out[r][1:] = found[r]
    return out


def _cell(
    prop: float,
    low: float,
    high: float,
    unweighted: float,
    weighted: float,
    suppressed: bool,
    significance: str,
) -> Cell:
    if suppressed or not math.isfinite(prop):
        return Cell(None, None, None, int(round(unweighted)), float(weighted), suppressed, "")
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
    )
