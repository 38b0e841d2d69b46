"""Writes that verify before they replace: a file that is not whole (a truncated PDF, PNG, PPTX or
XLSX, a short write) never replaces the previous one; the step before publishing (the export log)
can refuse; errors name the real cause; temp files of interrupted writes go at the next start."""

from __future__ import annotations

import errno
import io
import os
import signal
import struct
import subprocess
import sys
import textwrap
import zlib

import pytest

from explorer.core import pending_writes
from explorer.core.atomic import TEMP_MARK, atomic_path, atomic_write_bytes, write_failure
from explorer.core.errors import ExplorerError
from explorer.core.written_checks import NotWhole, check_written
from tests.conftest import ROOT


def _png(width: int = 4, height: int = 3) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _pdf() -> bytes:
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    xref = len(body)
    return (
        body + b"xref\n0 2\ntrailer\n<< /Root 1 0 R >>\nstartxref\n" + (f"{xref}\n%%EOF\n".encode())
    )


def _xlsx() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "x"
    book.save(out)
    return out.getvalue()


def _pptx() -> bytes:
    from pptx import Presentation

    out = io.BytesIO()
    Presentation().save(out)
    return out.getvalue()


WHOLE = {".png": _png, ".pdf": _pdf, ".xlsx": _xlsx, ".pptx": _pptx}


@pytest.mark.parametrize("suffix", sorted(WHOLE))
def test_whole_files_pass_and_every_truncation_is_caught(tmp_path, suffix) -> None:
    data = WHOLE[suffix]()
    temp = tmp_path / f"t{suffix}"
    temp.write_bytes(data)
    check_written(temp, tmp_path / f"out{suffix}")
    for cut in sorted({1, 8, len(data) // 3, len(data) // 2, len(data) - 7, len(data) - 3}):
        temp.write_bytes(data[:cut])
        with pytest.raises(NotWhole):
            check_written(temp, tmp_path / f"out{suffix}")


def test_a_damaged_png_block_is_caught(tmp_path) -> None:
    data = bytearray(_png())
    data[40] ^= 0xFF  # inside IDAT: its CRC no longer matches
    temp = tmp_path / "t.png"
    temp.write_bytes(bytes(data))
    with pytest.raises(NotWhole):
        check_written(temp, tmp_path / "out.png")


def test_an_empty_file_is_never_published(tmp_path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(ExplorerError, match="previous file was kept"), atomic_path(target) as temp:
        temp.write_bytes(b"")
    assert target.read_bytes() == b"previous"
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]


def test_a_refusing_step_before_publish_keeps_the_previous_file(tmp_path) -> None:
    target = tmp_path / "table.csv"
    target.write_bytes(b"previous")

    def refuse() -> None:
        raise ExplorerError("exports.log.jsonl: the export log cannot be written.")

    with pytest.raises(ExplorerError, match="export log"):
        atomic_write_bytes(target, b"new", before_publish=refuse)
    assert target.read_bytes() == b"previous"
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]


def test_the_step_before_publish_runs_once_the_file_is_checked(tmp_path) -> None:
    target = tmp_path / "chart.png"
    seen = []
    atomic_write_bytes(target, _png(), before_publish=lambda: seen.append(target.exists()))
    assert seen == [False] and target.read_bytes() == _png()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permission"),
        (errno.ENOENT, "does not exist"),
    ],
)
def test_errors_name_the_real_cause(code, words) -> None:
    assert words in write_failure(OSError(code, os.strerror(code)))


def test_a_temp_file_of_a_killed_write_is_removed_at_the_next_start(tmp_path) -> None:
    """A child starts a write and is killed mid-way; the next start (the CLI) removes its temp."""
    target = tmp_path / "big.bin"
    data_dir = tmp_path / "appdata"
    script = textwrap.dedent(
        f"""
        import sys, time
        from explorer.core.atomic import atomic_writer
        with atomic_writer({str(target)!r}) as handle:
            handle.write(b"x" * 1000)
            handle.flush()
            print("writing", flush=True)
            time.sleep(60)
        """
    )
    env = {**os.environ, "BRIEFING_EXPLORER_DATA": str(data_dir), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline().strip() == b"writing"
        temps = [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]
        assert len(temps) == 1
        # While the writer lives, a second start leaves its temp file alone.
        subprocess.run(
            [sys.executable, "-m", "explorer", "describe", str(tmp_path / "none.csv")],
            env=env,
            capture_output=True,
            cwd=ROOT,
        )
        assert temps[0].exists()
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    result = subprocess.run(
        [sys.executable, "-m", "explorer", "describe", str(tmp_path / "none.csv")],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not temps[0].exists()
    assert not target.exists()
    assert not list((data_dir / pending_writes.FOLDER).glob("*.path"))


def test_only_this_projects_temp_names_are_ever_removed(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFING_EXPLORER_DATA", str(tmp_path / "appdata"))
    precious = tmp_path / "thesis.docx"
    precious.write_bytes(b"mine")
    ours = tmp_path / f".out.pdf{TEMP_MARK}0123456789ab"
    ours.write_bytes(b"half")
    folder = tmp_path / "appdata" / pending_writes.FOLDER
    folder.mkdir(parents=True)
    dead = 2**22 + 12345  # above Linux's default pid_max: no such process
    (folder / "a.path").write_text(f"{dead}\n{precious}", encoding="utf-8")
    (folder / "b.path").write_text(f"{dead}\n{ours}", encoding="utf-8")
    removed = pending_writes.clean_interrupted_writes()
    assert removed == [ours] and precious.read_bytes() == b"mine" and not ours.exists()
    assert not list(folder.glob("*.path"))


def test_the_window_start_also_removes_interrupted_temps(tmp_path, monkeypatch) -> None:
    """main.py's start-up runs the same clean-up as the command line."""
    import inspect

    from explorer.ui import app

    assert "clean_interrupted_writes()" in inspect.getsource(app.main)
