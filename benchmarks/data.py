"""Benchmark data made at run time: the sample generator's survey widened to 60 variables, and
coded focus-group segments; written under benchmarks/out/ (gitignored), never committed.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from explorer.core.survey.sample import generator, questionnaire
from explorer.core.survey.sav_writer import write_sav

OUT = Path(__file__).resolve().parent / "out"
EXTRA_SEED = 60
VARIABLES = 60
# More tracker-style questions: ten agree/disagree statements, five trust ratings and yes/no/don't
# know items up to 60 variables (the generator makes 39 columns), as a pooled tracker would have.
EXTRA_AGREE = [f"q_track_agree_{i:02d}" for i in range(1, 11)]
EXTRA_TRUST = [f"q_track_trust_{i:02d}" for i in range(1, 6)]
_YESNO_COUNT = VARIABLES - len(questionnaire.COLUMNS) - len(EXTRA_AGREE) - len(EXTRA_TRUST)
EXTRA_YESNO = [f"q_track_yesno_{i:02d}" for i in range(1, _YESNO_COUNT + 1)]
YESNO = {1: "Yes", 2: "No", 98: "Don't know"}


def _extra_columns(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for names, codes in (
        (EXTRA_AGREE, [1, 2, 3, 4, 5, 98]),
        (EXTRA_TRUST, [1, 2, 3, 4, 5, 98]),
        (EXTRA_YESNO, [1, 2, 98]),
    ):
        for name in names:
            probs = rng.dirichlet(np.full(len(codes), 3.0))
            out[name] = rng.choice(np.asarray(codes, dtype=np.int16), size=n, p=probs)
    return out


def write_tracker(path: str | os.PathLike[str], respondents: int) -> Path:
    """The sample survey with `respondents` rows plus 21 tracker questions: 60 variables."""
    frame = generator.generate(respondents)
    rng = np.random.default_rng(EXTRA_SEED)
    for name, values in _extra_columns(rng, respondents).items():
        frame[name] = values
    meta = generator.metadata()
    labels = dict(meta["column_labels"])
    values = dict(meta["value_labels"])
    measures = dict(meta["measures"])
    for i, name in enumerate(EXTRA_AGREE, 1):
        labels[name] = f"Tracker statement {i}: agree or disagree"
        values[name] = dict(questionnaire.AGREE)
        measures[name] = "ordinal"
    for i, name in enumerate(EXTRA_TRUST, 1):
        labels[name] = f"Trust in local service {i}"
        values[name] = dict(questionnaire.TRUST)
        measures[name] = "ordinal"
    for i, name in enumerate(EXTRA_YESNO, 1):
        labels[name] = f"Tracker yes/no item {i}"
        values[name] = dict(YESNO)
        measures[name] = "nominal"
    meta.update(column_labels=labels, value_labels=values, measures=measures)
    assert frame.shape[1] == VARIABLES, frame.shape
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_sav(frame, path, created=generator.CREATED, **meta)
    return path


def tracker_file(respondents: int = 1_000_000) -> Path:
    """The benchmark .sav under benchmarks/out/, made once and reused while the code is unchanged."""
    path = OUT / f"tracker_{respondents}x{VARIABLES}.sav"
    if not path.exists():
        write_tracker(path, respondents)
    return path
