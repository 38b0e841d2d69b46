"""No traceback, ever: weights of any magnitude, malformed Triple-S attributes, tampered briefings
(huge numbers, wrong types, a text code on a numeric question) each end in a sentence or a result;
random JSON into the briefing loader and random attribute values into the Triple-S and REFI-QDA
readers only ever give an ExplorerError or a load, quickly."""

from __future__ import annotations

import contextlib
import json
import math
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.briefing.store import load_briefing
from explorer.core.errors import ExplorerError
from explorer.core.filter_state import FilterState
from explorer.core.qual.load import load_project
from explorer.core.session import Session
from explorer.core.survey.load import load_survey
from explorer.core.survey.rounding import format_count
from tests.ui.small_data import small_project, small_survey

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("value", [1e308, -1e308, 1.7976931348623157e308, 5e-324, 123456.5])
def test_format_count_handles_any_finite_float(value) -> None:
    shown = format_count(value)
    assert shown.replace(",", "").replace("-", "").replace(".", "").isdigit()
    assert float(shown.replace(",", "")) == math.floor(value + 0.5) or abs(value) > 1e15


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), "x", None])
def test_format_count_of_no_number_is_a_dash(value) -> None:
    assert format_count(value) == "–"


def test_a_text_code_on_a_numeric_question_matches_nobody() -> None:
    session = Session(small_survey(), small_project())
    alone = FilterState(cross=(("q_tech_lfr", frozenset({"x"})),))
    assert session.base(alone) == (0, 0.0)
    mixed = FilterState(cross=(("q_tech_lfr", frozenset({"x", 1.0})),))
    only = FilterState(cross=(("q_tech_lfr", frozenset({1.0})),))
    assert session.base(mixed) == session.base(only)
    assert session.table("q_tech_cctv", mixed).columns[0].unweighted_base == session.base(only)[0]


# --- Triple-S -------------------------------------------------------------------------------
def _sss(folder: Path, *, skip: str = "0", start: str = "1", finish: str = "1", spread="") -> Path:
    spread_xml = f"<spread subfields={quoteattr(spread)} width='1'/>" if spread else ""
    kind = "multiple" if spread else "single"
    schema = (
        "<?xml version='1.0'?><sss version='2.0'><survey><record ident='A' "
        f"skip={quoteattr(skip)}><variable ident='1' type='{kind}'><name>q</name>"
        f"<label>Q</label><position start={quoteattr(start)} finish={quoteattr(finish)}/>"
        f"{spread_xml}<values><value code='1'>Yes</value><value code='2'>No</value></values>"
        "</variable></record></survey></sss>"
    )
    (folder / "t.sss").write_text(schema, encoding="utf-8")
    (folder / "t.asc").write_text("1\n2\n1\n", encoding="ascii")
    return folder / "t.sss"


@pytest.mark.parametrize(
    ("attrs", "words"),
    [
        ({"skip": "abc"}, "not a whole number"),
        ({"skip": "-5"}, "less than 0"),
        ({"skip": "9" * 5000}, "not a whole number"),
        ({"start": "0"}, "less than 1"),
        ({"finish": "2000000000"}, "more than the limit"),
        ({"finish": "20000"}, "characters wide"),
        ({"spread": "200000000"}, "more than the limit"),
        ({"spread": "0"}, "less than 1"),
    ],
)
def test_triple_s_numbers_are_checked_before_any_work(tmp_path, attrs, words) -> None:
    started = time.perf_counter()
    with pytest.raises(ExplorerError, match=words) as caught:
        load_survey(_sss(tmp_path, **attrs))
    assert caught.value.message.startswith("t.sss: ")
    assert time.perf_counter() - started < 5


_ATTRIBUTE = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.text(max_size=12),
    st.sampled_from(["", " ", "1e9", "NaN", "0x10", "１", "9" * 400, "-0", "+3"]),
)


@PROPERTY
@given(skip=_ATTRIBUTE, start=_ATTRIBUTE, finish=_ATTRIBUTE, spread=_ATTRIBUTE)
def test_random_triple_s_attributes_never_raise_anything_else(
    tmp_path_factory, skip, start, finish, spread
) -> None:
    folder = tmp_path_factory.mktemp("sss")
    started = time.perf_counter()
    with contextlib.suppress(ExplorerError):
        load_survey(_sss(folder, skip=skip, start=start, finish=finish, spread=spread or ""))
    assert time.perf_counter() - started < 10


