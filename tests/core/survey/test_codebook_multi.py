"""Delimited multiple-response columns declared in a codebook (`1;2;3;`), the two bases of a
multiple-response table, the codebook named on the command line, and text output that wraps long
labels instead of cutting them — checked against numpy counts written here."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from explorer.cli import main
from explorer.core.survey.formatting import render_text
from explorer.core.survey.load import load_survey
from explorer.core.survey.model import Kind
from explorer.core.survey.table import TableOptions
from explorer.core.survey.tabulate import compute_table

CODEBOOK = """variable,label,code,value_label,missing,kind,weight
contact,How have you contacted the police in the last year (all that apply),,,,multi,
contact,,1,By phone on the non-emergency number 101 to report something that had happened,,,
contact,,2,By phone on the non-emergency number 101 to ask for information or advice,,,
contact,,3,In person at a police station front counter,,,
contact,,4,Online,,,
region,Region,1,North,,,
region,,2,South,,,
wt,Survey weight,,,,,yes
"""


def _data(n: int = 400, seed: int = 2):
    rng = np.random.default_rng(seed)
    cells, chosen = [], []
    for _ in range(n):
        r = rng.random()
        if r < 0.15:
            cells.append("")
            chosen.append(None)
            continue
        picks = sorted({int(c) for c in rng.choice([1, 2, 3, 4], rng.integers(0, 4))})
        sep = rng.choice([";", ",", "|", " "])
        cell = sep.join(map(str, picks)) + (";" if rng.random() < 0.5 else "")
        cells.append(cell)
        # "" is a blank (did not answer the set); ";" answered, choosing none of the items
        chosen.append(set(picks) if cell else None)
    frame = pd.DataFrame(
        {"contact": cells, "region": rng.choice([1, 2], n), "wt": rng.uniform(0.4, 2.5, n)}
    )
    return frame, chosen


def _write(tmp_path, frame):
    data = tmp_path / "data" / "poll.csv"
    data.parent.mkdir()
    frame.to_csv(data, index=False)
    book = tmp_path / "elsewhere" / "labels.csv"
    book.parent.mkdir()
    book.write_text(CODEBOOK, encoding="utf-8")
    return data, book


def test_a_delimited_column_becomes_a_multiple_response_set(tmp_path) -> None:
    frame, chosen = _data()
    frame.loc[7, "contact"] = "1;x;3"
    chosen[7] = {1, 3}
    data, book = _write(tmp_path, frame)
    before = sorted(p.name for p in data.parent.iterdir())
    survey = load_survey(data, codebook=book)
    assert sorted(p.name for p in data.parent.iterdir()) == before  # nothing written beside it
    contact = survey.variable("contact")
    assert contact.kind is Kind.MULTI
    assert contact.members == ("contact_1", "contact_2", "contact_3", "contact_4")
    assert any("contact: 1 answer held text that is not a code" in w for w in survey.warnings)
    w = frame["wt"].to_numpy()
    answered = np.array([c is not None for c in chosen])
    for mode, base in (("answered", answered), ("all", np.ones(len(chosen), bool))):
        table = compute_table(
            survey, "contact", options=TableOptions(suppress_below=0, multi_base=mode)
        )
        assert table.columns[0].unweighted_base == int(base.sum())
        for code, row in zip((1, 2, 3, 4), table.rows):
            picked = np.array([c is not None and code in c for c in chosen])
            expected = 100 * w[base & picked].sum() / w[base].sum()
            assert row.cells[0].percent == pytest.approx(expected, abs=1e-10)
        assert any(
            ("every respondent" if mode == "all" else "answered any") in n for n in table.notes
        )


def test_cli_codebook_and_multi_base_flags(tmp_path, capsys) -> None:
    frame, chosen = _data()
    data, book = _write(tmp_path, frame)
    args = ["table", str(data), "-q", "contact", "--codebook", str(book), "--format", "json"]
    assert main(args) == 0
    answered = json.loads(capsys.readouterr().out)
    assert main([*args, "--multi-base", "all"]) == 0
    everyone = json.loads(capsys.readouterr().out)
    assert answered["columns"][0]["unweighted_base"] == sum(c is not None for c in chosen)
    assert everyone["columns"][0]["unweighted_base"] == len(chosen)
    assert answered["weight"] == "wt"
    assert main(["table", str(data), "-q", "contact", "--codebook", str(tmp_path / "no.csv")]) == 2
    assert "no such codebook file" in capsys.readouterr().err


def test_text_output_wraps_long_labels_instead_of_cutting_them(tmp_path) -> None:
    frame, _ = _data()
    data, book = _write(tmp_path, frame)
    table = compute_table(load_survey(data, codebook=book), "contact", by="region")
    text = render_text(table, label_width=40)
    body = text.split("\n\n")[1]
    assert "…" not in body
    words = " ".join(line[:40].strip() for line in body.splitlines())
    for row in table.rows:
        assert row.label.split()[-1] in words  # the end of every label is printed
    assert max(len(line) for line in body.splitlines()) <= 40 + 2 * 3 + 3 * 24
    # the two 101 labels no longer read the same
    assert "report something that had happened" in words and "information or advice" in words
