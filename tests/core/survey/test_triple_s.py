"""Triple-S loading: fixed-width (1.2) and CSV (2.0) data, all variable types, encodings, damage."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.survey.load import load_survey
from explorer.core.survey.model import Kind
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "survey" / "tracker.sss"

# The ground truth the data files are written from.
ROWS = [
    dict(serial="0001", q1=1, q2={1, 3}, q3=[1, 10], age=34, victim=1, date="20240301", wt=1.25),
    dict(serial="0002", q1=2, q2=set(), q3=[], age=67, victim=0, date="20240302", wt=0.75),
    dict(serial="0003", q1=99, q2={1, 2, 3, 4}, q3=[2], age=22, victim=0, date="20240303", wt=1.0),
    dict(serial="0004", q1=5, q2={4}, q3=[10, 1], age=81, victim=1, date="20240304", wt=1.5),
    dict(serial="0005", q1=4, q2={2}, q3=[2, 1], age=45, victim=0, date="20240305", wt=0.5),
]
Q2_CODES = [1, 2, 3, 4]
Q3_CODES = [1, 2, 10]


def _fixed_line(row) -> str:
    bits = "".join("1" if c in row["q2"] else "0" for c in Q2_CODES)
    spread = "".join(f"{c:>2}" for c in row["q3"]).ljust(4)
    return (
        f"{row['serial']:>4}{row['q1']:>2}{bits}{spread}{row['age']:>3}{row['victim']}"
        f"{row['date']}{row['wt']:06.3f}"
    )


def _fixed(tmp_path, schema_bytes: bytes | None = None):
    schema = tmp_path / "tracker.sss"
    if schema_bytes is None:
        shutil.copy(FIXTURE, schema)
    else:
        schema.write_bytes(schema_bytes)
    (tmp_path / "tracker.asc").write_text(
        "\n".join(map(_fixed_line, ROWS)) + "\n", encoding="ascii"
    )
    return schema


def _check(survey):
    assert survey.n == len(ROWS) and survey.source.format == "triple-s"
    q1 = survey.variable("Q1")
    assert q1.kind is Kind.SCALE
    assert {n.key: n.codes for n in q1.nets} == {"trust": (1.0, 2.0), "distrust": (4.0, 5.0)}
    np.testing.assert_array_equal(survey.values("Q1"), [r["q1"] for r in ROWS])
    q2 = survey.variable("Q2")
    assert q2.kind is Kind.MULTI and q2.members == tuple(f"Q2_{c}" for c in Q2_CODES)
    assert survey.variable("Q2_4").label.endswith("Café noise")
    for code in Q2_CODES:
        np.testing.assert_array_equal(
            survey.values(f"Q2_{code}"), [int(code in r["q2"]) for r in ROWS]
        )
    q3 = survey.variable("Q3")
    assert q3.members == tuple(f"Q3_{c}" for c in Q3_CODES)
    for code in Q3_CODES:
        np.testing.assert_array_equal(
            survey.values(f"Q3_{code}"), [int(code in r["q3"]) for r in ROWS]
        )
    assert survey.variable("AGE").kind is Kind.NUMERIC
    np.testing.assert_array_equal(survey.values("AGE"), [r["age"] for r in ROWS])
    assert survey.variable("VICTIM").label_for(1) == "Yes"
    assert survey.variable("IDATE").kind is Kind.DATE
    assert str(survey.column("IDATE")[2])[:10] == "2024-03-03"
    assert survey.variable("serial").kind is Kind.TEXT
    assert list(survey.column("serial")) == [r["serial"] for r in ROWS]
    assert survey.weight == "WT"
    np.testing.assert_allclose(survey.weights(), [r["wt"] for r in ROWS])
    assert survey.illustrative


def test_fixed_width_schema(tmp_path):
    _check(load_survey(_fixed(tmp_path)))


def test_opening_the_data_file_finds_the_schema(tmp_path):
    _fixed(tmp_path)
    _check(load_survey(tmp_path / "tracker.asc"))


def test_utf16_schema_with_bom(tmp_path):
    text = FIXTURE.read_text(encoding="latin-1").replace(
        'encoding="ISO-8859-1"', 'encoding="UTF-16"'
    )
    _check(load_survey(_fixed(tmp_path, text.encode("utf-16"))))


CSV_SCHEMA = """<?xml version="1.0" encoding="UTF-8"?>
<sss version="2.0">
  <survey>
    <title>Panel wave 3</title>
    <record ident="B" format="csv" skip="1" href="wave3_data.csv">
      <variable ident="1" type="single"><name>q_support</name><label>Support or oppose drones</label>
        <position start="2"/>
        <values><value code="1">Strongly support</value><value code="2">Tend to support</value>
          <value code="3">Tend to oppose</value><value code="4">Strongly oppose</value>
          <value code="9">Don't know</value></values></variable>
      <variable ident="2" type="multiple"><name>seen</name><label>Seen on</label>
        <position start="3"/>
        <values><value code="1">TV</value><value code="2">Radio</value><value code="3">Online</value></values>
      </variable>
      <variable ident="3" type="character"><name>town</name><label>Town</label><position start="1"/></variable>
    </record>
  </survey>
