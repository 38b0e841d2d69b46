"""Benchmark: one filter change recomputing every visible chart (12 questions, the first broken
down), against a bare numpy floor (compress the weights once, one weighted bincount per question).
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from explorer.core import filter_state as fs
from explorer.core.session import Session

QUESTIONS = 12
BREAKDOWN = "age_band"


def changes(session: Session) -> list[fs.FilterState]:
    """A user's afternoon: tick, widen, narrow, click a bar, untick, reset; some states recur."""
    dims = {d.key: d for d in session.dimensions}
    value = {key: [v.key for v in d.values] for key, d in dims.items()}
    question = session.questions()[0]
    s = fs.FilterState()
    out = []

    def step(state: fs.FilterState) -> fs.FilterState:
        out.append(state)
        return state

    s = step(fs.with_value(s, "age_band", value["age_band"][0]))
    s = step(fs.with_value(s, "age_band", value["age_band"][1]))
    s = step(fs.with_value(s, "gender", value["gender"][1]))
    s = step(fs.with_value(s, "social_grade", value["social_grade"][0]))
    s = step(fs.with_cross(s, question, [1.0]))
    s = step(fs.without(s, "age_band", value["age_band"][0]))
    s = step(fs.without_cross(s))
    s = step(fs.with_value(s, "london_area", value["london_area"][0]))
    s = step(fs.without(s, "gender"))
    s = step(fs.cleared(s))
    s = step(fs.with_value(s, "vote_intention", value["vote_intention"][0]))
    s = step(fs.with_value(s, "ethnic_group", value["ethnic_group"][0]))
    s = step(fs.with_value(s, "ethnic_group", value["ethnic_group"][1]))
    s = step(fs.without(s, "vote_intention"))
    s = step(fs.with_value(s, "age_band", value["age_band"][5]))
    s = step(fs.without(s, "ethnic_group"))
    s = step(fs.with_value(s, "gender", value["gender"][0]))
    s = step(fs.cleared(s))
    s = step(fs.with_value(s, "born_uk", value["born_uk"][0]))
    s = step(fs.with_value(s, "sub_region", value["sub_region"][0]))
    return out


def visible_tables(session: Session, state: fs.FilterState, questions: list[str]) -> list:
    first = session.table(questions[0], state, by=BREAKDOWN)
    return [first] + [session.table(q, state) for q in questions[1:]]


def floor(session: Session, state: fs.FilterState, questions: list[str]) -> float:
    """Seconds for the bare numpy work on the same arrays and the same (precomputed) mask."""
    survey = session.survey
    keep = session.mask(state)
    weights = np.nan_to_num(survey.columns[survey.weight].astype(np.float64))
    by = survey.columns[BREAKDOWN]
    began = time.perf_counter()
    index = np.flatnonzero(keep)
    w = weights[index]
    combined = by[index].view(np.uint8).astype(np.intp) * 256 + survey.columns[questions[0]][
        index
    ].view(np.uint8)
    np.bincount(combined, weights=w, minlength=65536)
    for q in questions[1:]:
        column = survey.columns.get(q)
        if column is None:  # a multiple-response set: its first item stands in
            column = survey.columns[survey.variables[q].members[0]]
        np.bincount(column[index].view(np.uint8), weights=w, minlength=256)
    return time.perf_counter() - began


def run(session: Session) -> dict:
    questions = session.questions()[:QUESTIONS]
    began = time.perf_counter()
    visible_tables(session, fs.FilterState(), questions)  # what opening the file shows
    first_ms = (time.perf_counter() - began) * 1000
    seen = {(fs.FilterState().dimensions, fs.FilterState().cross)}
    ours, cold, ratios, floors = [], [], [], []
    for state in changes(session):
        key = (state.dimensions, state.cross)
        began = time.perf_counter()
        visible_tables(session, state, questions)
        took = time.perf_counter() - began
        ours.append(took * 1000)
        bare = min(floor(session, state, questions) for _ in range(3))
        floors.append(bare * 1000)
        if key not in seen:
            cold.append(took * 1000)
            ratios.append(took / bare)
        seen.add(key)
    everyone = Session(session.survey, session.project, session.topics, session.links)
    for area in ("mask", "selection"):  # as after a load: weights ready, no filter seen yet
        session.survey._cache.pop(area, None)
    began = time.perf_counter()
    visible_tables(everyone, fs.FilterState(), questions)
    unfiltered_cold_ms = (time.perf_counter() - began) * 1000
    return {
        "filter_changes": len(ours),
        "filter_change_median_ms": round(statistics.median(ours), 1),
        "filter_change_cold_median_ms": round(statistics.median(cold), 1),
        "filter_change_max_ms": round(max(ours), 1),
        "floor_median_ms": round(statistics.median(floors), 2),
        "ratio_to_floor_median": round(statistics.median(ratios), 2),
        "ratio_to_floor_max": round(max(ratios), 2),
        "all_respondents_cold_ms": round(unfiltered_cold_ms, 1),
        "first_view_after_load_ms": round(first_ms, 1),
        "questions_per_change": len(questions),
    }
