"""The sample generator: reproducible from its seed, faithful at any size, and vectorised."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pyreadstat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.errors import ExplorerError
from explorer.core.survey.sample import generate, write_sample
from explorer.core.survey.sample.calibration import Target, calibrate, weighted_cut
from explorer.core.survey.sample.questionnaire import COLUMNS, MISSING
from tests.core.survey.test_london_sample import SAMPLE, headline_failures, relation_failures


def test_same_seed_gives_the_same_frame_and_bytes(tmp_path) -> None:
    pd.testing.assert_frame_equal(generate(1200, seed=5), generate(1200, seed=5))
    write_sample(tmp_path / "a.sav", respondents=1000, seed=5)
    write_sample(tmp_path / "b.sav", respondents=1000, seed=5)
    assert (tmp_path / "a.sav").read_bytes() == (tmp_path / "b.sav").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sav", "b.sav"]


def test_different_seeds_give_different_respondents() -> None:
    a, b = generate(1000, seed=1), generate(1000, seed=2)
    assert not a["weight"].equals(b["weight"])
    assert (a["q_tough"] != b["q_tough"]).mean() > 0.3


def test_committed_sample_is_what_the_generator_makes() -> None:
    committed, _ = pyreadstat.read_sav(str(SAMPLE), user_missing=True)
    fresh = generate()
    assert list(committed.columns) == COLUMNS
    assert np.array_equal(committed.to_numpy(dtype=float), fresh.to_numpy(dtype=float))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_other_seeds_also_meet_every_figure(seed: int) -> None:
    frame = generate(1050, seed=seed)
    assert headline_failures(frame, MISSING) == []
    assert relation_failures(frame) == []


def test_twenty_thousand_respondents_meet_every_figure() -> None:
    frame = generate(20_000, seed=11)
    assert len(frame) == 20_000 and frame["resp_id"].is_unique
    weights = frame["weight"].to_numpy()
    assert abs(weights.mean() - 1) < 1e-6 and weights.min() >= 0.2 and weights.max() <= 5
    assert headline_failures(frame, MISSING) == []
    assert relation_failures(frame) == []


def test_answers_have_joint_structure_not_independent_columns() -> None:
    frame = generate(20_000, seed=11)
    w = frame["weight"].to_numpy()

    def share(column, codes, mask):
        return w[mask & np.isin(frame[column], codes)].sum() / w[mask].sum()

    # Hawkishness is one trait: people strongly agreeing "not tough enough" back the death penalty.
    tough = frame["q_tough"].to_numpy() == 1
    assert share("q_death_penalty", (1,), tough) > share("q_death_penalty", (1,), ~tough) + 0.2
    # Trust in institutions is one trait: the Met and the council go together.
    met = np.isin(frame["q_trust_met"], (1, 2))
    assert share("q_trust_localgov", (1, 2), met) > share("q_trust_localgov", (1, 2), ~met) + 0.15
    # Acceptance of technology falls with age.
    young, old = frame["age_band"].to_numpy() <= 2, frame["age_band"].to_numpy() == 6
    assert share("q_ai_general", (1, 2), young) > share("q_ai_general", (1, 2), old)


@pytest.mark.slow
def test_large_generation_is_vectorised_and_still_faithful() -> None:
    start = time.perf_counter()
    frame = generate(100_000, seed=4)
    elapsed = time.perf_counter() - start
    # About 2 s on a laptop core; a per-respondent Python loop would take minutes.
    assert elapsed < 25, elapsed
    assert headline_failures(frame, MISSING) == []
    assert relation_failures(frame) == []


def test_too_few_respondents_is_an_explorer_error() -> None:
    with pytest.raises(ExplorerError, match="at least 100"):
        generate(50)


def test_calibration_hits_overlapping_subgroup_targets() -> None:
    rng = np.random.default_rng(8)
    n = 4000
    score = rng.normal(size=n)
    weights = rng.uniform(0.4, 2.5, n)
    dont_know = rng.random(n) < 0.06
    young, women = rng.random(n) < 0.3, rng.random(n) < 0.5
    targets = [
        Target(0.20, 1),
        Target(0.55, 2),
        Target(0.40, 2, "le", young),
        Target(0.30, 3, "gt", women),
    ]
    codes = calibrate(score, weights, 4, targets, excluded=dont_know)
    assert set(np.unique(codes)) == {0, 1, 2, 3, 4}
    assert np.array_equal(codes == 0, dont_know)

    def share(hit, mask):
        return weights[mask & hit].sum() / weights[mask].sum()

    everyone = np.ones(n, dtype=bool)
    granularity = weights.max() / weights[young].sum() * 2
    assert abs(share((codes >= 1) & (codes <= 1), everyone) - 0.20) < granularity
    assert abs(share((codes >= 1) & (codes <= 2), everyone) - 0.55) < granularity
    assert abs(share((codes >= 1) & (codes <= 2), young) - 0.40) < granularity
    assert abs(share(codes > 3, women) - 0.30) < granularity
    # Within a group facing the same thresholds, answers are ordered by score.
    same = ~young & ~women & ~dont_know
    order = np.argsort(score[same])
    assert np.all(np.diff(codes[same][order]) >= 0)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(-5, 5, allow_nan=False), st.floats(0.1, 3)), min_size=1, max_size=40
    ),
    st.floats(-1, 130),
)
def test_weighted_cut_is_the_best_cut(pairs, wanted) -> None:
    values = np.array([v for v, _ in pairs])
    weights = np.array([w for _, w in pairs])
    if len(np.unique(values)) < len(values):
        return  # ties cannot be split by any cut
    got = weights[values < weighted_cut(values, weights, wanted)].sum()
    # Every achievable weight below a cut, worked out from the sorted values.
    achievable = np.concatenate([[0.0], np.cumsum(weights[np.argsort(values)])])
    assert abs(got - wanted) <= np.abs(achievable - wanted).min() + 1e-9
