"""Tests for saving and opening briefings: exact round trip, stable readable JSON, and one clear
sentence naming the file for every kind of broken file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from explorer.core.briefing.model import Briefing, add_slide, make_slide
from explorer.core.briefing.store import (
    SCHEMA,
    briefing_from_json,
    briefing_to_json,
    data_ref_for,
    dumps,
    load_briefing,
    resolve_ref_path,
    save_briefing,
)
from explorer.core.errors import ExplorerError
from tests.core.briefing.strategies import briefings


@settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(briefings)
def test_round_trip_through_a_file(tmp_path: Path, briefing: Briefing) -> None:
    path = tmp_path / "b.briefing.json"
    save_briefing(briefing, path)
    loaded = load_briefing(path)
    assert loaded == briefing
    # Saving again gives the same bytes: keys and sets are written in a stable order.
    assert dumps(loaded) == path.read_text(encoding="utf-8")


def test_json_is_readable_and_versioned(tmp_path: Path) -> None:
    b = add_slide(Briefing(title="Trust"), make_slide("One", takeaway="Most trust the Met"))
    path = tmp_path / "x.briefing.json"
    save_briefing(b, path)
    text = path.read_text(encoding="utf-8")
    obj = json.loads(text)
    assert obj["schema"] == SCHEMA and obj["version"] == 1
    assert '\n  "marking": "OFFICIAL",' in text  # indent 2, human readable
    assert list(obj) == sorted(obj)


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "bad.briefing.json"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def _valid() -> dict:
    return briefing_to_json(add_slide(Briefing(), make_slide("s")))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda o: o.update(version=2), "newer version"),
        (lambda o: o.update(schema="other"), "not a briefing saved by this app"),
        (lambda o: o.pop("version"), "no format version"),
        (lambda o: o.pop("title"), "no 'title' field"),
        (lambda o: o["slides"][0].pop("id"), "slide 1 has no 'id' field"),
        (lambda o: o["slides"][0]["view"].update(layout="pie"), "unknown layout"),
        (
            lambda o: o["slides"][0]["view"].update(multi_base="everyone"),
            "unknown multiple-response base",
        ),
        (lambda o: o["slides"][0]["view"].update(show_empty="yes"), "wrong type|true or false"),
        (lambda o: o.update(statistics={"correction": "tukey"}), "statistics settings are not"),
        (lambda o: o.update(statistics={"confidence": "95"}), "'confidence' is not valid"),
        (lambda o: o.update(statistics=[1]), "not an object"),
        (
            lambda o: o["slides"][0]["view"]["filter"].update(cross={"q": [True]}),
            "neither a number",
        ),
        (lambda o: o["slides"].append(o["slides"][0]), "share the same id"),
        (lambda o: o.update(marking="SECRET"), "not a protective marking"),
        (lambda o: o["slides"][0].update(title=5), "wrong type"),
    ],
)
def test_bad_content_is_one_sentence_naming_the_file(tmp_path: Path, mutate, message: str) -> None:
    obj = _valid()
    mutate(obj)
    path = _write(tmp_path, json.dumps(obj))
    with pytest.raises(ExplorerError, match=message) as info:
        load_briefing(path)
    assert info.value.message.startswith("bad.briefing.json: ")
    assert info.value.message.endswith(".")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        ("[1, 2]", "not a briefing"),
        ("[" * 100000 + "]" * 100000, "JSON|nested"),
    ],
)
def test_broken_files(tmp_path: Path, content: str | bytes, message: str) -> None:
    with pytest.raises(ExplorerError, match=message):
        load_briefing(_write(tmp_path, content))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExplorerError, match="gone.briefing.json: there is no such file"):
        load_briefing(tmp_path / "gone.briefing.json")


def test_a_view_without_the_display_choices_reads_as_the_defaults() -> None:
    # A briefing written before slides carried them: hand-written view, no show_empty/multi_base.
    obj = _valid()
    view = obj["slides"][0]["view"]
    assert "show_empty" not in view and "multi_base" not in view  # defaults are not written
    loaded = briefing_from_json(obj).slides[0].view
    assert (loaded.show_empty, loaded.multi_base) == (False, "answered")
    view.update(show_empty=True, multi_base="all")
    loaded = briefing_from_json(obj).slides[0].view
    assert (loaded.show_empty, loaded.multi_base) == (True, "all")


def test_briefing_from_json_accepts_what_it_writes() -> None:
    obj = _valid()
    assert briefing_to_json(briefing_from_json(obj)) == obj


def test_data_ref_is_relative_to_the_briefing(tmp_path: Path) -> None:
    data = tmp_path / "data" / "s.sav"
    data.parent.mkdir()
    data.write_bytes(b"abc")
    briefing_path = tmp_path / "briefs" / "b.briefing.json"
    ref = data_ref_for("survey", data, briefing_path)
    assert ref.path == "../data/s.sav"
    assert ref.name == "s.sav"
    import hashlib

    assert ref.sha256 == hashlib.sha256(b"abc").hexdigest()
    assert resolve_ref_path(ref, briefing_path) == data
