"""Property-based fuzzing over mutated real files (the sample .sav, a workbook, a REFI-QDA export):
byte flips, inserted and deleted runs and truncation; each ends in an ExplorerError naming the file
or a load, within a bounded time."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.errors import ExplorerError
from explorer.core.qual.load import load_project
from explorer.core.survey.load import load_survey
from tests.fixtures.hostile.builders import SAMPLE_SAV, _qdpx_bytes, small_xlsx
from tests.trust.conftest import count

SECONDS = 20.0
FUZZ = settings(
    max_examples=60,
    deadline=None,  # each case is timed below; a child process' start-up varies on busy CI
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)


@st.composite
def mutations(draw, size: int):
    """A list of edits: ("flip", at, byte), ("delete", at, n), ("insert", at, bytes), then a cut."""
    edit = st.one_of(
        st.tuples(st.just("flip"), st.integers(0, size - 1), st.integers(0, 255)),
        st.tuples(st.just("delete"), st.integers(0, size - 1), st.integers(1, 64)),
        st.tuples(st.just("insert"), st.integers(0, size - 1), st.binary(min_size=1, max_size=32)),
    )
    edits = draw(st.lists(edit, min_size=1, max_size=8))
    cut = draw(st.none() | st.integers(1, size))
    return edits, cut


def mutate(data: bytes, mutation) -> bytes:
    edits, cut = mutation
    out = bytearray(data)
    for kind, at, arg in edits:
        at %= max(len(out), 1)
        if kind == "flip" and out:
            out[at] = arg
        elif kind == "delete":
            del out[at : at + arg]
        elif kind == "insert":
            out[at:at] = arg
    if cut is not None:
        del out[cut:]
    return bytes(out)


def _check(path: Path, data: bytes, load, kind: str) -> None:
    path.write_bytes(data)
    count(kind)
    started = time.monotonic()
    try:
        load(path)
    except ExplorerError as error:
        assert path.name in error.message and "\n" not in error.message
    assert time.monotonic() - started < SECONDS


SAV = SAMPLE_SAV.read_bytes()
XLSX = small_xlsx()
QDPX = _qdpx_bytes()


@FUZZ
@given(mutation=mutations(len(SAV)))
def test_mutated_sav(tmp_path: Path, mutation) -> None:
    _check(tmp_path / "fuzzed.sav", mutate(SAV, mutation), load_survey, "fuzzed .sav")


@FUZZ
@given(mutation=mutations(len(XLSX)))
def test_mutated_xlsx(tmp_path: Path, mutation) -> None:
    _check(tmp_path / "fuzzed.xlsx", mutate(XLSX, mutation), load_survey, "fuzzed .xlsx")


@FUZZ
@given(mutation=mutations(len(QDPX)))
def test_mutated_qdpx(tmp_path: Path, mutation) -> None:
    _check(tmp_path / "fuzzed.qdpx", mutate(QDPX, mutation), load_project, "fuzzed .qdpx")


@FUZZ
@given(mutation=mutations(400))
def test_mutated_triple_s(tmp_path: Path, mutation) -> None:
    schema = (
        b'<?xml version="1.0"?><sss version="2.0"><survey><record ident="A">'
        b'<variable ident="1" type="single"><name>Q1</name><label>Q one</label>'
        b'<position start="1" finish="1"/><values><value code="1">Yes</value>'
        b'<value code="2">No</value></values></variable></record></survey></sss>'
    )
    (tmp_path / "fuzzed.asc").write_bytes(b"1\n2\n1\n")
    _check(tmp_path / "fuzzed.sss", mutate(schema, mutation), load_survey, "fuzzed Triple-S")
