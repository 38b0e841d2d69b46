"""Small hand-built surveys for the statistics tests: a two-code question, a breakdown with k
columns, a weight, strata, clusters, a two-item multiple-response set and a 0–10 score."""

from __future__ import annotations

import numpy as np
import pandas as pd

from explorer.core.survey.model import Kind, SourceInfo, Survey, Variable


def stats_survey(q, by, w, *, strata=None, psu=None, m1=None, m2=None, score=None) -> Survey:
    n = len(q)
    frame = {
        "q": np.asarray(q, dtype=float),
        "by": np.asarray(by, dtype=float),
        "w": np.asarray(w, dtype=float),
    }
    k = int(np.nanmax(frame["by"])) if n else 1
    variables = {
        "q": Variable("q", "Question", Kind.NOMINAL, ((1.0, "Yes"), (2.0, "No"))),
        "by": Variable(
            "by", "Group", Kind.NOMINAL, tuple((float(c), f"G{c}") for c in range(1, k + 1))
        ),
        "w": Variable("w", "Weight", Kind.WEIGHT),
    }
    if strata is not None:
        frame["stratum"] = np.asarray(strata, dtype=float)
        variables["stratum"] = Variable("stratum", "Stratum", Kind.NOMINAL)
    if psu is not None:
        frame["psu"] = np.asarray(psu, dtype=float)
        variables["psu"] = Variable("psu", "Cluster", Kind.NOMINAL)
    if m1 is not None:
        frame["m1"] = np.asarray(m1, dtype=float)
        frame["m2"] = np.asarray(m2, dtype=float)
        variables["m1"] = Variable("m1", "Privacy", Kind.NOMINAL)
        variables["m2"] = Variable("m2", "Misuse", Kind.NOMINAL)
        variables["$set"] = Variable(
            "$set", "Concerns", Kind.MULTI, members=("m1", "m2"), counted_value=1.0
        )
    if score is not None:
        frame["score"] = np.asarray(score, dtype=float)
        variables["score"] = Variable(
            "score",
            "Score 0-10",
            Kind.SCALE,
            ((0.0, "0 Not at all"), (10.0, "10 Completely"), (99.0, "Don't know")),
            missing_values=frozenset({99.0}),
        )
    return Survey.from_frame(
        pd.DataFrame(frame), variables, SourceInfo("stats.sav", "spss"), weight="w"
    )
