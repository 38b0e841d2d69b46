"""How a table's counts are made: from a cube's filter (explorer.core.survey.cube) or the stored
integer codes in one bincount per statistic (`fast_counts`), the general way over one mask per
column (`slow_counts`), and each column's respondents for linearised variances (`respondents`).

Each gives (row specs, unweighted and weighted counts rows × columns, the columns' unweighted,
weighted and effective bases, the columns' keys and labels), as `compute_table` takes them.
"""

from __future__ import annotations

import numpy as np

from explorer.core.survey import counting
from explorer.core.survey.counting_multi import multi_counts
from explorer.core.survey.design import make_design, simple
from explorer.core.survey.model import Kind
from explorer.core.survey.table_columns import by_codes, column_masks
from explorer.core.survey.table_rows import multi_rows, multi_specs, single_rows, single_specs
from explorer.core.survey.table_tests import Respondents
from explorer.core.survey.weighting import effective_base, weighted_counts


def fast_counts(survey, var, by, keep, weights, options, sel=None):
    """Counts from the stored integer codes in one bincount per statistic, or from a cube's
    filter `sel` (None: not possible)."""
    if sel is None:
        sel = counting.selection(survey, keep, weights, (options.weighted, options.weight))
    if var.kind is Kind.MULTI:
        found = multi_counts(
            survey,
            var,
            by,
            sel,
            include_missing=options.include_missing,
            by_codes=by_codes(survey, by, options),
            everyone_in_base=options.multi_base == "all",
        )
        if found is None:
            return None
        specs = multi_specs(survey, var)
    else:
        found = counting.single_counts(
            survey,
            var,
            by,
            sel,
            include_missing=options.include_missing,
            exclude_codes=options.exclude_codes,
            show_empty=options.show_empty,
            by_codes=by_codes(survey, by, options),
        )
        if found is None:
            return None
        specs = single_specs(var, found.codes, options)
    col_keys, col_labels, _ = column_masks(survey, by, options, with_masks=False)
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


def slow_counts(survey, var, by, keep, weights, options):
    """Counts the general way (float codes, a multiple-response breakdown): one pass per column."""
    if var.kind is Kind.MULTI:
        base, selected, specs = multi_rows(survey, var, keep, options)
    else:
        base, index, specs = single_rows(survey, var, keep, options)
    col_keys, col_labels, col_masks = column_masks(survey, by, options)

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


def respondents(survey, var, by, keep, weights, options, specs) -> Respondents:
    """Each table column's respondents and each row's 0/1 answer, for linearised variances."""
    if var.kind is Kind.MULTI:
        base, selected, _ = multi_rows(survey, var, keep, options)
        answers = [selected[:, spec.positions[0]] if spec.positions else None for spec in specs]
    else:
        base, index, _ = single_rows(survey, var, keep, options)
        answers = [
            (np.isin(index, spec.positions) & base).astype(np.float64)
            if spec.kind != "score"
            else None
            for spec in specs
        ]
    for r, spec in enumerate(specs):
        if spec.kind == "score":
            pos, neg = spec.score
            answers[r] = answers[pos] - answers[neg]
    _, _, masks = column_masks(survey, by, options)
    columns = [base if mask is None else base & mask for mask in masks]
    sample = np.asarray(weights) > 0  # who has a usable weight: the design's sample
    if options.strata or options.cluster:
        design = counting.cached(
            survey,
            "design",
            (options.strata, options.cluster, options.weight),
            lambda: make_design(survey, options.strata, options.cluster, sample),
            2,
        )
    else:
        design = simple(survey.n, sample)
    return Respondents(design, np.asarray(weights, dtype=np.float64), columns, answers)