</sss>
"""


def test_csv_record_format_version_2(tmp_path):
    schema = tmp_path / "wave3.sss"
    schema.write_text(CSV_SCHEMA, encoding="utf-8")
    rows = [("Leeds", 1, "101"), ("York", 4, "000"), ("Hull", 9, "011"), ("Leeds", 2, "100")]
    lines = ["town,q_support,seen"] + [f"{t},{q},{s}" for t, q, s in rows]
    (tmp_path / "wave3_data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    survey = load_survey(schema)
    assert survey.weight is None and survey.n == len(rows)
    np.testing.assert_array_equal(survey.values("q_support"), [q for _, q, _ in rows])
    support = survey.variable("q_support")
    assert {n.key: n.codes for n in support.nets} == {"support": (1.0, 2.0), "oppose": (3.0, 4.0)}
    for i, code in enumerate((1, 2, 3)):
        np.testing.assert_array_equal(
            survey.values(f"seen_{code}"), [int(s[i]) for _, _, s in rows]
        )
    assert list(survey.column("town")) == [t for t, _, _ in rows]


def test_missing_data_file(tmp_path):
    schema = tmp_path / "alone.sss"
    shutil.copy(FIXTURE, schema)
    with pytest.raises(ExplorerError, match=r"alone\.sss: .*data file was not found"):
        load_survey(schema)


@pytest.mark.parametrize(
    "content, match",
    [
        (b"<sss version='2.0'><survey><record", "malformed"),
        (b"<sss version='2.0'><survey/></sss>", "no <survey><record>"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<sss>&b;</sss>",
            "refused for safety",
        ),
    ],
    ids=["truncated", "no-record", "entity-expansion"],
)
def test_broken_schemas(tmp_path, content, match):
    schema = tmp_path / "broken.sss"
    schema.write_bytes(content)
    with pytest.raises(ExplorerError, match=rf"broken\.sss: .*{match}"):
        load_survey(schema)


def test_non_numeric_code_in_data(tmp_path):
    _fixed(tmp_path)
    lines = (tmp_path / "tracker.asc").read_text().splitlines()
    lines[1] = lines[1][:4] + "xx" + lines[1][6:]
    (tmp_path / "tracker.asc").write_text("\n".join(lines))
    # One bad value no longer refuses the file: it becomes missing, and a data note says where.
    survey = load_survey(tmp_path / "tracker.sss")
    assert np.isnan(survey.values("Q1")[1]) and survey.values("Q1")[0] == ROWS[0]["q1"]
    assert any(
        "Q1: 1 value that is not a number (first in data row 2: 'xx')" in w for w in survey.warnings
    )


def test_unknown_declared_encoding_falls_back_to_decoding_the_bytes(tmp_path):
    text = FIXTURE.read_bytes().replace(b"ISO-8859-1", b"FSO-8859-1")
    _check(load_survey(_fixed(tmp_path, text)))
