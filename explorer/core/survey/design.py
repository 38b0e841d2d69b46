"""Complex samples: the declared strata and clusters (PSUs) of a survey and Taylor-linearised
variances of weighted proportions and means (with-replacement PSU approximation, as R survey's
`svydesign(ids=~psu, strata=~stratum, weights=~w)` and Stata's `svy` compute by default).

For a ratio estimate p = Σ w·d·y / Σ w·d over a domain d (a column of the table, within the filter
and the question's base), each respondent's linearised score is u = w·d·(y − p) / Σ w·d; the score
totals per PSU, centred within each stratum, give

    var = Σ_h n_h / (n_h − 1) · Σ_a (U_ha − Ū_h)²

and the covariance of two estimates the same way, so a difference between overlapping columns
(multiple-response breakdowns) or between columns sharing PSUs is tested with its true variance.
Respondents outside the domain keep their place in the design with a score of 0 (domain
estimation, as R's `subset` of a design does). A stratum with a single PSU adds no variance (R's
`survey.lonely.psu = "certainty"`); the design says how many there are.

No library is used: `samplics` (the one maintained Python package for this) pulls in its own
dataframe stack, and statsmodels has no survey-design variances; the arithmetic is a few lines of
numpy, checked in tests against textbook formulas computed independently.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.core.errors import ExplorerError


@dataclass(frozen=True, eq=False)
class Design:
    """Each respondent's stratum and PSU as dense integer ids, and what the design is called."""

    psu: np.ndarray  # PSU id per respondent, 0…n_psu−1, unique across strata
    psu_stratum: np.ndarray  # stratum id of each PSU
    strata_name: str | None = None
    cluster_name: str | None = None
    single_psu_strata: int = 0

    @property
    def declared(self) -> bool:
        return self.strata_name is not None or self.cluster_name is not None

    @property
    def n_psu(self) -> int:
        return int(self.psu_stratum.size)

    @property
    def degrees_of_freedom(self) -> int:
        return self.n_psu - int(np.unique(self.psu_stratum).size)

    def describe(self) -> str:
        parts = []
        if self.strata_name:
            parts.append(f"strata {self.strata_name}")
        if self.cluster_name:
            parts.append(f"clusters {self.cluster_name}")
        text = (
            "Intervals and tests allow for the sample design ("
            + ", ".join(parts)
            + f"; {self.n_psu:,} PSUs) by Taylor linearisation"
        )
        if self.single_psu_strata:
            text += f"; {self.single_psu_strata} stratum(s) with one PSU add no variance"
        return text + "."


def simple(n: int, keep: np.ndarray | None = None) -> Design:
    """No declared design: every respondent (in `keep`, those with a usable weight) is their own
    PSU in one stratum; the others are outside the sample (PSU id n_psu)."""
    if keep is None:
        return Design(psu=np.arange(n, dtype=np.int64), psu_stratum=np.zeros(n, dtype=np.int64))
    keep = np.asarray(keep, dtype=bool)
    inside = int(np.count_nonzero(keep))
    psu = np.full(n, inside, dtype=np.int64)
    psu[keep] = np.arange(inside, dtype=np.int64)
    return Design(psu=psu, psu_stratum=np.zeros(inside, dtype=np.int64))


def make_design(
    survey, strata: str | None, cluster: str | None, keep: np.ndarray | None = None
) -> Design:
    """The design of `survey` from its strata and cluster variables (either may be None).

    Only respondents in `keep` (those with a usable weight; None: everyone) are in the sample, as
    SPSS's complex samples take them: the others form no PSU, count in no stratum, and may have
    no design values. They get the PSU id `n_psu`, which `psu_totals` leaves out."""
    n = survey.n
    keep = np.ones(n, dtype=bool) if keep is None else np.asarray(keep, dtype=bool)
    stratum_id = _ids(survey, strata, "strata", keep) if strata else np.zeros(n, dtype=np.int64)
    if cluster:
        cluster_id = _ids(survey, cluster, "clusters", keep)
        # A PSU is a (stratum, cluster) pair: cluster codes may restart within each stratum.
        pairs = stratum_id * (int(cluster_id.max()) + 1) + cluster_id
    else:
        pairs = np.arange(n, dtype=np.int64)
    psu = np.full(n, -1, dtype=np.int64)
    _, inside = np.unique(pairs[keep], return_inverse=True)
    psu[keep] = inside.astype(np.int64).ravel()
    n_psu = int(psu.max()) + 1 if keep.any() else 0
    psu[~keep] = n_psu  # no PSU of the sample
    psu_stratum = np.zeros(n_psu, dtype=np.int64)
    psu_stratum[psu[keep]] = stratum_id[keep]
    per_stratum = np.bincount(psu_stratum)
    return Design(
        psu=psu,
        psu_stratum=psu_stratum,
        strata_name=strata,
        cluster_name=cluster,
        single_psu_strata=int(np.count_nonzero(per_stratum == 1)),
    )


