"""The catalogue a streamed .sav's reader hands over with its first columns (`survey.catalog`):
from the sample's metadata it names every question an ordinary read charts, in the same order,
its MR set where the set's first item is; hand-written JSON that is not one (not JSON, wrong
shapes, wrong types) is one sentence naming the .sav, never a traceback; no catalogue is None."""

from __future__ import annotations

import json

import pyreadstat
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.session import Session
from explorer.core.survey import catalog
from explorer.core.survey.load import load_survey
from tests.fixtures.hostile.builders import SAMPLE_SAV

pytestmark = pytest.mark.skipif(not SAMPLE_SAV.exists(), reason="no sample")


def test_the_catalogue_names_every_question_of_the_file(tmp_path) -> None:
    _e, meta = pyreadstat.read_sav(SAMPLE_SAV, metadataonly=True)
    found = catalog.from_meta(meta)
    catalog.write_catalog(found, tmp_path)
    back = catalog.read_catalog(tmp_path, SAMPLE_SAV)
    assert back == found and back.names() == list(meta.column_names)
    whole = Session(load_survey(SAMPLE_SAV))
    profile = {d.survey_variable for d in whole.dimensions}
    # nothing read yet: every question and every profile variable, in file order
    listed = [n for n in back.questions({}) if n not in profile]
    assert listed == whole.questions()
    assert back.questions({})["$concerns"] == meta.mr_sets["concerns"]["label"]
    # what is read is not listed again, and read and unread together keep the file's order
    read = {n: whole.survey.variables[n] for n in ("q_tough", "q_victim", "$concerns")}
    unread = [n for n in back.questions(read) if n not in profile]
    assert "q_tough" not in unread and "q_concern_privacy" not in unread
    assert back.order(unread + list(read), read) == whole.questions()


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"variables": [["q1", "Label", 2, false, null]]}',
        '{"variables": [["q1", 7, 2, false, null]], "sets": []}',
        '{"variables": [["q1", "Label", -1, false, null]], "sets": []}',
        '{"variables": [["q1", "Label", 2, "no", null]], "sets": []}',
        '{"variables": [["q1", "Label", 2, false]], "sets": []}',
        '{"variables": [], "sets": [["$s", "Set", "q1"]]}',
        '{"variables": [], "sets": [["$s", "Set", [1, 2]]]}',
    ],
)
def test_a_catalogue_that_is_not_one_is_one_sentence(tmp_path, text) -> None:
    (tmp_path / catalog.NAME).write_text(text, encoding="utf-8")
    with pytest.raises(ExplorerError) as raised:
        catalog.read_catalog(tmp_path, tmp_path / "big tracker.sav")
    assert raised.value.message == (
        "big tracker.sav: the file could not be read back from its reader."
    )


def test_no_catalogue_lists_only_what_is_read(tmp_path) -> None:
    assert catalog.read_catalog(tmp_path, SAMPLE_SAV) is None
    good = {"variables": [["q1", "Asked", 3, False, None]], "sets": []}
    (tmp_path / catalog.NAME).write_text(json.dumps(good), encoding="utf-8")
    found = catalog.read_catalog(tmp_path, SAMPLE_SAV)
    assert found.questions({}) == {"q1": "Asked"}
