"""The committed London sample, read back with pyreadstat alone: contract, weights, figures.

Expected numbers come from the shared reference files (questionnaire.md, headline_figures.csv).
"""

from __future__ import annotations

import csv
import re

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from explorer.core.survey.raking import rake
from explorer.core.survey.sample.targets import raking_margins
from tests.conftest import REFERENCE_DIR, SAMPLE_DIR

SAMPLE = SAMPLE_DIR / "london_survey.sav"

# F-id → (variable, counted codes). Subgroups are parsed from the CSV's own text.
FIGURES = {
    "F01": ("q_tough", (1, 2)),
    "F02": ("q_tough", (1,)),
    "F03": ("q_tough", (1, 2)),
    "F04": ("q_death_penalty", (1,)),
    "F05": ("q_death_penalty", (2,)),
    "F06": ("q_police_powers", (3,)),
    "F07": ("q_police_powers", (1,)),
    "F08": ("q_victim", (1,)),
    "F09": ("q_victim", (1,)),
    "F10": ("q_victim", (1,)),
    "F11": ("q_report", (1,)),
    "F12": ("q_report", (4,)),
    **{f"F{i}": ("q_trust_met", (1, 2)) for i in (13, 14, 15, 16, 17, 18, 20)},
    "F19": ("q_trust_met", (4, 5)),
    "F21": ("q_trust_met", (4, 5)),
    "F22": ("q_support_newtech", (1, 2)),
    "F23": ("q_support_useinfo", (1, 2)),
    "F24": ("q_support_connect", (1, 2)),
    "F25": ("q_tech_capability", (1,)),
    "F26": ("q_tech_capability", (3,)),
    "F27": ("q_tech_capability", (2,)),
    "F28": ("q_ai_general", (1, 2)),
    "F29": ("q_ai_general", (4, 5)),
    "F30": ("q_ai_resources", (1, 2)),
    "F31": ("q_ai_repeat", (1, 2)),
    "F32": ("q_ai_link", (1, 2)),
}
PARTIES = {"Labour": 1, "Conservative": 2, "Green": 4, "Reform UK": 5}
RANGES = {"F22": (77, 83), "F23": (77, 83), "F24": (77, 83)}
RANGES |= {"F30": (60, 70), "F31": (60, 70), "F32": (60, 70)}


