"""London adult (18+) population targets for rim weighting the sample, and the raking inputs.

Approximations, rounded, for an illustrative file — not official statistics:
- age band and gender: ONS Census 2021, usual residents of London aged 18+ (TS007A age by five-year
  bands, TS008 sex). London adults are young: roughly 12% 18–24, 23% 25–34, 20% 35–44, 16% 45–54,
  13% 55–64 and 16% 65+, with slightly more women than men, most of all at 65+.
- ethnic group: Census 2021 London (TS021) is 54% White among all ages; adults are a little whiter,
  so about 57% White and 43% ethnic minority.
- inner/outer London: Census 2021 population of the 14 Inner London boroughs (with the City)
  against the 19 Outer London boroughs, about 40% / 60% of adults.
- social grade: Census 2021 approximated social grade (household reference persons, London), about
  62% ABC1 and 38% C2DE.
Respondents who gave a gender other than man or woman, or no ethnic group, keep their sample share
(there is no population figure to rake them to).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

AGE_SHARES = {1: 0.12, 2: 0.23, 3: 0.20, 4: 0.16, 5: 0.13, 6: 0.16}
MEN_SHARE_BY_AGE = {1: 0.50, 2: 0.49, 3: 0.49, 4: 0.49, 5: 0.48, 6: 0.45}
WHITE_SHARE = 0.57
INNER_LONDON_SHARE = 0.40
ABC1_SHARE = 0.62

# Codes of the age × gender margin for respondents neither "Man" nor "Woman".
OTHER_GENDER_CELL = 0


def age_gender_cell(age_band: np.ndarray, gender: np.ndarray) -> np.ndarray:
    """10 × age band + gender for men (1) and women (2); 0 for anyone else."""
    age_band = np.asarray(age_band, dtype=np.int64)
    gender = np.asarray(gender, dtype=np.int64)
    binary = (gender == 1) | (gender == 2)
    return np.where(binary, 10 * age_band + gender, OTHER_GENDER_CELL)


def raking_margins(
    frame: pd.DataFrame,
) -> tuple[dict[str, np.ndarray], dict[str, dict[float, float]]]:
    """The sample's codes on each raking margin and the population shares to rake them to."""
    cell = age_gender_cell(frame["age_band"].to_numpy(), frame["gender"].to_numpy())
    ethnic = frame["ethnic_group"].to_numpy().astype(np.int64)
    other_gender = float(np.mean(cell == OTHER_GENDER_CELL))
    no_ethnicity = float(np.mean(ethnic == 99))

    age_gender: dict[float, float] = {}
    for age, share in AGE_SHARES.items():
        men = MEN_SHARE_BY_AGE[age]
        age_gender[10 * age + 1] = share * men * (1 - other_gender)
        age_gender[10 * age + 2] = share * (1 - men) * (1 - other_gender)
    if other_gender > 0:
        age_gender[OTHER_GENDER_CELL] = other_gender
    ethnic_group = {1: WHITE_SHARE * (1 - no_ethnicity), 2: (1 - WHITE_SHARE) * (1 - no_ethnicity)}
    if no_ethnicity > 0:
        ethnic_group[99] = no_ethnicity

    sample = {
        "age_gender": cell,
        "ethnic_group": ethnic,
        "london_area": frame["london_area"].to_numpy().astype(np.int64),
        "social_grade": frame["social_grade"].to_numpy().astype(np.int64),
    }
    targets = {
        "age_gender": age_gender,
        "ethnic_group": ethnic_group,
        "london_area": {1: INNER_LONDON_SHARE, 2: 1 - INNER_LONDON_SHARE},
        "social_grade": {1: ABC1_SHARE, 2: 1 - ABC1_SHARE},
    }
    return sample, targets
