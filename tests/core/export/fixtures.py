"""A small weighted survey built in code, shared by the export tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from explorer.core.survey.model import Kind, Net, SourceInfo, Survey, Variable

SCALE = (
    (1.0, "Strongly support"),
    (2.0, "Somewhat support"),
    (3.0, "Neither"),
    (4.0, "Somewhat oppose"),
    (5.0, "Strongly oppose"),
    (98.0, "Don't know"),
)


def small_survey(n: int = 400, seed: int = 3, *, illustrative: bool = True) -> Survey:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "q_tech_lfr": rng.choice(
                [1, 2, 3, 4, 5, 98], size=n, p=[0.2, 0.25, 0.15, 0.15, 0.15, 0.1]
            ),
            "age_band": rng.choice([1, 2, 3], size=n),
            "label_q": rng.choice([1, 2], size=n),
            "weight": rng.uniform(0.5, 1.5, size=n),
        }
    )
    variables = {
        "q_tech_lfr": Variable(
            "q_tech_lfr",
            "Support or oppose police use of live facial recognition",
            Kind.SCALE,
            SCALE,
            nets=(
                Net("support", "Support (net)", (1.0, 2.0)),
                Net("oppose", "Oppose (net)", (4.0, 5.0)),
            ),
        ),
        "age_band": Variable(
            "age_band", "Age", Kind.NOMINAL, ((1.0, "18–24"), (2.0, "25–34"), (3.0, "35+"))
        ),
        # Labels that a spreadsheet would run as formulas.
        "label_q": Variable(
            "label_q", '=HYPERLINK("x")', Kind.NOMINAL, ((1.0, "=1+1"), (2.0, "\uff1dSUM(A1)"))
        ),
        "weight": Variable("weight", "Weight", Kind.WEIGHT),
    }
    source = SourceInfo("/data/small.sav", "spss", sha256="ab" * 32, modified="2025-06-01")
    return Survey.from_frame(frame, variables, source, weight="weight", illustrative=illustrative)
