"""Weighted counting: the weight a table uses, which respondents a weight leaves out, weighted
counts by code, Kish's effective base, and the data notes about a weight (choosing one is in
`weight_choice`).

As SPSS and PSPP do, a respondent whose weight is zero, negative or missing is left out of every
base, count and flag while that weight is applied; with no weight applied everyone counts.
Everything is vectorised over respondents (np.bincount), so it scales to millions.
"""

from __future__ import annotations

import numpy as np

from explorer.core.errors import ExplorerError


def effective_base(weights: np.ndarray) -> float:
    """Kish's effective sample size (Σw)² / Σw²; 0.0 for no (or all-zero) weights."""
    w = np.asarray(weights, dtype=np.float64)
    total = float(w.sum())
    squares = float(np.dot(w, w))
    if squares <= 0.0:
        return 0.0
    return total * total / squares


def weighted_counts(
    codes_index: np.ndarray, weights: np.ndarray | None, n_codes: int
) -> np.ndarray:
    """Sum of weights per code index 0…n_codes−1 (unweighted counts when `weights` is None).

    `codes_index` holds non-negative integer positions, one per respondent already in the base.
    """
    index = np.asarray(codes_index, dtype=np.intp)
    if weights is None:
        counts = np.bincount(index, minlength=n_codes).astype(np.float64)
    else:
        counts = np.bincount(
            index, weights=np.asarray(weights, dtype=np.float64), minlength=n_codes
        )
    return counts[:n_codes]


# --- which weight, and who it leaves out --------------------------------------------------------
def applied_weight(survey, *, weighted: bool = True, weight: str | None = None) -> str | None:
    """The weight variable a table uses: `weight` if named, else the survey's; None: unweighted."""
    if not weighted:
        return None
    return weight if weight is not None else survey.weight


def raw_weights(survey, name: str) -> np.ndarray:
    """The weight column as float64 (NaN for missing); refuses a non-numeric variable."""
    survey.variable(name)
    column = survey.columns[name]
    if column.dtype.kind not in "iuf":
        raise ExplorerError(f"{name} is not numeric, so it cannot be used as a weight.")
    return survey.values(name)


# No survey weight comes near this (grossing 1,000 interviews up to the world's population gives
# about 10⁷); beyond it a weight is damage, and its squares and sums would overflow float64
# (1e308 made the effective base 0 and the weighted base a 100-digit number).
MAX_WEIGHT = 1e12


def usable(values: np.ndarray) -> np.ndarray:
    """True where a weight counts: a finite number above zero and at most MAX_WEIGHT."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(values) & (values > 0) & (values <= MAX_WEIGHT)


def weight_mask(survey, name: str | None) -> np.ndarray | None:
    """Read-only mask of the respondents `name` keeps, or None when it keeps everyone."""
    if name is None:
        return None
    from explorer.core.survey.counting import cached

    def make() -> np.ndarray | None:
        keep = usable(raw_weights(survey, name))
        if keep.all():
            return None
        keep.flags.writeable = False
        return keep

    return cached(survey, "weight_mask", name, make, 4)


def table_weights(survey, *, weighted: bool = True, weight: str | None = None) -> np.ndarray:
    """The weight of each respondent for a table: ones when unweighted, else the chosen variable
    with 0 where the weight is zero, negative or missing (those respondents are also left out of
    the table's mask; see `weight_mask`)."""
    from explorer.core.survey.counting import cached

    name = applied_weight(survey, weighted=weighted, weight=weight)

    def make() -> np.ndarray:
        if name is None:
            values = np.ones(survey.n, dtype=np.float64)
        else:
            raw = raw_weights(survey, name)
            ok = usable(raw)
            if raw.dtype == np.float64 and ok.all():
                return raw  # the stored column itself: no copy (80 MB at 10M respondents)
            # float64 whatever the stored column's width: sums of a float32 weight in float32
            # drift by 1e-7 of the total, and the two counting paths disagreed by that much
            values = np.where(ok, raw, 0.0).astype(np.float64, copy=False)
        values.flags.writeable = False  # shared by every table of this survey
        return values

    return cached(survey, "weights", name, make, 4)


# --- notes about a weight ---------------------------------------------------------------------
def weight_notes(name: str, values: np.ndarray) -> list[str]:
    """Data notes about a weight column; raises ValueError (a sentence) if no respondent has a
    usable weight. Zero, negative, blank or infinite weights leave their respondents out."""
    weights = np.asarray(values, dtype=np.float64)
    good = usable(weights)
    if not good.any():
        with np.errstate(invalid="ignore"):
            huge = bool(np.any(np.isfinite(weights) & (weights > MAX_WEIGHT)))
        if huge:
            raise ValueError(
                f"the weight variable {name} has no usable weight: every weight is zero, missing "
                f"or larger than {MAX_WEIGHT:.0e}, which no survey weight comes near"
            )
        raise ValueError(f"the weight variable {name} has no weight above zero")
    notes = []
    left_out = int(weights.size - np.count_nonzero(good))
    if left_out:
        with np.errstate(invalid="ignore"):
            parts = [
                (int(np.count_nonzero(weights == 0)), "zero"),
                (int(np.count_nonzero(weights < 0)), "negative"),
                (int(np.count_nonzero(np.isnan(weights))), "blank"),
                (int(np.count_nonzero(np.isinf(weights))), "infinite"),
                (
                    int(np.count_nonzero(np.isfinite(weights) & (weights > MAX_WEIGHT))),
                    f"larger than {MAX_WEIGHT:.0e}",
                ),
            ]
        detail = ", ".join(f"{n:,} {what}" for n, what in parts if n)
        notes.append(
            f"{left_out:,} respondent{'s' if left_out != 1 else ''} with a zero, negative, "
            f"missing or absurd weight ({detail}) {'are' if left_out != 1 else 'is'} left out of every "
            f"base, count and flag while {name} is the weight (as SPSS and PSPP do)."
        )
    mean = float(weights[good].mean())
    if abs(mean - 1.0) > 0.01:
        notes.append(
            f"The weight variable {name} averages {mean:.3g}, not 1: percentages are unaffected, "
            "weighted counts are on its scale."
        )
    return notes


def several_candidates_note(candidates) -> str:
    return (
        f"Several variables look like weights ({', '.join(candidates)}); the survey is shown "
        "unweighted until you choose one (Data ▸ Weight…, or --weight VAR)."
    )


def no_weight_note(candidates) -> str:
    return (
        f"No weight is applied ({', '.join(candidates)} "
        f"{'is' if len(candidates) == 1 else 'are'} not used): every figure is unweighted."
    )