def _ids(survey, name: str, role: str, keep: np.ndarray) -> np.ndarray:
    column = survey.columns.get(name)
    survey.variable(name)  # the standard "has no variable named" sentence
    if column is None:
        raise ExplorerError(f"{name} is a set of items, so it cannot give the design's {role}.")
    if column.dtype.kind in "iuf":
        values = survey.values(name)
        missing = np.isnan(values)
    else:
        values = np.asarray(column, dtype=object)
        missing = np.array([v is None or v != v or v == "" for v in values], dtype=bool)
    missing &= keep  # respondents outside the sample may lack design values
    if missing.any():
        raise ExplorerError(
            f"{name} is missing for {int(missing.sum()):,} respondents, so it cannot give the "
            f"design's {role}."
        )
    values = values.astype(str) if values.dtype == object else np.where(keep, values, 0.0)
    _, ids = np.unique(values, return_inverse=True)
    return ids.astype(np.int64).ravel()


def psu_totals(design: Design, scores: list[np.ndarray]) -> np.ndarray:
    """n_psu × k totals of k respondent-level score vectors."""
    out = np.zeros((design.n_psu, len(scores)))
    for k, score in enumerate(scores):
        # respondents outside the sample carry the id n_psu: their bin is dropped
        out[:, k] = np.bincount(design.psu, weights=score, minlength=design.n_psu + 1)[
            : design.n_psu
        ]
    return out


def covariance(design: Design, totals: np.ndarray) -> np.ndarray:
    """k × k covariance of the estimated totals from their PSU totals (with replacement)."""
    strata = design.psu_stratum
    n_h = np.bincount(strata).astype(np.float64)
    k = totals.shape[1]
    means = np.zeros((n_h.size, k))
    for c in range(k):
        means[:, c] = np.bincount(strata, weights=totals[:, c], minlength=n_h.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        means /= n_h[:, None]
        factor = np.where(n_h > 1, n_h / (n_h - 1.0), 0.0)
    centred = (totals - means[strata]) * np.sqrt(factor[strata])[:, None]
    return centred.T @ centred


def ratio_scores(
    weights: np.ndarray, domain: np.ndarray, y: np.ndarray
) -> tuple[float, np.ndarray]:
    """(estimate, linearised score per respondent) of Σ w·d·y / Σ w·d."""
    wd = np.where(domain, weights, 0.0)
    total = float(wd.sum())
    if total <= 0:
        return float("nan"), np.zeros(weights.shape)
    estimate = float(wd @ y) / total
    return estimate, wd * (y - estimate) / total


def estimates_and_covariance(
    design: Design, weights: np.ndarray, domains: list[np.ndarray], y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Ratio estimates of `y` in each domain and their k × k linearised covariance."""
    found = [ratio_scores(weights, d, y) for d in domains]
    values = np.array([est for est, _ in found])
    cov = covariance(design, psu_totals(design, [score for _, score in found]))
    return values, cov


def kish_deff(unweighted: float | np.ndarray, effective: float | np.ndarray):
    """The design effect from weighting: unweighted base / Kish effective base (1 unweighted)."""
    unweighted = np.asarray(unweighted, dtype=np.float64)
    effective = np.asarray(effective, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(effective > 0, unweighted / effective, np.nan)
    return float(out) if out.ndim == 0 else out