# --- REFI-QDA -------------------------------------------------------------------------------
def _qdpx(folder: Path, values: dict[str, str]) -> Path:
    text = "Moderator: Hello there.\nP01: I think it is fine really.\n"
    v = {k: quoteattr(x) for k, x in values.items()}
    qde = (
        "<?xml version='1.0' encoding='utf-8'?><Project name='p' xmlns='urn:QDA-XML:project:1.0'>"
        f"<CodeBook><Codes><Code guid={v['code_guid']} name={v['name']} isCodable={v['codable']} "
        f"color={v['color']}/></Codes></CodeBook>"
        "<Variables><Variable name='Age' guid='b1000000-0000-4000-8000-000000000001' "
        f"typeOfVariable={v['var_type']}/></Variables>"
        "<Cases><Case guid='c1000000-0000-4000-8000-000000000001' name='P01'><VariableValue>"
        "<VariableRef targetGUID='b1000000-0000-4000-8000-000000000001'/>"
        f"<IntegerValue>{values['integer'].replace('<', '').replace('&', '')}</IntegerValue>"
        "</VariableValue></Case></Cases><Sources><TextSource "
        f"guid='d1000000-0000-4000-8000-000000000001' name={v['name']} "
        "plainTextPath='internal://t.txt'>"
        f"<PlainTextSelection guid='f1000000-0000-4000-8000-000000000001' "
        f"startPosition={v['start']} endPosition={v['end']}>"
        f"<Coding guid='f2000000-0000-4000-8000-000000000001'><CodeRef targetGUID={v['ref']}/>"
        "</Coding></PlainTextSelection></TextSource></Sources></Project>"
    )
    path = folder / "p.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        archive.writestr("Sources/t.txt", text.encode("utf-8"))
    return path


_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=16
).map(lambda s: "".join(c for c in s if c in "\t\n\r" or ord(c) >= 0x20))
_QDA_VALUE = st.one_of(_ATTRIBUTE, _XML_TEXT)
_GUID = st.sampled_from(["a1000000-0000-4000-8000-000000000001", "", "x", "A1000000"])


@PROPERTY
@given(
    values=st.fixed_dictionaries(
        {
            "code_guid": _GUID,
            "ref": _GUID,
            "name": _QDA_VALUE,
            "codable": _QDA_VALUE,
            "color": _QDA_VALUE,
            "var_type": _QDA_VALUE,
            "integer": _QDA_VALUE,
            "start": _QDA_VALUE,
            "end": _QDA_VALUE,
        }
    )
)
def test_random_refi_qda_attributes_never_raise_anything_else(tmp_path_factory, values) -> None:
    folder = tmp_path_factory.mktemp("qdpx")
    started = time.perf_counter()
    with contextlib.suppress(ExplorerError):
        load_project(_qdpx(folder, values))
    assert time.perf_counter() - started < 10


# --- briefings ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        '{"version": ' + "9" * 5000 + "}",
        '{"version": 1e999}',
        '{"version": NaN}',
        '{"version": 1, "slides": [{"id": "a", "quotes": [{"start": ' + "1" * 40 + "}]}]}",
        '{"version": 1, "title": 5, "slides": {"a": 1}}',
        '{"version": 1, "slides": [{"id": "a", "view": {"filter": {"cross": {"q": ["x"]}}}}]}',
    ],
)
def test_tampered_briefings_are_one_sentence(tmp_path, text) -> None:
    path = tmp_path / "b.briefing.json"
    path.write_text(text, encoding="utf-8")
    try:
        load_briefing(path)
    except ExplorerError as error:
        assert error.message.startswith("b.briefing.json: ")
        assert len(error.message) < 300


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["version", "title", "slides", "marking", "survey", "qual", "view", "filter", "id"]
                + ["cross", "dimensions", "quotes", "start", "end", "questions", "layout", "codes"]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@PROPERTY
@given(body=_JSON, version=st.sampled_from([1, 2, None, "1", 0]))
def test_random_json_into_the_briefing_loader(tmp_path_factory, body, version) -> None:
    if isinstance(body, dict) and version is not None:
        body = {**body, "version": version}
    path = tmp_path_factory.mktemp("b") / "x.briefing.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    with contextlib.suppress(ExplorerError):
        load_briefing(path)
