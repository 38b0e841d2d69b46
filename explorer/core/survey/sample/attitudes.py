"""What the synthetic respondents think: latent traits, one score per question, and the targets.

Five latent traits carry the joint structure the write-up describes: hawkishness on crime (rises
with age, Conservative and Reform voters), trust in institutions (high among Labour and
Conservative voters, low among Green and Reform voters), acceptance of technology (falls with age),
privacy worry (pulls against live facial recognition and drives the concerns), and disengagement
(drives "Don't know"). Each question's score mixes traits and its own noise; `calibration` then
cuts the scores so the weighted shares match the published figures (targets below, from
headline_figures.csv) and, where nothing is published, plausible shares chosen to honour the
relations the write-up states (trust: Met > council > Government; technology firms trusted twice as
much as distrusted; ANPR, CCTV, drones above live facial recognition; every AI use above "AI
generally"; "not tough enough" rising with age; victimisation falling with age).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from explorer.core.survey.sample.calibration import Target, calibrate, weighted_cut

DK = 98
Traits = dict[str, np.ndarray]


@dataclass(frozen=True)
class Question:
    """Overall shares of codes 1..K and of "Don't know" (percent), the score, and subgroup targets."""

    shares: tuple[float, ...]
    dont_know: float
    score: Callable[[Traits], np.ndarray]
    subgroups: Callable[[pd.DataFrame], list[Target]] = lambda profile: []
    # Boundaries whose overall share follows from subgroups that partition everyone.
    free_boundaries: tuple[int, ...] = ()
    noise: float = 0.8
    missing_code: int | None = None  # a user-missing code (not in the base) instead of "Don't know"
    dk_noise: float = 1.0


def _mask(profile: pd.DataFrame, name: str, *codes: int) -> np.ndarray:
    return np.isin(profile[name].to_numpy(), codes)


def _by_age(profile: pd.DataFrame, shares: dict[int, float], boundary: int) -> list[Target]:
    return [
        Target(s / 100, boundary, "le", _mask(profile, "age_band", a)) for a, s in shares.items()
    ]


def _trust_met_groups(p: pd.DataFrame) -> list[Target]:
    vote = "vote_intention"
    return [
        Target(0.50, 2, "le", _mask(p, "ethnic_group", 1)),  # F13
        Target(0.46, 2, "le", _mask(p, "ethnic_group", 2)),  # F14
        Target(0.52, 2, "le", _mask(p, "born_uk", 2)),  # F15
        Target(0.62, 2, "le", _mask(p, vote, 1)),  # F16
        Target(0.60, 2, "le", _mask(p, vote, 2)),  # F17
        Target(0.31, 2, "le", _mask(p, vote, 4)),  # F18
        Target(0.40, 3, "gt", _mask(p, vote, 4)),  # F19
        Target(0.41, 2, "le", _mask(p, vote, 5)),  # F20
        Target(0.35, 3, "gt", _mask(p, vote, 5)),  # F21
    ]


# Scores: low = the first code ("Strongly agree", "Trust a lot", "Strongly support", "Yes").
QUESTIONS: dict[str, Question] = {
    "q_tough": Question(
        (35, 28, 15, 11, 7),
        4,
        lambda t: -t["hawk"],
        # F01–F03: 18–24 at 49, rising with age; the bands average 63 over London's age mix.
        lambda p: _by_age(p, {1: 49, 2: 56, 3: 61, 4: 66, 5: 71, 6: 76.6}, 2),
        free_boundaries=(2,),
    ),
    "q_death_penalty": Question((62, 29), 9, lambda t: -t["hawk"]),  # F04, F05
    "q_police_powers": Question((32, 17, 43), 8, lambda t: t["hawk"] - 0.3 * t["trust"]),  # F06–7
    "q_victim": Question(
        (
            15,
            85,
        ),  # F08 (shares of those not declining to say); under 35 → 21 (F09), 65+ → about 5 (F10)
        1,
        lambda t: 0.8 * t["age"],
        lambda p: _by_age(p, {1: 23, 2: 20, 3: 17, 4: 13, 5: 10, 6: 5.4}, 1),
        free_boundaries=(1,),
        missing_code=99,
    ),
    "q_report": Question(
        (46, 28, 15, 6), 5, lambda t: -0.4 * t["trust"] - 0.3 * t["age"]
    ),  # F11–12
    "q_trust_met": Question(
        (17, 31, 22, 13, 11), 6, lambda t: -t["trust"], _trust_met_groups, free_boundaries=(2,)
    ),
    "q_trust_localgov": Question((8, 28, 28, 17, 13), 6, lambda t: -0.8 * t["trust"]),
    "q_trust_natgov": Question(
        (5, 20, 24, 21, 24), 6, lambda t: -0.7 * t["trust"] - 0.5 * t["labour"] + 0.4 * t["reform"]
    ),
    "q_trust_techfirms": Question(
        (10, 30, 32, 12, 8), 8, lambda t: -0.6 * t["tech"] - 0.3 * t["trust"]
    ),
    # F22–F24: 80% support each.
    "q_support_newtech": Question((38, 42, 11, 3, 2), 4, lambda t: -t["tech"] - 0.4 * t["hawk"]),
    "q_support_useinfo": Question((45, 35, 10, 4, 2), 4, lambda t: -0.7 * t["tech"] - t["hawk"]),
    "q_support_connect": Question((42, 38, 11, 3, 2), 4, lambda t: -0.8 * t["tech"] - t["hawk"]),
    "q_tech_anpr": Question((42, 33, 13, 4, 2), 6, lambda t: -0.6 * t["tech"] - 0.6 * t["hawk"]),
    "q_tech_cctv": Question((52, 32, 9, 3, 1), 3, lambda t: -0.5 * t["tech"] - 0.7 * t["hawk"]),
    "q_tech_drones": Question((30, 38, 16, 7, 4), 5, lambda t: -0.8 * t["tech"] - 0.5 * t["hawk"]),
    "q_tech_lfr": Question(
        (24, 32, 15, 13, 10),
        6,
        lambda t: -0.5 * t["tech"] - 0.5 * t["hawk"] + 0.9 * t["privacy"],
        noise=0.6,
    ),
    # F25–F27.
    "q_tech_capability": Question((34, 31, 19), 16, lambda t: 0.4 * t["trust"] + 0.3 * t["tech"]),
    # F28–F29; F30–F32 are "60% or more": aimed at the middle of 60–70.
    "q_ai_general": Question(
        (9, 24, 20, 20, 20), 7, lambda t: -t["tech"] + 0.4 * t["privacy"] - 0.2 * t["trust"]
    ),
    "q_ai_resources": Question((25, 40, 17, 7, 5), 6, lambda t: -t["tech"] - 0.3 * t["trust"]),
    "q_ai_repeat": Question((30, 36, 16, 7, 5), 6, lambda t: -t["tech"] - 0.5 * t["hawk"]),
    "q_ai_link": Question((28, 37, 17, 7, 5), 6, lambda t: -t["tech"] - 0.3 * t["hawk"]),
    "q_ai_cctv_search": Question((30, 38, 16, 6, 4), 6, lambda t: -t["tech"] - 0.4 * t["hawk"]),
    "q_ai_paperwork": Question((18, 32, 22, 12, 9), 7, lambda t: -t["tech"]),
}

# Multiple response: share (percent) selecting each concern before the empty-handed are given
# their leading concern (which adds a few points each); "none of these" is exclusive.
CONCERN_NONE = 17.0
CONCERNS = {"privacy": 42.0, "misuse": 37.0, "breach": 39.0, "errors": 29.0}
CONCERN_LOADINGS = {"privacy": 1.0, "misuse": 0.9, "breach": 0.8, "errors": 0.6}


def latent_traits(rng: np.random.Generator, profile: pd.DataFrame) -> Traits:
    """The five traits (roughly standard normal), built from the profile plus noise."""
    n = len(profile)
    age = (profile["age_band"].to_numpy() - 3.5) / 1.7
    vote = profile["vote_intention"].to_numpy()
    minority = (profile["ethnic_group"].to_numpy() == 2).astype(np.float64)
    abroad = (profile["born_uk"].to_numpy() == 2).astype(np.float64)
    abc1 = (profile["social_grade"].to_numpy() == 1).astype(np.float64)
    labour, con, green, reform = (vote == 1), (vote == 2), (vote == 4), (vote == 5)
    lib, nonvoter = (vote == 3), np.isin(vote, (7, 98))
    hawk = 0.45 * age + 0.5 * reform + 0.35 * con - 0.5 * green - 0.25 * lib + rng.normal(0, 0.9, n)
    trust = (
        0.45 * labour
        + 0.40 * con
        - 0.80 * green
        - 0.55 * reform
        - 0.25 * nonvoter
        + 0.10 * abroad
        + rng.normal(0, 1.0, n)
    )
    tech = -0.35 * age + 0.2 * trust + 0.15 * abc1 + rng.normal(0, 1.0, n)
    privacy = 0.4 * green + 0.15 * minority - 0.3 * tech - 0.15 * age + rng.normal(0, 1.0, n)
    disengaged = -0.3 * abc1 + 0.5 * nonvoter + 0.2 * np.abs(age) + rng.normal(0, 1.0, n)
    return {
        "age": age,
        "hawk": hawk,
        "trust": trust,
        "tech": tech,
        "privacy": privacy,
        "disengaged": disengaged,
        "labour": labour.astype(np.float64),
        "reform": reform.astype(np.float64),
    }


def _top_share(score: np.ndarray, weights: np.ndarray, share: float) -> np.ndarray:
    """True for the highest-scoring respondents holding `share` of the total weight."""
    cut = weighted_cut(score, weights, (1 - share) * weights.sum())
    return score >= cut


def answers(
    rng: np.random.Generator, profile: pd.DataFrame, weights: np.ndarray
) -> dict[str, np.ndarray]:
    """Every attitude question's codes, calibrated against `weights`."""
    traits = latent_traits(rng, profile)
    n = len(profile)
    out: dict[str, np.ndarray] = {}
    for name, q in QUESTIONS.items():
        score = q.score(traits) + rng.normal(0, q.noise, n)
        aside = _top_share(
            traits["disengaged"] + rng.normal(0, q.dk_noise, n), weights, q.dont_know / 100
        )
        base = ~aside if q.missing_code is not None else np.ones(n, dtype=bool)
        excluded = aside & base
        cumulative = np.cumsum(q.shares)[:-1] / 100
        targets = [
            Target(share, k + 1)
            for k, share in enumerate(cumulative)
            if k + 1 not in q.free_boundaries
        ]
        targets += q.subgroups(profile)
        codes = calibrate(score, weights, len(q.shares), targets, excluded=excluded, base=base)
        out[name] = np.where(aside, q.missing_code or DK, codes)
        if name == "q_tech_lfr":
            lfr_score = (score - score.mean()) / score.std()
    out.update(_concerns(rng, traits, lfr_score, weights))
    return out


def _concerns(
    rng, traits: Traits, lfr_score: np.ndarray, weights: np.ndarray
) -> dict[str, np.ndarray]:
    n = lfr_score.size
    worry = 0.8 * traits["privacy"] + 0.35 * lfr_score
    none = _top_share(-worry + rng.normal(0, 0.8, n), weights, CONCERN_NONE / 100)
    scores, chosen = [], []
    for item, share in CONCERNS.items():
        score = -(CONCERN_LOADINGS[item] * worry) + rng.normal(0, 1.0, n)
        codes = calibrate(score, weights, 2, [Target(share / 100, 1)], excluded=none)
        scores.append(score)
        chosen.append(codes == 1)
    picked = np.stack(chosen, axis=1)
    # Everyone not choosing "none of these" chose something: give anyone left empty-handed the
    # concern they lean to most. This lifts each share a few points above its calibrated value.
    empty = ~none & ~picked.any(axis=1)
    favourite = np.argmin(np.stack(scores, axis=1), axis=1)
    picked[empty, favourite[empty]] = True
    out = {f"q_concern_{item}": picked[:, i].astype(np.int8) for i, item in enumerate(CONCERNS)}
    out["q_concern_none"] = none.astype(np.int8)
    return out
