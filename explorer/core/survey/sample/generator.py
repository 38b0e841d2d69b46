"""The generator of the bundled London sample survey: profile, rim weights, calibrated answers.

Reproducible from a seed and vectorised, so the same code makes the committed ~1,000-row file and
million-row benchmark files.

Method, in order:
1. Draw respondents' profiles (`profile`), deliberately a little unrepresentative (too few young
   men, too many Outer Londoners and ABC1s), as an online panel would be.
2. Rim-weight them (`raking.rake`, iterative proportional fitting with trimming to 0.2–5) to
   approximate London 18+ margins (`targets`): age band × gender, ethnic group, inner/outer London,
   social grade. The weights are kept as raked, mean 1.
3. Give everyone latent traits that depend on their profile (`attitudes`) and a score per question;
   then calibrate (`calibration`): cut each score at weighted quantiles, overall and within the
   published subgroups, so the respondents nearest a category boundary take the neighbouring answer
   until every weighted figure of headline_figures.csv — and every stated relation — holds.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from explorer.core.errors import ExplorerError
from explorer.core.survey.raking import rake
from explorer.core.survey.sample import questionnaire
from explorer.core.survey.sample.attitudes import answers
from explorer.core.survey.sample.profile import draw_profile
from explorer.core.survey.sample.targets import raking_margins
from explorer.core.survey.sav_writer import write_sav

DEFAULT_RESPONDENTS = 1050
DEFAULT_SEED = 20251126
# A fixed creation stamp, so the same seed gives the same bytes.
CREATED = datetime(2025, 11, 26, 9, 0, 0)


def generate(respondents: int = DEFAULT_RESPONDENTS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The sample survey as a DataFrame of codes, columns in questionnaire order."""
    if respondents < 100:
        raise ExplorerError(
            "The sample needs at least 100 respondents to hit its subgroup targets."
        )
    rng = np.random.default_rng(seed)
    profile = draw_profile(rng, respondents)
    sample, targets = raking_margins(profile)
    weights = rake(sample, targets)
    coded = answers(rng, profile, weights)
    frame = pd.DataFrame({"resp_id": np.arange(1, respondents + 1), "weight": weights})
    for name in questionnaire.PROFILE:
        frame[name] = profile[name].to_numpy().astype(np.int16)
    for name in questionnaire.ATTITUDES:
        frame[name] = coded[name].astype(np.int16)
    return frame[questionnaire.COLUMNS]


def metadata() -> dict:
    """Keyword arguments for `write_sav`: labels, value labels, missing codes, measures, MR sets."""
    return {
        "file_label": questionnaire.FILE_LABEL,
        "notes": questionnaire.NOTES,
        "column_labels": questionnaire.column_labels(),
        "value_labels": questionnaire.value_labels(),
        "missing_values": questionnaire.MISSING,
        "measures": questionnaire.measures(),
        "mr_sets": questionnaire.MR_SETS,
    }


def write_sample(
    path: str | os.PathLike[str],
    *,
    respondents: int = DEFAULT_RESPONDENTS,
    seed: int = DEFAULT_SEED,
) -> None:
    """Generate the sample and write it as an SPSS file at `path` (atomically)."""
    frame = generate(respondents, seed)
    # write_sav writes a temporary file beside the target and renames it into place.
    write_sav(frame, Path(path), created=CREATED, **metadata())


__all__ = ["DEFAULT_RESPONDENTS", "DEFAULT_SEED", "generate", "metadata", "write_sample"]