def headline_rows() -> list[dict[str, str]]:
    with open(REFERENCE_DIR / "headline_figures.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def subgroup_mask(frame: pd.DataFrame, subgroup: str) -> np.ndarray:
    """Who a CSV subgroup is; respondents with a missing code on its variable are left out."""
    age = frame["age_band"].to_numpy()
    if subgroup == "All Londoners":
        return np.ones(len(frame), dtype=bool)
    if subgroup == "Aged 18-24":
        return age == 1
    if subgroup == "Aged under 35":
        return np.isin(age, (1, 2))
    if subgroup == "Aged 65 and over":
        return age == 6
    if subgroup == "White Londoners":
        return frame["ethnic_group"].to_numpy() == 1
    if subgroup == "Ethnic minority Londoners":
        return frame["ethnic_group"].to_numpy() == 2
    if subgroup == "Born outside the UK":
        return frame["born_uk"].to_numpy() == 2
    party = re.fullmatch(r"(.+) voters", subgroup)
    if party:
        return frame["vote_intention"].to_numpy() == PARTIES[party.group(1)]
    raise AssertionError(f"unmapped subgroup {subgroup!r}")


def weighted_percent(
    frame: pd.DataFrame, variable: str, codes, mask: np.ndarray, missing=()
) -> float:
    """Weighted % of the subgroup giving `codes`; user-missing codes of `variable` leave the base."""
    values = frame[variable].to_numpy()
    weights = frame["weight"].to_numpy(dtype=np.float64)
    base = mask & ~np.isin(values, missing)
    return float(100 * weights[base & np.isin(values, codes)].sum() / weights[base].sum())


def headline_failures(frame: pd.DataFrame, missing: dict[str, list[float]]) -> list[str]:
    failures = []
    for row in headline_rows():
        variable, codes = FIGURES[row["id"]]
        mask = subgroup_mask(frame, row["subgroup"])
        got = weighted_percent(frame, variable, codes, mask, missing.get(variable, ()))
        published = float(row["percent"])
        if row["id"] in RANGES:
            low, high = RANGES[row["id"]]
        else:
            slack = 1.0 if row["subgroup"] == "All Londoners" else 2.0
            low, high = published - slack, published + slack
        if not low <= got <= high:
            failures.append(f"{row['id']} {row['subgroup']}: {got:.2f} not in [{low}, {high}]")
    return failures


def _share(frame, variable, codes, mask=None) -> float:
    mask = np.ones(len(frame), dtype=bool) if mask is None else mask
    return weighted_percent(frame, variable, codes, mask)


def relation_failures(frame: pd.DataFrame) -> list[str]:
    """The relations README.md and questionnaire.md state without numbers."""
    out = []
    trust, distrust, support, oppose = (1, 2), (4, 5), (1, 2), (4, 5)
    ratio = _share(frame, "q_trust_techfirms", trust) / _share(frame, "q_trust_techfirms", distrust)
    if not 1.8 <= ratio <= 2.2:
        out.append(f"tech firms trust:distrust ratio {ratio:.2f}")
    met = _share(frame, "q_trust_met", trust)
    for other in ("q_trust_localgov", "q_trust_natgov"):
        if not met > _share(frame, other, trust):
            out.append(f"Met not trusted more than {other}")
    if not _share(frame, "q_trust_natgov", distrust) > _share(frame, "q_trust_techfirms", distrust):
        out.append("national government not distrusted more than tech firms")
    age = frame["age_band"].to_numpy()
    tough = [_share(frame, "q_tough", (1, 2), age == a) for a in range(1, 7)]
    if not all(np.diff(tough) > 0):
        out.append(f"not-tough-enough does not rise with age: {np.round(tough, 1)}")
    victim = [weighted_percent(frame, "q_victim", (1,), age == a, (99,)) for a in range(1, 7)]
    if not all(np.diff(victim) < 0):
        out.append(f"victimisation does not fall with age: {np.round(victim, 1)}")
    lfr = _share(frame, "q_tech_lfr", support)
    for tech in ("q_tech_anpr", "q_tech_cctv", "q_tech_drones"):
        if not _share(frame, tech, support) > lfr:
            out.append(f"{tech} not supported more than LFR")
    if not lfr > _share(frame, "q_tech_lfr", oppose):
        out.append("LFR support not above opposition")
    general = _share(frame, "q_ai_general", support)
    for use in ("q_ai_resources", "q_ai_repeat", "q_ai_link", "q_ai_cctv_search", "q_ai_paperwork"):
        if not _share(frame, use, support) > general:
            out.append(f"{use} not above AI generally")
    opposers = np.isin(frame["q_tech_lfr"].to_numpy(), oppose)
    for concern in ("q_concern_privacy", "q_concern_misuse", "q_concern_breach"):
        among = _share(frame, concern, (1,), opposers)
        others = _share(frame, concern, (1,), ~opposers)
        if not among > others:
            out.append(f"{concern} not higher among LFR opposers ({among:.1f} vs {others:.1f})")
    return out


@pytest.fixture(scope="module")
def sample():
    frame, meta = pyreadstat.read_sav(str(SAMPLE), user_missing=True)
    return frame, meta


def _contract() -> list[tuple[str, str, dict[float, str], list[float]]]:
    """(variable, label, value labels, missing codes) for every row of questionnaire.md."""
    text = (REFERENCE_DIR / "questionnaire.md").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        rows.append(cells)
    return rows


def test_every_contract_variable_is_present_and_labelled(sample) -> None:
    frame, meta = sample
    labels = meta.column_names_to_labels
    rows = _contract()
    assert len(rows) >= 20
    for names_cell, label_cell, codes_cell in rows:
        names = re.findall(r"`([a-z_]+)`", names_cell)
        for name in names:
            assert name in frame.columns, name
            assert labels[name], f"{name} has no variable label"
        if len(names) == 1:
            assert labels[names[0]] == label_cell, names[0]
        elif "…" in label_cell:
            stem, items = (part.strip() for part in label_cell.split("…"))
            for name, item in zip(names, items.split(" / "), strict=True):
                assert labels[name] == f"{stem} {item}", name
        else:  # the multiple-response row: each item's wording appears in its label
            items = label_cell.rsplit('"', 1)[1].strip().split(" / ")
            for name, item in zip(names, items, strict=True):
                assert item.lower().replace("none of these", "none") in labels[name].lower(), name
        codes = dict(
            re.findall(r"(\d+) ((?:[^,;(]|\((?!missing))+?)(?: \(missing\))?(?:,|;|$)", codes_cell)
        )
        if not codes or "integer" in codes_cell or "float" in codes_cell:
            continue
        for name in names:
            got = meta.variable_value_labels.get(name, {})
            if "same 1–5, 98" in codes_cell:
                assert got == meta.variable_value_labels["q_support_newtech"], name
                continue
            for code, text_label in codes.items():
                assert float(code) in got, f"{name} lacks code {code}"
                assert got[float(code)] == text_label.strip(), (name, code)
            values = set(np.unique(frame[name].dropna()).tolist())
            assert values <= set(got), f"{name} has unlabelled codes {values - set(got)}"


def test_user_missing_declarations(sample) -> None:
    _, meta = sample
    declared = {
        name: sorted(r["lo"] for r in ranges) for name, ranges in meta.missing_ranges.items()
    }
    for names_cell, _, codes_cell in _contract():
        wanted = sorted(float(c) for c in re.findall(r"(\d+) [^,]*?\(missing\)", codes_cell))
        for name in re.findall(r"`([a-z_]+)`", names_cell):
            assert declared.get(name, []) == wanted, name
    # "Don't know" on attitude questions is a labelled code in the base, not missing.
    assert "q_tough" not in declared


def test_illustrative_label_and_note(sample) -> None:
    _, meta = sample
    assert meta.file_label == "Illustrative sample data: London survey (synthetic respondents)"
    # The full description is longer than a file label's 64 bytes, so it opens the documents.
    assert " ".join(meta.notes).startswith(
        "Illustrative sample data: London survey (synthetic respondents reproducing the Police "
        "Foundation's published figures)"
    )
    assert any("ILLUSTRATIVE" in note for note in meta.notes)
    assert meta.number_rows >= 1000


def test_concerns_are_a_multiple_response_set(sample) -> None:
    frame, meta = sample
    concerns = meta.mr_sets["concerns"]
    items = [c for c in frame.columns if c.startswith("q_concern_")]
    assert concerns["type"] == "D" and concerns["counted_value"] == 1
    assert concerns["variable_list"] == items
    for item in items:
        assert set(np.unique(frame[item])) <= {0, 1}
    none = frame["q_concern_none"].to_numpy() == 1
    assert not frame.loc[none, items[:-1]].to_numpy().any()
    # Everyone answered the question: some concern, or "none of these".
    assert (frame[items].to_numpy().sum(axis=1) >= 1).all()


def test_weights_are_the_raking_of_the_sample(sample) -> None:
    frame, _ = sample
    weights = frame["weight"].to_numpy()
    assert abs(weights.mean() - 1) < 1e-6
    assert weights.min() >= 0.2 and weights.max() <= 5
    margins, targets = raking_margins(frame)
    assert np.allclose(rake(margins, targets), weights, rtol=1e-6, atol=1e-9)
    for name, codes in margins.items():
        shares = {c: weights[codes == c].sum() / weights.sum() for c in np.unique(codes)}
        total = sum(targets[name].values())
        for code, target in targets[name].items():
            assert shares[code] == pytest.approx(target / total, abs=1e-6), (name, code)
    # The sample was unrepresentative, so raking moved it.
    assert weights.std() > 0.1


def test_every_headline_figure_is_reproduced(sample) -> None:
    frame, meta = sample
    missing = {n: [r["lo"] for r in ranges] for n, ranges in meta.missing_ranges.items()}
    assert len(headline_rows()) == len(FIGURES)
    assert headline_failures(frame, missing) == []


def test_every_stated_relation_holds(sample) -> None:
    frame, _ = sample
    assert relation_failures(frame) == []
