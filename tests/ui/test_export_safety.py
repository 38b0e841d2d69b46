"""Every export through the window is logged before it is published and refused when the log
cannot be written; on a real full or read-only disk (a small tmpfs) every export fails with one
sentence naming the cause and the previous file stays as it was."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from explorer.core.atomic import TEMP_MARK
from explorer.core.errors import ExplorerError
from explorer.core.export.export_log import LOG_NAME, read_export_log
from explorer.ui import export_actions as ex

FILE_EXPORTS = [
    ("chart (PNG)", ex.export_chart_png, "chart.png"),
    ("chart (SVG)", ex.export_chart_svg, "chart.svg"),
    ("briefing (PDF)", ex.export_briefing_pdf, "briefing.pdf"),
    ("briefing (PowerPoint)", ex.export_briefing_pptx, "briefing.pptx"),
    ("tables (CSV)", ex.export_table, "table.csv"),
    ("tables (XLSX)", ex.export_table, "table.xlsx"),
    ("quotes (CSV)", ex.export_quotes, "quotes.csv"),
    ("quotes (XLSX)", ex.export_quotes, "quotes.xlsx"),
    ("quotes (text)", ex.export_quotes, "quotes.txt"),
]


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "appdata"
    monkeypatch.setenv("BRIEFING_EXPLORER_DATA", str(folder))
    return folder


@pytest.fixture
def ready(window):
    window.briefing_panel.add_current_view()
    return window


def test_every_export_is_logged_with_its_destination(ready, data_dir, tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for _what, action, name in FILE_EXPORTS:
        action(ready, out / name)
    ex.copy_chart_image(ready)
    entries = read_export_log(data_dir / LOG_NAME)
    logged = [(e["what"], Path(e["destination"]).name) for e in entries]
    expected = [(what, name) for what, _a, name in FILE_EXPORTS] + [
        ("chart (clipboard)", "clipboard")
    ]
    assert logged == expected
    assert all(e["data"] and e["marking"] for e in entries)


def test_no_log_no_export(ready, data_dir, tmp_path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / LOG_NAME).mkdir()  # a folder where the log should be: it cannot be appended to
    out = tmp_path / "out"
    out.mkdir()
    for _what, action, name in FILE_EXPORTS:
        (out / name).write_bytes(b"previous")
        with pytest.raises(ExplorerError, match="export log"):
            action(ready, out / name)
        assert (out / name).read_bytes() == b"previous", name
    QGuiApplication.clipboard().setText("before")
    with pytest.raises(ExplorerError, match="export log"):
        ex.copy_chart_image(ready)
    assert QGuiApplication.clipboard().text() == "before"
    assert not [p for p in out.iterdir() if TEMP_MARK in p.name]


# --- a real small disk -----------------------------------------------------------------------
@contextlib.contextmanager
def _tmpfs(folder: Path, size: str = "64k"):
    folder.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (the disk tests run in CI as root)")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {made.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(folder: Path) -> None:
    """Fill the disk to its last bytes."""
    for name, chunk in (("filler", 4096), ("filler2", 64), ("filler3", 1)):
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT)
        try:
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * chunk):
                    pass
        finally:
            os.close(fd)


# A zip writer left holding the file the failed write closed complains when it is collected.
@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_full_disk_keeps_every_previous_file(ready, data_dir, tmp_path) -> None:
    with _tmpfs(tmp_path / "disk") as disk:
        for _what, _action, name in FILE_EXPORTS:
            (disk / name).write_bytes(b"previous " + name.encode())
        _fill(disk)
        for _what, action, name in FILE_EXPORTS:
            with pytest.raises(ExplorerError) as caught:
                action(ready, disk / name)
            assert "full" in caught.value.message or "not written whole" in caught.value.message
            assert caught.value.message.count(".") <= 4, caught.value.message  # one sentence
            assert (disk / name).read_bytes() == b"previous " + name.encode(), name
        assert not [p for p in disk.iterdir() if TEMP_MARK in p.name]
    entries = read_export_log(data_dir / LOG_NAME)
    assert entries == []  # nothing was published, so nothing was logged


def test_a_read_only_disk_says_so(ready, data_dir, tmp_path) -> None:
    with _tmpfs(tmp_path / "disk") as disk:
        for _what, _action, name in FILE_EXPORTS:
            (disk / name).write_bytes(b"previous")
        remount = subprocess.run(
            ["mount", "-o", "remount,ro", str(disk)], capture_output=True, text=True
        )
        if remount.returncode != 0:
            pytest.skip(f"remounting read-only is not permitted: {remount.stderr.strip()}")
        for _what, action, name in FILE_EXPORTS:
            with pytest.raises(ExplorerError, match="read-only") as caught:
                action(ready, disk / name)
            assert name in caught.value.message
            assert (disk / name).read_bytes() == b"previous"
