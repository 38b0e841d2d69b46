"""Triple-S files in the shape real survey tools write them (hand-written here, not by this
project): the standard `<!DOCTYPE sss PUBLIC …>` line, Triple-S 2.0 languages (`<text lang=…>`),
literal (letter) codes, and a bad value in one variable — plus what stays refused: entities,
external references and any network access.
"""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.survey.load import load_survey
from explorer.core.survey.model import Kind
from tests.trust import netguard

DOCTYPE_20 = (
    '<!DOCTYPE sss PUBLIC "-//triple-s//DTD Survey Interchange v2.0//EN"\n'
    '                     "http://www.triple-s.org/dtd/sss_v20.dtd">'
)
DOCTYPE_11 = (
    '<!DOCTYPE sss PUBLIC "-//triple-s//DTD Survey Interchange v1.1//EN" '
    '"http://www.triple-s.org/dtd/sss_v11.dtd">'
)

# A 2.0 export as interviewing packages write it: two languages, modes, letter codes for region,
# a literal multiple (spread), a quantity and a weight. Fixed-width data, 1-based columns.
SCHEMA_20 = f"""<?xml version="1.0" encoding="UTF-8"?>
{DOCTYPE_20}
<sss version="2.0" languages="EN CY" modes="interview analysis">
  <date>2 May 2024</date>
  <time>09:12</time>
  <origin>Interviewing system export</origin>
  <user>Fieldwork team</user>
  <survey>
    <name>SAFE24</name>
    <title><text lang="EN">Community safety survey 2024</text><text lang="CY">Arolwg diogelwch cymunedol 2024</text></title>
    <record ident="A" format="fixed" skip="0">
      <variable ident="1" type="character" use="serial">
        <name>SERIAL</name>
        <label><text lang="EN">Serial number</text><text lang="CY">Rhif cyfresol</text></label>
        <position start="1" finish="4"/>
        <size>4</size>
      </variable>
      <variable ident="2" type="single" format="literal">
        <name>REGION</name>
        <label><text lang="EN">Region</text><text lang="CY">Rhanbarth</text></label>
        <position start="5" finish="5"/>
        <values>
          <value code="N"><text lang="EN">North</text><text lang="CY">Gogledd</text></value>
          <value code="S"><text lang="EN">South</text><text lang="CY">De</text></value>
          <value code="W"><text lang="EN">Wales</text><text lang="CY">Cymru</text></value>
        </values>
      </variable>
      <variable ident="3" type="single">
        <name>Q1</name>
        <label><text lang="EN">How much do you agree or disagree: the police listen</text></label>
        <position start="6" finish="6"/>
        <values>
          <value code="1"><text lang="EN">Strongly agree</text></value>
          <value code="2"><text lang="EN">Tend to agree</text></value>
          <value code="3"><text lang="EN">Neither agree nor disagree</text></value>
          <value code="4"><text lang="EN">Tend to disagree</text></value>
          <value code="5"><text lang="EN">Strongly disagree</text></value>
          <value code="8"><text lang="EN">Can't choose</text></value>
          <value code="9"><text lang="EN">Refusal</text></value>
        </values>
      </variable>
      <variable ident="4" type="multiple" format="literal">
        <name>SEEN</name>
        <label><text lang="EN">Where have you seen officers?</text></label>
        <position start="7" finish="9"/>
        <spread subfields="3" width="1"/>
        <values>
          <value code="A"><text lang="EN">Street</text></value>
          <value code="B"><text lang="EN">School</text></value>
          <value code="C"><text lang="EN">Shops</text></value>
        </values>
      </variable>
      <variable ident="5" type="quantity">
        <name>AGE</name>
        <label><text lang="EN">Age</text></label>
        <position start="10" finish="11"/>
        <values><range from="16" to="99"/></values>
      </variable>
      <variable ident="6" type="quantity" use="weight">
        <name>WGT</name>
        <label><text lang="EN">Weight</text></label>
        <position start="12" finish="16"/>
        <values><range from="0" to="9.999"/></values>
      </variable>
    </record>
  </survey>
</sss>
"""
# serial, region, q1, seen (3 slots), age, weight — row 3 has a letter code not in the list (X),
# row 4 an age keyed as "4O" (letter O), row 5 a seen code not in the list (Z).
ROWS = [
    ("0001", "N", "1", "AC ", "34", "1.250"),
    ("0002", "S", "4", "   ", "67", "0.750"),
    ("0003", "X", "9", "B  ", "22", "1.000"),
    ("0004", "W", "2", "CBA", "4O", "1.500"),
    ("0005", "N", "8", "Z  ", "45", "0.500"),
]


