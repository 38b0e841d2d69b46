"""The .sav child process (one protocol: the finished Survey as .npy and JSON): a reader that
crashes, hangs or runs out of memory is one sentence and the app lives on; what comes back equals
an in-process read."""

from __future__ import annotations

import ctypes
import os
import time
from pathlib import Path

import numpy as np
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.survey import reader_process, sav_child
from explorer.core.survey.load import load_survey
from explorer.core.survey.parsed import finish
from explorer.core.survey.sav import read_sav
from tests.fixtures.hostile.builders import SAMPLE_SAV


def _segfault(*_args) -> None:
    ctypes.string_at(0)  # reads address 0: SIGSEGV, as a C parser crash would


def _hang(*_args) -> None:
    time.sleep(600)


def _allocate(_source, _workdir, memory_bytes, _weight=None) -> None:
    sav_child._limit_memory(memory_bytes)
    try:
        bytearray(1024**3)  # far past the few MB allowed
    except MemoryError:
        os._exit(sav_child._MEMORY_EXIT)


def _answers_then_lingers(source, workdir, memory_bytes, weight=None, columns=None) -> None:
    """The real read, then a child slow to go (as a large one is, handing its memory back)."""
    (Path(workdir).parent / "reader.pid").write_text(str(os.getpid()))
    sav_child.child_main(source, workdir, memory_bytes, weight, columns)
    time.sleep(120)


def test_the_answer_is_taken_without_waiting_for_the_reader_to_exit(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(sav_child, "CHILD", _answers_then_lingers)
    started = time.monotonic()
    survey = sav_child.read_survey_isolated(SAMPLE_SAV, timeout=300)
    assert time.monotonic() - started < 60  # not the child's 120 s
    assert survey.n == load_survey(SAMPLE_SAV).n and survey.weight == "weight"
    pid = int((tmp_path / "reader.pid").read_text())
    gone = time.monotonic() + 15  # ... and the lingering child is stopped, not left running
    while time.monotonic() < gone and _running(pid):
        time.sleep(0.05)
    assert not _running(pid)
    assert not list(tmp_path.glob("explorer-sav-*"))  # its folder went too


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (killed, not yet reaped by its parent) is not running
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_isolated_read_equals_in_process_read() -> None:
    survey = sav_child.read_survey_isolated(SAMPLE_SAV)
    path = SAMPLE_SAV.resolve()
    direct = finish(read_sav(path), path)
    assert list(survey.variables) == list(direct.variables)
    assert survey.variables == direct.variables
    assert survey.weight == direct.weight and survey.source == direct.source
    for name, column in direct.columns.items():
        np.testing.assert_array_equal(survey.columns[name], column)
        assert survey.columns[name].dtype == column.dtype, name


def test_a_crashing_reader_is_a_sentence(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(sav_child, "CHILD", _segfault)
    with pytest.raises(ExplorerError, match=r"^london_survey\.sav: the file is damaged"):
        sav_child.read_survey_isolated(SAMPLE_SAV)
    monkeypatch.undo()
    assert load_survey(SAMPLE_SAV).n > 1000  # and this process carries on


def test_a_hanging_reader_is_stopped(monkeypatch) -> None:
    monkeypatch.setattr(sav_child, "CHILD", _hang)
    started = time.monotonic()
    with pytest.raises(ExplorerError, match="took longer than 1 seconds"):
        sav_child.read_survey_isolated(SAMPLE_SAV, timeout=1.0)
    assert time.monotonic() - started < 10


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_AS is POSIX-only")
def test_a_reader_past_its_memory_limit_is_a_sentence(monkeypatch) -> None:
    monkeypatch.setattr(sav_child, "CHILD", _allocate)
    with pytest.raises(ExplorerError, match="more memory than allowed"):
        sav_child.read_survey_isolated(SAMPLE_SAV, memory_bytes=16 * 1024**2)


def test_nothing_is_left_in_the_temp_folder(tmp_path, monkeypatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    sav_child.read_survey_isolated(SAMPLE_SAV)
    monkeypatch.setattr(sav_child, "CHILD", _segfault)
    with pytest.raises(ExplorerError):
        sav_child.read_survey_isolated(SAMPLE_SAV)
    assert list(tmp_path.iterdir()) == []
    assert not any(p.name.startswith(".") for p in SAMPLE_SAV.parent.iterdir() if "tmp" in p.name)


_EARLY = """
import sys
import numpy as np
from explorer.core.survey import reader_process, sav_child
reader_process.use_fork()
reader_process.start_early([sys.argv[1]], sav_child.child_main)
early = reader_process._early
assert early is not None and early[0].is_alive(), "no early child"
if sys.argv[2] == "dead":
    early[0].kill()
    early[0].join(5)
survey = sav_child.read_survey_isolated(sys.argv[1])
assert reader_process._early is None and not early[0].is_alive(), "the early child was not used"
fresh = sav_child.read_survey_isolated(sys.argv[1])
assert survey.variables == fresh.variables
for name, column in fresh.columns.items():
    np.testing.assert_array_equal(survey.columns[name], column)
    assert survey.columns[name].dtype == column.dtype
print("same", survey.n)
"""


def _run(code: str, *args: str):
    import subprocess
    import sys

    from tests.conftest import ROOT

    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the early child is forked")
@pytest.mark.parametrize("state", ["waiting", "dead"])
def test_an_early_child_reads_the_same_survey(state) -> None:
    """The command line forks its reader before its own imports (`start_early`, in a fresh
    process: one that runs polars' threads never forks); the read it is handed gives what a fresh
    child gives, and it is used once. One that died before the read is replaced by a fresh one."""
    done = _run(_EARLY, str(SAMPLE_SAV), state)
    assert done.returncode == 0 and done.stdout.startswith("same"), done.stderr[-2000:]


def test_no_early_child_without_a_sav_argument(monkeypatch) -> None:
    monkeypatch.setattr(reader_process, "_fork_ok", True)
    reader_process.start_early(["table", "survey.csv", "-q", "x"], sav_child.child_main)
    assert reader_process._early is None


def test_no_fork_from_a_process_running_polars(monkeypatch) -> None:
    import polars  # noqa: F401

    monkeypatch.setattr(reader_process, "_fork_ok", True)
    reader_process.start_early([str(SAMPLE_SAV)], sav_child.child_main)
    assert reader_process._early is None
    assert reader_process.mp_context().get_start_method() != "fork"


_CRASH = """
import ctypes, sys
from explorer.core.errors import ExplorerError
from explorer.core.survey import reader_process, sav_child
def crash(*_args):
    ctypes.string_at(0)
sav_child.child_main = crash  # what the early child will run once handed the read
sav_child.CHILD = crash
reader_process.use_fork()
reader_process.start_early([sys.argv[1]], sav_child.child_main)
assert reader_process._early is not None
try:
    sav_child.read_survey_isolated(sys.argv[1])
except ExplorerError as error:
    print(error.message)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the early child is forked")
def test_a_crash_in_an_early_child_is_a_sentence() -> None:
    done = _run(_CRASH, str(SAMPLE_SAV))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("london_survey.sav: the file is damaged")
