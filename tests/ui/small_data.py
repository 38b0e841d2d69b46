"""Small surveys and focus-group projects built in code for the window's tests (no Qt here).

Random but seeded, so tests can compare what a widget shows with a computation on the arrays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from explorer.core.qual.model import MODERATOR, Case, Code, Project, Segment, Source, Turn
from explorer.core.survey.model import Kind, Net, SourceInfo, Survey, Variable

AGES = ((1.0, "18–24"), (2.0, "25–34"), (3.0, "35–54"), (4.0, "55+"))
SUPPORT = (
    (1.0, "Strongly support"),
    (2.0, "Somewhat support"),
    (3.0, "Neither"),
    (4.0, "Somewhat oppose"),
    (5.0, "Strongly oppose"),
    (98.0, "Don't know"),
)
NETS = (Net("support", "Support (net)", (1.0, 2.0)), Net("oppose", "Oppose (net)", (4.0, 5.0)))


def small_survey(n: int = 400, seed: int = 3, *, illustrative: bool = True) -> Survey:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "age_band": rng.choice([1, 2, 3, 4], n, p=[0.15, 0.25, 0.35, 0.25]),
            "gender": rng.choice([1, 2, 99], n, p=[0.48, 0.5, 0.02]),
            "born_uk": rng.choice([1, 2], n, p=[0.6, 0.4]),
            "vote_intention": rng.choice([1, 2, 3], n),
            "q_tech_lfr": rng.choice([1, 2, 3, 4, 5, 98], n, p=[0.2, 0.25, 0.15, 0.15, 0.2, 0.05]),
            "q_tech_cctv": rng.choice([1, 2, 3, 4, 5, 98], n, p=[0.4, 0.3, 0.1, 0.1, 0.05, 0.05]),
            "weight": rng.uniform(0.4, 2.5, n),
        }
    )
    scale = dict(kind=Kind.SCALE, value_labels=SUPPORT, nets=NETS)
    variables = {
        "age_band": Variable("age_band", "Age", Kind.NOMINAL, AGES),
        "gender": Variable(
            "gender",
            "Gender",
            Kind.NOMINAL,
            ((1.0, "Man"), (2.0, "Woman"), (99.0, "Prefer not to say")),
            missing_values=frozenset({99.0}),
        ),
        "born_uk": Variable(
            "born_uk",
            "Country of birth",
            Kind.NOMINAL,
            ((1.0, "Born in the UK"), (2.0, "Born outside the UK")),
        ),
        "vote_intention": Variable(
            "vote_intention",
            "Westminster voting intention",
            Kind.NOMINAL,
            ((1.0, "Labour"), (2.0, "Conservative"), (3.0, "Other")),
        ),
        "q_tech_lfr": Variable("q_tech_lfr", "Live facial recognition", **scale),
        "q_tech_cctv": Variable("q_tech_cctv", "CCTV", **scale),
        "weight": Variable("weight", "Weight", Kind.WEIGHT),
    }
    source = SourceInfo(path="/tmp/small_survey.sav", format="spss")
    return Survey.from_frame(frame, variables, source, weight="weight", illustrative=illustrative)


def small_project(*, illustrative: bool = True) -> Project:
    """Two groups, six participants, a few coded turns."""
    codes = {
        "c-lfr": Code("c-lfr", "Live facial recognition", color="#0072B2"),
        "c-priv": Code("c-priv", "Privacy", parent="c-lfr", color="#D55E00"),
        "c-trust": Code("c-trust", "Trust in the Met", color="#009E73"),
    }
    people = [
        ("P01", "18-24", "Woman", "Yes", "Group 1"),
        ("P02", "25–34", "Man", "No", "Group 1"),
        ("P03", "55+", "Woman", "Yes", "Group 1"),
        ("P04", "18–24", "Man", "Yes", "Group 2"),
        ("P05", "35–54", "Woman", "No", "Group 2"),
        ("P06", "16–17", "Man", "Yes", "Group 2"),
    ]
    cases = {}
    for name, age, gender, born, group in people:
        attrs = (("Group", group), ("Age", age), ("Gender", gender), ("Born in the UK", born))
        cases[f"case-{name}"] = Case(f"case-{name}", name, attrs)
    lines = {
        "Group 1": [
            (MODERATOR, "What do you think about facial recognition cameras?"),
            ("P01", "I worry about my privacy, honestly, cameras everywhere."),
            ("P02", "If it catches people I don't mind it at all."),
            ("P03", "I trust the Met less than I used to."),
        ],
        "Group 2": [
            (MODERATOR, "And the police more generally?"),
            ("P04", "Facial recognition gets people wrong, that's my worry."),
            ("P05", "The Met does a hard job, I trust them mostly."),
            ("P06", "Privacy matters but so does safety."),
        ],
    }
    code_for = {
        "P01": ("c-priv",),
        "P02": ("c-lfr",),
        "P03": ("c-trust",),
        "P04": ("c-lfr",),
        "P05": ("c-trust",),
        "P06": ("c-priv", "c-lfr"),
    }
    sources: dict[str, Source] = {}
    segments: list[Segment] = []
    for g, (group, rows) in enumerate(lines.items()):
        sguid = f"src-{g}"
        text = ""
        turns = []
        for i, (speaker, said) in enumerate(rows):
            prefix = f"{speaker}: "
            start = len(text) + len(prefix)
            text += prefix + said + "\n"
            case = f"case-{speaker}" if speaker != MODERATOR else None
            turns.append(Turn(sguid, i, start, start + len(said), speaker, case, said))
            if speaker in code_for:
                segments.append(
                    Segment(
                        f"seg-{speaker}",
                        sguid,
                        start,
                        start + len(said),
                        said,
                        code_for[speaker],
                        case=case,
                        speaker=speaker,
                        turn=i,
                    )
                )
        sources[sguid] = Source(sguid, f"{group}.txt", text, group=group, turns=tuple(turns))
    return Project(
        name="Small focus groups",
        path="/tmp/small.qdpx",
        format="qdpx",
        codes=codes,
        cases=cases,
        sources=sources,
        segments=segments,
        illustrative=illustrative,
    )
