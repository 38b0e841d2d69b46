"""An illustrative four-wave London tracker made from the seeded sample generator: each wave is a
fresh sample (the generator with the wave's own seed), with a drift written in so that a tracker
has something to show — trust in the Met eases a little each wave, and support for live facial
recognition rises. ILLUSTRATIVE DATA: no real person gave these answers, and no real trend is
implied; the file label and notes say so.

`tracker_frames` gives the waves as DataFrames (with a `wave` variable); `write_tracker` writes one
.sav per wave and the pooled file with the wave variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from explorer.core.survey.sample import generator
from explorer.core.survey.sav_writer import write_sav

WAVES = (
    "Wave 1 (spring 2025)",
    "Wave 2 (summer 2025)",
    "Wave 3 (autumn 2025)",
    "Wave 4 (winter 2025)",
)
FILE_LABEL = "Illustrative sample data: London tracker (synthetic respondents)"
NOTE = (
    "ILLUSTRATIVE DATA. A four-wave tracker of synthetic respondents made by "
    "explorer.core.survey.sample.tracker from the London sample generator, with an invented "
    "drift between waves. No real person gave these answers and no real trend is implied."
)
# Per wave, the share of those who trust the Met (codes 1–2) moved to distrust somewhat (4), and
# of those opposed to live facial recognition (4–5) moved to somewhat support (2).
TRUST_DRIFT = (0.0, 0.05, 0.10, 0.18)
LFR_DRIFT = (0.0, 0.06, 0.12, 0.25)


def tracker_frames(
    respondents: int = 1000, seed: int = generator.DEFAULT_SEED
) -> list[pd.DataFrame]:
    frames = []
    for w, (trust, lfr) in enumerate(zip(TRUST_DRIFT, LFR_DRIFT)):
        frame = generator.generate(respondents, seed + 101 * w)
        rng = np.random.default_rng(seed + 7919 * (w + 1))
        met = frame["q_trust_met"].to_numpy().copy()
        met[np.isin(met, (1, 2)) & (rng.random(met.size) < trust)] = 4
        frame["q_trust_met"] = met
        if "q_tech_lfr" in frame:
            tech = frame["q_tech_lfr"].to_numpy().copy()
            tech[np.isin(tech, (4, 5)) & (rng.random(tech.size) < lfr)] = 2
            frame["q_tech_lfr"] = tech
        frame.insert(1, "wave", np.full(respondents, w + 1, dtype=np.int16))
        frame["resp_id"] = frame["resp_id"] + 100_000 * (w + 1)
        frames.append(frame)
    return frames


def _metadata() -> dict:
    meta = generator.metadata()
    meta["file_label"] = FILE_LABEL
    meta["notes"] = (NOTE, *meta["notes"][1:])
    meta["column_labels"] = {**meta["column_labels"], "wave": "Wave of the tracker"}
    meta["value_labels"] = {**meta["value_labels"], "wave": dict(enumerate(WAVES, start=1))}
    meta["measures"] = {**meta["measures"], "wave": "nominal"}  # no nets on waves
    return meta


def write_tracker(
    folder: str | os.PathLike[str], *, respondents: int = 1000, seed: int = generator.DEFAULT_SEED
) -> list[Path]:
    """Write london_tracker_w1.sav … _w4.sav and the pooled london_tracker.sav into `folder`."""
    folder = Path(folder)
    frames = tracker_frames(respondents, seed)
    meta = _metadata()
    paths = []
    for w, frame in enumerate(frames, start=1):
        path = folder / f"london_tracker_w{w}.sav"
        write_sav(frame, path, created=generator.CREATED, **meta)
        paths.append(path)
    pooled = folder / "london_tracker.sav"
    write_sav(pd.concat(frames, ignore_index=True), pooled, created=generator.CREATED, **meta)
    return [*paths, pooled]
