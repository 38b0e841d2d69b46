"""Tests for atomic writing: old-or-new after a SIGKILL mid-write, temp clean-up, and the refusal
to write onto registered source data."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from explorer.core import atomic
from explorer.core.atomic import (
    atomic_write_bytes,
    atomic_write_text,
    atomic_writer,
    is_source_path,
    is_temp_for,
    register_source_path,
    remove_stale_temps,
    unregister_source_path,
)
from explorer.core.errors import ExplorerError
from tests.conftest import ROOT

SIZE = 4 * 1024 * 1024


def _check_whole(data: bytes) -> int:
    """The generation a file holds; fails when it is not one complete generation."""
    assert len(data) == SIZE, f"partial file: {len(data)} bytes"
    first = data[0]
    assert data.count(bytes([first])) == SIZE, "file mixes two generations"
    return first


def test_write_bytes_and_text_replace_content(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    atomic_write_bytes(target, b"old")
    atomic_write_bytes(target, b"new content")
    assert target.read_bytes() == b"new content"
    atomic_write_text(tmp_path / "t.txt", "caf\u00e9\nline")
    assert (tmp_path / "t.txt").read_bytes() == "caf\u00e9\nline".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin", "t.txt"]


def test_error_inside_block_keeps_old_file_and_removes_temp(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("original")
    with pytest.raises(RuntimeError), atomic_writer(target, "w") as handle:
        handle.write("half")
        raise RuntimeError("boom")
    assert target.read_text() == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_missing_folder_is_an_explorer_error(tmp_path: Path) -> None:
    with pytest.raises(ExplorerError, match="does not exist"):
        atomic_write_bytes(tmp_path / "nope" / "x.bin", b"x")


def test_refuses_registered_source_path_and_links_to_it(tmp_path: Path) -> None:
    source = tmp_path / "survey.sav"
    source.write_bytes(b"precious")
    register_source_path(source)
    try:
        assert is_source_path(tmp_path / "." / "survey.sav")
        with pytest.raises(ExplorerError, match=r"survey\.sav: this is the source data"):
            atomic_write_bytes(source, b"overwrite")
        link = tmp_path / "link.sav"
        link.symlink_to(source)
        with pytest.raises(ExplorerError):
            atomic_write_text(link, "overwrite")
        assert source.read_bytes() == b"precious"
        atomic_write_bytes(tmp_path / "other.sav", b"fine")
    finally:
        unregister_source_path(source)
    assert not is_source_path(source)
    atomic_write_bytes(source, b"now allowed")
    assert source.read_bytes() == b"now allowed"


def test_temp_names_are_recognisable_and_cleaned(tmp_path: Path) -> None:
    target = tmp_path / "brief.json"
    temp = atomic.temp_name_for(target)
    assert temp.parent == tmp_path and temp.name.startswith(".brief.json.tmp-")
    assert is_temp_for(temp, target)
    assert not is_temp_for(tmp_path / "brief.json", target)
    temp.write_bytes(b"stale")
    (tmp_path / "unrelated.txt").write_text("x")
    removed = remove_stale_temps(target)
    assert removed == [temp]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unrelated.txt"]


_CHILD = textwrap.dedent(
    """
    import sys
    from explorer.core.atomic import atomic_write_bytes
    target, size = sys.argv[1], int(sys.argv[2])
    generation = 1
    print("ready", flush=True)
    while True:
        atomic_write_bytes(target, bytes([generation % 251]) * size)
        generation += 1
    """
)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_write_leaves_old_or_new_never_partial(tmp_path: Path) -> None:
    target = tmp_path / "big.bin"
    atomic_write_bytes(target, bytes([0]) * SIZE)
    rng = random.Random(20251126)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    generations = set()
    for _ in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(target), str(SIZE)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.02, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
        generations.add(_check_whole(target.read_bytes()))
        leftovers = [p for p in tmp_path.iterdir() if p != target]
        assert all(is_temp_for(p, target) for p in leftovers), leftovers
        remove_stale_temps(target)
        assert list(tmp_path.iterdir()) == [target]
    # The child really was writing when killed (otherwise the test proves nothing).
    assert generations - {0}
