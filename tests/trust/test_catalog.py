"""The catalogue a streamed .sav's reader hands over with its first columns (`survey.catalog`):
from the sample's metadata it names every question an ordinary read charts, in the same order,
its MR set where the set's first item is; hand-written JSON that is not one (not JSON, wrong
shapes, wrong types) is one sentence naming the .sav, never a traceback; no catalogue is None; a
file GNU PSPP wrote, with its own multiple-response set, is listed whole while its rest is read."""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pyreadstat
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.session import Session, load_session
from explorer.core.survey import catalog, sav_stream
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


PSPP = shutil.which("pspp")


@pytest.mark.skipif(PSPP is None, reason="GNU PSPP is not installed")
def test_a_file_written_by_pspp_lists_its_questions_and_its_set(tmp_path, monkeypatch) -> None:
    """A .sav as GNU PSPP writes it (an MRSETS dichotomy group, a string, user-missing codes):
    the first hand-over lists every question the whole read charts, in its order, each with the
    label pyreadstat reads from the file, the set by the label PSPP wrote for it."""
    rng = np.random.default_rng(7)
    n = 400
    attitudes = [f"a{i}" for i in range(1, 13)]
    header = ["id", "wt", "age", "sex", *attitudes, "m_tv", "m_web", "m_radio", "txt", "b1"]
    rows = [
        [i + 1, round(float(rng.uniform(0.5, 2)), 2), rng.integers(1, 4), rng.integers(1, 3)]
        + [rng.choice([1, 2, 3, 9]) for _ in attitudes]
        + [rng.integers(0, 2) for _ in range(3)]
        + [rng.choice(["", "note"]), rng.integers(1, 4)]
        for i in range(n)
    ]
    data = tmp_path / "data.csv"
    data.write_text(
        "\n".join(",".join(str(v) for v in row) for row in [header, *rows]) + "\n",
        encoding="utf-8",
    )
    sav = tmp_path / "pspp.sav"
    formats = " ".join(
        f"{name} {'A20' if name == 'txt' else 'F8.2' if name == 'wt' else 'F8.0'}"
        for name in header
    )
    labels = " /".join(f"{a} 'Agree with statement {a[1:]}'" for a in attitudes)
    syntax = f"""GET DATA /TYPE=TXT /FILE='{data}' /ARRANGEMENT=DELIMITED /DELCASE=LINE
 /FIRSTCASE=2 /DELIMITERS="," /VARIABLES={formats}.
VARIABLE LABELS age 'Age band' /sex 'Sex' /{labels} /m_tv 'News from TV'
 /m_web 'News from the web' /m_radio 'News from radio' /b1 'Contact with police'.
VALUE LABELS age 1 '16-34' 2 '35-54' 3 '55+' /sex 1 'Man' 2 'Woman'
 /{" ".join(attitudes)} 1 'Agree' 2 'Neither' 3 'Disagree' 9 "Don't know"
 /m_tv m_web m_radio 0 'No' 1 'Yes' /b1 1 'Never' 2 'Once' 3 'More'.
MISSING VALUES {" ".join(attitudes)} (9).
MRSETS /MDGROUP NAME=$news LABEL='Where do you get news?' VARIABLES=m_tv m_web m_radio VALUE=1.
SAVE OUTFILE='{sav}'.
"""
    script = tmp_path / "make.sps"
    script.write_text(syntax, encoding="utf-8")
    subprocess.run([PSPP, str(script)], check=True, capture_output=True, timeout=120)
    monkeypatch.setattr(sav_stream, "STREAM_BYTES", 0)
    firsts: list[Session] = []
    whole = load_session(sav, None, preview=firsts.append, wanted=())
    assert len(firsts) == 1
    first = firsts[0]
    assert first.pending is not None and whole.pending is None and whole.unread() == {}
    assert len(first.survey.columns) < len(whole.survey.columns) / 2
    assert first.listed_questions() == whole.questions()
    assert "$news" in whole.questions() and "$news" in first.unread()
    _e, meta = pyreadstat.read_sav(sav, metadataonly=True)
    for name, label in first.unread().items():
        expected = meta.mr_sets["news"]["label"] if name == "$news" else None
        assert label == (expected or meta.column_names_to_labels[name]), name
    assert "$news" not in first.unread_breakdowns() and "b1" in first.unread_breakdowns()


def test_each_topic_lists_its_questions_still_being_read(monkeypatch) -> None:
    """With the sample's topic map, every topic of the first hand-over lists the questions the
    whole survey gives it (a topic naming an item of the set lists the set)."""
    from explorer.core.session import SAMPLE_TOPICS
    from explorer.core.topics import load_topic_map

    monkeypatch.setattr(sav_stream, "STREAM_BYTES", 0)
    firsts: list[Session] = []
    whole = load_session(SAMPLE_SAV, None, SAMPLE_TOPICS, preview=firsts.append, wanted=())
    topics = load_topic_map(SAMPLE_TOPICS)
    first = Session(firsts[0].survey, topics=topics, pending=firsts[0].pending)
    assert first.unread() and len(whole.topic_names()) >= 3
    for topic in whole.topic_names():
        assert first.listed_questions(topic) == whole.questions(topic), topic
    assert any("$concerns" in whole.questions(t) for t in whole.topic_names())
