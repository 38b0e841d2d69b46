"""Triple-S names: a multiple-response item named like a declared variable is kept distinct (renamed
with a note), and a name declared twice is refused. The schemas are hand-written in the shape
survey tools export (Triple-S 2.0, DOCTYPE line, `ident` attributes, CSV data)."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.survey.load import load_survey
from explorer.core.survey.model import Kind

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE sss PUBLIC "-//triple-s//DTD Survey Interchange v2.0//EN" "http://www.triple-s.org/dtd/sss_v20.dtd">
<sss version="2.0" languages="en">
  <date>03/11/2026</date>
  <origin>Askia Analyse 5.6</origin>
  <survey>
    <name>WAVE9</name>
    <record ident="A" format="csv" skip="1">
"""
TAIL = """    </record>
  </survey>
</sss>
"""
SEEN = """      <variable ident="{ident}" type="multiple">
        <name>Q5</name>
        <label><text xml:lang="en">Where have you seen patrols?</text></label>
        <position start="{pos}" finish="{pos}"/>
        <values>
          <value code="1"><text xml:lang="en">High street</text></value>
          <value code="2"><text xml:lang="en">Park</text></value>
        </values>
      </variable>
"""
Q5_1 = """      <variable ident="{ident}" type="single">
        <name>Q5_1</name>
        <label><text xml:lang="en">How safe do you feel after dark?</text></label>
        <position start="{pos}" finish="{pos}"/>
        <values>
          <value code="1"><text xml:lang="en">Safe</text></value>
          <value code="2"><text xml:lang="en">Unsafe</text></value>
        </values>
      </variable>
"""
# Data rows: (Q5 bitstring, Q5_1 answer)
ROWS = [("10", 2), ("11", 1), ("01", 2), ("00", 1)]


def _write(tmp_path, mr_first: bool):
    parts = [SEEN.format(ident=1, pos=1), Q5_1.format(ident=2, pos=2)]
    if not mr_first:
        parts = [Q5_1.format(ident=1, pos=2), SEEN.format(ident=2, pos=1)]
    schema = tmp_path / "wave9.sss"
    schema.write_text(HEAD + "".join(parts) + TAIL, encoding="utf-8")
    lines = ["Q5,Q5_1"] + [f"{bits},{answer}" for bits, answer in ROWS]
    (tmp_path / "wave9.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return schema


@pytest.mark.parametrize("mr_first", [True, False], ids=["mr-first", "variable-first"])
def test_item_named_like_a_variable_is_kept_distinct(tmp_path, mr_first):
    survey = load_survey(_write(tmp_path, mr_first))
    # The declared variable keeps its name, label and answers.
    q5_1 = survey.variable("Q5_1")
    assert q5_1.label == "How safe do you feel after dark?" and q5_1.kind is not Kind.MULTI
    np.testing.assert_array_equal(survey.values("Q5_1"), [answer for _, answer in ROWS])
    # The multiple-response item for category 1 lives on under another name, with its own answers.
    q5 = survey.variable("Q5")
    assert q5.kind is Kind.MULTI and q5.members == ("Q5_1_mr", "Q5_2")
    np.testing.assert_array_equal(survey.values("Q5_1_mr"), [int(b[0]) for b, _ in ROWS])
    np.testing.assert_array_equal(survey.values("Q5_2"), [int(b[1]) for b, _ in ROWS])
    assert survey.variable("Q5_1_mr").label.endswith("High street")
    assert any(
        "Q5: its item for category 1 is named Q5_1_mr" in w and "named Q5_1." in w
        for w in survey.warnings
    )


def test_a_name_declared_twice_is_refused(tmp_path):
    schema = tmp_path / "wave9.sss"
    twice = Q5_1.format(ident=1, pos=1) + Q5_1.format(ident=2, pos=2)
    schema.write_text(HEAD + twice + TAIL, encoding="utf-8")
    (tmp_path / "wave9.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ExplorerError, match=r"wave9\.sss: .*two variables named Q5_1") as caught:
        load_survey(schema)
    assert "\n" not in str(caught.value)
