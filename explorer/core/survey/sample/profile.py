"""Who the synthetic respondents are: age, gender, ethnicity, birthplace, area, grade and vote.

Drawn jointly (ethnicity and area depend on age; vote on age, ethnicity and grade) and, like a real
online panel, a little unrepresentative — too few young men, too many Outer Londoners and ABC1s —
so that raking has real work to do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def choose(rng: np.random.Generator, probs: np.ndarray, codes: list[int]) -> np.ndarray:
    """One draw per row of `probs` (rows need not be normalised), returned as `codes`."""
    cum = np.cumsum(np.asarray(probs, dtype=np.float64), axis=1)
    cum = cum / cum[:, -1:]
    index = (rng.random(len(cum))[:, None] > cum).sum(axis=1)
    return np.asarray(codes)[np.minimum(index, len(codes) - 1)]


def _rows(n: int, probs: list[float]) -> np.ndarray:
    return np.broadcast_to(np.asarray(probs, dtype=np.float64), (n, len(probs)))


def draw_profile(rng: np.random.Generator, n: int) -> pd.DataFrame:
    age = choose(rng, _rows(n, [0.09, 0.20, 0.20, 0.18, 0.16, 0.17]), [1, 2, 3, 4, 5, 6])
    men = np.array([0, 0.38, 0.42, 0.47, 0.47, 0.47, 0.46])[age]
    gender_probs = np.stack(
        [men * 0.986, (1 - men) * 0.986, np.full(n, 0.006), np.full(n, 0.008)], 1
    )
    gender = choose(rng, gender_probs, [1, 2, 3, 99])

    # Younger Londoners are more often from ethnic minorities; the panel leans White British.
    youth = (3.5 - age) / 2.5
    ethnicity_probs = np.stack(
        [
            0.46 - 0.12 * youth,
            np.full(n, 0.15),
            0.18 + 0.04 * youth,
            0.11 + 0.04 * youth,
            0.045 + 0.03 * youth,
            np.full(n, 0.04),
            np.full(n, 0.015),
        ],
        axis=1,
    ).clip(0.005)
    ethnicity = choose(rng, ethnicity_probs, [1, 2, 3, 4, 5, 6, 99])
    ethnic_group = np.select([ethnicity <= 2, ethnicity == 99], [1, 99], 2)

    born_in_uk = np.array([0, 0.97, 0.12, 0.38, 0.45, 0.80, 0.20])[
        np.where(ethnicity == 99, 0, ethnicity)
    ]
    born_in_uk = np.where(ethnicity == 99, 0.6, born_in_uk)
    born_uk = np.where(rng.random(n) < born_in_uk, 1, 2)
    born_uk = np.where(rng.random(n) < 0.012, 99, born_uk)

    inner = 0.32 + 0.10 * youth + 0.06 * (ethnic_group == 2)
    london_area = np.where(rng.random(n) < inner, 1, 2)
    sub_region = np.where(
        london_area == 1,
        choose(rng, _rows(n, [0.35, 0.20, 0.15, 0.20, 0.10]), [1, 2, 3, 4, 5]),
        choose(rng, _rows(n, [0.0, 0.28, 0.22, 0.26, 0.24]), [1, 2, 3, 4, 5]),
    )
    abc1 = 0.64 + 0.08 * (london_area == 1) + 0.04 * (age >= 2) * (age <= 4) - 0.05 * (age == 6)
    social_grade = np.where(rng.random(n) < abc1, 1, 2)

    vote = _draw_vote(rng, age, ethnic_group, social_grade)
    return pd.DataFrame(
        {
            "age_band": age,
            "gender": gender,
            "ethnicity": ethnicity,
            "ethnic_group": ethnic_group,
            "born_uk": born_uk,
            "vote_intention": vote,
            "london_area": london_area,
            "sub_region": sub_region,
            "social_grade": social_grade,
        }
    )


def _draw_vote(rng, age, ethnic_group, social_grade) -> np.ndarray:
    """Labour and Green lean young and minority; Conservative and Reform lean old and White."""
    older = (age - 3.5) / 2.5
    minority = (ethnic_group == 2).astype(np.float64)
    c2de = (social_grade == 2).astype(np.float64)
    logits = np.stack(
        [
            1.20 + 0.45 * minority - 0.10 * older,  # Labour
            0.45 + 0.70 * older - 0.50 * minority,  # Conservative
            -0.05 + 0.10 * older - 0.40 * c2de,  # Liberal Democrat
            0.30 - 0.80 * older - 0.30 * minority,  # Green
            0.20 + 0.60 * older + 0.50 * c2de - 0.60 * minority,  # Reform UK
            np.full(age.shape, -1.35),  # Other party
            -0.10 - 0.30 * older + 0.40 * c2de,  # Would not vote
            0.50 + 0.20 * c2de,  # Don't know
        ],
        axis=1,
    )
    probs = np.exp(logits)
    return choose(rng, probs, [1, 2, 3, 4, 5, 6, 7, 98])