def _write(tmp_path, schema: str = SCHEMA_20, rows=ROWS):
    path = tmp_path / "safe24.sss"
    path.write_text(schema, encoding="utf-8")
    (tmp_path / "safe24.asc").write_text(
        "".join("".join(r) + "\r\n" for r in rows), encoding="ascii"
    )
    return path


def test_a_version_2_export_with_doctype_languages_and_letter_codes_loads(tmp_path) -> None:
    survey = load_survey(_write(tmp_path))
    assert survey.source.file_label == "Community safety survey 2024"
    region = survey.variable("REGION")
    assert region.label == "Region"
    assert region.value_labels == ((1.0, "North (N)"), (2.0, "South (S)"), (3.0, "Wales (W)"))
    np.testing.assert_array_equal(survey.values("REGION"), [1, 2, np.nan, 3, 1])
    q1 = survey.variable("Q1")
    assert q1.kind is Kind.SCALE and q1.label.startswith("How much do you agree")
    assert [(n.label, n.codes) for n in q1.nets] == [
        ("Agree (net)", (1.0, 2.0)),
        ("Disagree (net)", (4.0, 5.0)),
    ]
    seen = survey.variable("SEEN")
    assert seen.kind is Kind.MULTI and len(seen.members) == 3
    np.testing.assert_array_equal(survey.values(seen.members[0]), [1, 0, 0, 1, 0])
    np.testing.assert_array_equal(survey.values(seen.members[1]), [0, 0, 1, 1, 0])
    np.testing.assert_array_equal(survey.values(seen.members[2]), [1, 0, 0, 1, 0])
    np.testing.assert_array_equal(survey.values("AGE"), [34, 67, 22, np.nan, 45])
    assert survey.weight == "WGT"
    notes = " ".join(survey.warnings)
    assert "REGION: 1 letter code not in its list (first in data row 3: 'X')" in notes
    assert "AGE: 1 value that is not a number (first in data row 4: '4O')" in notes
    assert "SEEN: 1 code that is not one of its categories (first in data row 5: 'Z')" in notes


def test_a_version_1_1_doctype_is_accepted(tmp_path) -> None:
    schema = f"""<?xml version="1.0" encoding="ISO-8859-1"?>
{DOCTYPE_11}
<sss version="1.1">
  <survey><name>S</name><title>Old export</title>
    <record ident="A">
      <variable ident="1" type="single"><name>Q1</name><label>Gender</label>
        <position start="1" finish="1"/>
        <values><value code="1">Man</value><value code="2">Woman</value></values></variable>
    </record>
  </survey>
</sss>
"""
    path = tmp_path / "old.sss"
    path.write_text(schema, encoding="latin-1")
    (tmp_path / "old.asc").write_text("1\n2\n2\n", encoding="ascii")
    survey = load_survey(path)
    np.testing.assert_array_equal(survey.values("Q1"), [1, 2, 2])


def test_loading_a_doctype_never_touches_the_network(tmp_path, monkeypatch) -> None:
    netguard.install(monkeypatch.setattr)
    before = len(netguard.ATTEMPTS)
    survey = load_survey(_write(tmp_path))
    assert survey.n == 5 and len(netguard.ATTEMPTS) == before


HOSTILE = {
    "internal-entity": '<!DOCTYPE sss [<!ENTITY t "Region">]>',
    "file-entity": '<!DOCTYPE sss [<!ENTITY t SYSTEM "file:///etc/passwd">]>',
    "network-parameter-entity": '<!DOCTYPE sss [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>',
}


@pytest.mark.parametrize("doctype", HOSTILE.values(), ids=HOSTILE.keys())
def test_entities_and_external_references_are_still_refused(tmp_path, monkeypatch, doctype):
    netguard.install(monkeypatch.setattr)
    before = len(netguard.ATTEMPTS)
    schema = SCHEMA_20.replace(DOCTYPE_20, doctype).replace(
        '<title><text lang="EN">Community', '<title><text lang="EN">&t; Community'
    )
    with pytest.raises(ExplorerError, match=r"safe24\.sss: .*refused for safety"):
        load_survey(_write(tmp_path, schema))
    assert len(netguard.ATTEMPTS) == before
