"""A limit on every parser, applied before the work: a small archive cannot unpack into hundreds of
megabytes, a CSV has a width and cell limit, pipes and devices are refused for every input without
blocking, and code frequencies are linear (checked against a brute-force count written here)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings

from explorer.core.errors import ExplorerError
from explorer.core.qual.load import load_project
from explorer.core.qual.model import MODERATOR, Code, Project, Segment, Source
from explorer.core.qual.queries import code_frequencies, group_of
from explorer.core.survey.load import load_survey
from explorer.core.survey.tabular import MAX_CELL_CHARS, MAX_CODEBOOK_COLUMNS, MAX_COLUMNS, WIDE
from tests.conftest import ROOT
from tests.fixtures.qual.builders import projects


def test_many_members_each_under_the_old_floor_are_refused_fast(tmp_path) -> None:
    """200 members of 1 MB each, every one compressing ~1000×: once 279 s and 3.85 GB."""
    path = tmp_path / "wide.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "project.qde",
            "<?xml version='1.0'?><Project name='p' xmlns='urn:QDA-XML:project:1.0'><Sources>"
            + "".join(
                f"<TextSource guid='d{i:07d}-0000-4000-8000-000000000001' name='s{i}' "
                f"plainTextPath='internal://s{i}.txt'/>"
                for i in range(200)
            )
            + "</Sources></Project>",
        )
        for i in range(200):
            archive.writestr(f"Sources/s{i}.txt", "P01: " + "words " * 200_000)
    assert path.stat().st_size < 2_000_000
    started = time.perf_counter()
    with pytest.raises(ExplorerError, match="wide.qdpx"):
        load_project(path)
    assert time.perf_counter() - started < 10


def test_a_100k_column_csv_is_read_in_under_10_seconds(tmp_path) -> None:
    """Once refused by the width limit (and before that 200 s of O(n²) duplicate checks)."""
    path = tmp_path / "wide.csv"
    n = 100_000
    header = ",".join(f"v{i}" for i in range(n))
    rows = [",".join(str((i + r) % 3 + 1) for i in range(n)) for r in range(3)]
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    started = time.perf_counter()
    survey = load_survey(path)
    assert time.perf_counter() - started < 10
    assert survey.n == 3 and len(survey.variables) == n
    assert list(survey.values("v99999")) == [(99_999 + r) % 3 + 1 for r in range(3)]
    assert survey.variable("v7").codes == (1.0, 2.0, 3.0)


def test_a_csv_wider_than_the_limit_is_refused_before_parsing(tmp_path) -> None:
    path = tmp_path / "wider.csv"
    n = MAX_COLUMNS + 1
    path.write_text(",".join(f"v{i}" for i in range(n)) + "\n" + "1," * (n - 1) + "1\n")
    started = time.perf_counter()
    with pytest.raises(ExplorerError, match=f"{n:,} columns, more than the {MAX_COLUMNS:,}"):
        load_survey(path)
    assert time.perf_counter() - started < 10


def test_a_wide_csv_with_a_codebook_is_refused_before_parsing(tmp_path) -> None:
    path = tmp_path / "coded.csv"
    n = MAX_CODEBOOK_COLUMNS + 1
    path.write_text(",".join(f"v{i}" for i in range(n)) + "\n" + "1," * (n - 1) + "1\n")
    (tmp_path / "book.csv").write_text("variable,label\nv1,First\n", encoding="utf-8")
    with pytest.raises(ExplorerError, match=f"coded\\.csv: the table has {n:,} columns.*codebook"):
        load_survey(path, codebook=tmp_path / "book.csv")


def test_a_wide_csv_of_text_columns_is_refused_before_inferring_them(tmp_path, monkeypatch):
    from explorer.core.survey import tabular as tab
    from explorer.core.survey import wide

    path = tmp_path / "texts.csv"
    n = wide.MAX_TEXT_COLUMNS + 1
    path.write_text(",".join(f"t{i}" for i in range(n)) + "\n" + "x," * (n - 1) + "x\n")
    inferred = []
    monkeypatch.setattr(tab, "infer_column", lambda *a, **k: inferred.append(1))
    started = time.perf_counter()
    with pytest.raises(ExplorerError, match=f"texts\\.csv: {n:,} of its columns hold text"):
        load_survey(path)
    assert inferred == [] and time.perf_counter() - started < 10


def test_duplicate_columns_in_a_wide_csv_are_named(tmp_path) -> None:
    path = tmp_path / "wide_dupes.csv"
    names = [f"v{i}" for i in range(WIDE + 10)] + ["v5", "v17"]
    path.write_text(",".join(names) + "\n" + ",".join("1" for _ in names) + "\n")
    with pytest.raises(ExplorerError, match=r"wide_dupes\.csv: the column names v17, v5 appear"):
        load_survey(path)


def test_a_cell_larger_than_the_limit_is_refused(tmp_path) -> None:
    path = tmp_path / "big_cell.csv"
    path.write_text("a,b\n1," + "x" * (MAX_CELL_CHARS + 1) + "\n2,y\n", encoding="utf-8")
    with pytest.raises(ExplorerError, match="a cell holds"):
        load_survey(path)


def test_duplicate_columns_are_named(tmp_path) -> None:
    path = tmp_path / "dupes.csv"
    path.write_text("a,b, a\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ExplorerError, match="the column names a appear more than once"):
        load_survey(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["describe"], "s.sav"),
        (["describe"], "s.csv"),
        (["describe"], "s.sss"),
        (["describe"], "s.xlsx"),
        (["describe"], "s.parquet"),
        (["codes"], "q.qdpx"),
        (["codes"], "q.qde"),
        (["codes"], "q.csv"),
        (["export", "--pdf", "out.pdf"], "b.briefing.json"),
    ],
)
def test_a_named_pipe_is_refused_for_every_input(tmp_path, command, name) -> None:
    pipe = tmp_path / name
    os.mkfifo(pipe)
    argv = [command[0], str(pipe), *command[1:]]
    result = subprocess.run(
        [sys.executable, "-m", "explorer", *argv],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,  # a blocking open would hang here
    )
    assert result.returncode == 2, result.stderr
    assert name in result.stderr and "regular" in result.stderr
    assert "Traceback" not in result.stderr


# --- code frequencies: linear, and the same as counting by hand ------------------------------
def _brute_force(project: Project, by: str | None) -> list[tuple]:
    """Per code and value: segments, people, groups, from first principles."""

    def below(guid: str) -> set[str]:
        out, changed = {guid}, True
        while changed:
            changed = False
            for code in project.codes.values():
                if code.parent in out and code.guid not in out:
                    out.add(code.guid)
                    changed = True
        return out

    values: list[str] = []
    if by is not None:
        for case in project.cases.values():
            v = dict(case.attributes).get(by)
            if v is not None and v not in values:
                values.append(v)

    def said_by_facilitator(s) -> bool:
        return (s.role or ("facilitator" if s.speaker == MODERATOR else "")) == "facilitator"

    def who(s) -> set[str]:
        """Participants behind a passage: its own speaker when a participant (their case, else
        the label within the group), and every participant an exchange crosses."""
        group = group_of(project, s)
        found = set()
        role = s.role or ("participant" if (s.speaker or s.case) else "unknown")
        if s.speaker == MODERATOR and not s.role:
            role = "facilitator"
        if role == "participant":
            found.add(s.case if s.case else f"{group}\0{s.speaker}" if s.speaker else None)
        for speaker, speaker_role in s.exchange[1:]:
            if speaker_role == "participant" and speaker:
                case = next((c.guid for c in project.cases.values() if c.name == speaker), None)
                found.add(case or f"{group}\0{speaker}")
        return found - {None}

    out = []
    spoken = [s for s in project.segments if not said_by_facilitator(s)]
    for guid in project.codes:
        members = below(guid)
        coded = [s for s in spoken if members & set(s.codes)]
        for value in [None, *values]:
            segs = [
                s
                for s in coded
                if value is None
                or (
                    s.case in project.cases
                    and dict(project.cases[s.case].attributes).get(by) == value
                )
            ]
            people = set().union(*(who(s) for s in segs)) if segs else set()
            groups = {group_of(project, s) for s in segs}
            out.append((guid, value, len(segs), len(people), len(groups)))
    return sorted(out, key=lambda r: (r[0], str(r[1])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(project=projects())
def test_code_frequencies_match_a_count_by_hand(project) -> None:
    attrs = sorted({k for c in project.cases.values() for k, _ in c.attributes})
    for by in [None, *attrs[:1]]:
        rows = code_frequencies(project, by=by)
        got = sorted(
            ((r.code, r.value, r.segments, r.participants, r.groups) for r in rows),
            key=lambda r: (r[0], str(r[1])),
        )
        assert got == _brute_force(project, by)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(project=projects())
def test_code_frequency_paths_and_depths_are_the_projects_own(project) -> None:
    """Paths and depths come from the memo the tally shares: the same as walking each code up."""
    rows = code_frequencies(project)
    assert rows and {r.code for r in rows} == set(project.codes)
    for r in rows:
        assert r.path == project.code_path(r.code)
        assert r.depth == len(project.code_path(r.code, "\0").split("\0")) - 1


def wide_project(n_codes: int, depth: int = 50) -> Project:
    """`n_codes` distinct codes, chains `depth` deep, one segment per code."""
    project = Project(name="wide")
    text = "P01: something said\n"
    project.sources["s"] = Source("s", "s.txt", text, group="G1")
    for i in range(n_codes):
        parent = f"c{i - 1}" if i % depth else None
        project.codes[f"c{i}"] = Code(f"c{i}", f"Code {i}", parent)
        project.segments.append(Segment(f"g{i}", "s", 5, 14, "something", (f"c{i}",)))
    return project


def test_code_frequencies_of_many_codes_are_linear() -> None:
    small, large = wide_project(2_000), wide_project(20_000)
    started = time.perf_counter()
    code_frequencies(small)
    t_small = time.perf_counter() - started
    started = time.perf_counter()
    rows = code_frequencies(large)
    t_large = time.perf_counter() - started
    assert len(rows) == 20_000
    # top of each 50-deep chain counts its 50 segments
    assert {r.segments for r in rows if r.depth == 0} == {50}
    assert t_large < 10 and t_large < 30 * max(t_small, 0.01)


def test_a_code_tree_thousands_deep_is_no_recursion_error() -> None:
    rows = code_frequencies(wide_project(5_000, depth=5_000))
    assert rows[0].segments == 5_000 and rows[-1].depth == 4_999
