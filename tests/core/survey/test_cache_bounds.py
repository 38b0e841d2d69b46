"""The direct path's caches stay within their byte bounds whatever the filter states, a remembered
selection holds one byte per kept respondent for few-valued weights (and frees its mask), and
the mask of everyone holds no byte per respondent when the weight leaves nobody out; every
table counted under those bounds still equals numpy's counts.
"""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pandas as pd

from explorer.core.survey import counting, selection, survey_cache
from explorer.core.survey.model import Kind, SourceInfo, Survey, Variable
from explorer.core.survey.tabulate import compute_table

N = 200_000


def _survey(weights: np.ndarray, seed: int = 3) -> Survey:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "q": rng.integers(1, 5, N).astype(float),
            "f": rng.integers(1, 9, N).astype(float),
            "w": weights,
        }
    )
    labels = tuple((float(c), f"Code {c}") for c in range(1, 9))
    variables = {
        "q": Variable("q", "Question", Kind.NOMINAL, labels[:4]),
        "f": Variable("f", "Filter", Kind.NOMINAL, labels),
        "w": Variable("w", "Weight", Kind.WEIGHT),
    }
    return Survey.from_frame(frame, variables, SourceInfo("t.sav", "spss"), weight="w")


def _rim(seed: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.choice(np.array([0.37, 0.81, 1.0, 1.25, 2.6]), N)


def test_masks_held_stay_within_their_byte_bound_over_many_filter_states(monkeypatch) -> None:
    survey = _survey(_rim())
    monkeypatch.setattr(counting, "MASK_BYTES", 3 * N)  # three masks' worth
    for code in range(1, 9):
        for other in range(1, 9):
            survey.mask({"f": (float(code), float(other))})
    held = sum(survey_cache.held_bytes(m) for m in survey._cache["mask"].values())
    assert 0 < held <= 3 * N
    # the newest is always kept, even past the bound
    monkeypatch.setattr(counting, "MASK_BYTES", 1)
    newest = survey.mask({"f": (2.0,)})
    assert list(survey._cache["mask"].values()) == [newest]


def test_a_remembered_selection_holds_a_class_byte_per_kept_respondent_not_its_mask() -> None:
    w = _rim()
    survey = _survey(w)
    keep = survey.mask({"f": (1.0, 2.0, 3.0)})
    sel = counting.selection(survey, keep, survey.weights(), (True, "w"))
    kept = np.flatnonzero(survey.values("f") <= 3)
    assert sel.index.dtype == np.int32 and np.array_equal(sel.index, kept)
    assert sel.classes.dtype == np.uint8 and sel.stored_weights is None
    assert np.array_equal(sel.weights, w[kept]) and np.array_equal(sel.squares, w[kept] ** 2)
    assert survey_cache.held_bytes(sel) == kept.size * 5 + sel.class_weights.nbytes
    # once the mask is gone from the mask cache, the remembered selection does not keep it
    alive = weakref.ref(keep)
    del keep
    survey._cache["mask"].clear()
    gc.collect()
    assert alive() is None


def test_tables_equal_numpy_while_selections_are_evicted(monkeypatch) -> None:
    w = _rim()
    survey = _survey(w)
    monkeypatch.setattr(selection, "SELECTION_BYTES", 1)  # only the newest selection is kept
    monkeypatch.setattr(counting, "MASK_BYTES", 1)
    q, f = survey.values("q"), survey.values("f")
    for codes in [(1.0,), (2.0, 5.0), (1.0,), (3.0, 4.0, 8.0)]:
        table = compute_table(survey, "q", mask=survey.mask({"f": codes}))
        keep = np.isin(f, codes)
        total = w[keep].sum()
        rows = [row for row in table.rows if row.kind == "code"]
        assert len(rows) == 4
        for row in rows:
            expected = w[keep & (q == row.code)].sum() / total
            assert abs(row.cells[0].percent / 100 - expected) < 1e-12
    assert len(survey._cache["selection"]) == 1


def test_everyone_holds_no_byte_per_respondent_when_the_weight_leaves_nobody_out() -> None:
    survey = _survey(_rim())
    everyone = counting.everyone(survey)
    assert everyone.shape == (N,) and bool(everyone.all()) and not everyone.flags.writeable
    assert survey_cache.held_bytes(everyone) <= 1
    w = _rim()
    w[::7] = 0.0  # left out while this weight is applied
    left_out = _survey(w)
    keep = counting.everyone(left_out)
    assert np.array_equal(keep, w > 0) and not keep.flags.writeable
