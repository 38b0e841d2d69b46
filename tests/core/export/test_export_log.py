"""Tests for the append-only export log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from explorer.core.briefing.model import DataRef
from explorer.core.export.export_log import log_export, read_export_log


def test_each_export_appends_one_line(tmp_path: Path) -> None:
    log = tmp_path / "app" / "exports.log.jsonl"
    ref = DataRef("survey", "s.sav", "f" * 64, "s.sav", "2025-01-01")
    when = dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
    log_export(
        log,
        what="table csv",
        destination=tmp_path / "a.csv",
        data=[ref],
        filter_description="Age 18–24",
        marking="OFFICIAL",
        when=when,
    )
    first = log.read_bytes()
    log_export(
        log, what="briefing pptx", destination=tmp_path / "b.pptx", marking="OFFICIAL-SENSITIVE"
    )
    assert log.read_bytes().startswith(first)  # earlier lines untouched
    entries = read_export_log(log)
    assert len(entries) == 2
    assert entries[0]["time"] == "2025-03-04T05:06:07+00:00"
    assert entries[0]["data"] == [{"kind": "survey", "name": "s.sav", "sha256": "f" * 64}]
    assert entries[0]["filter"] == "Age 18–24"
    assert entries[0]["destination"] == str(tmp_path / "a.csv")
    assert entries[1]["marking"] == "OFFICIAL-SENSITIVE"


def test_torn_line_is_skipped(tmp_path: Path) -> None:
    log = tmp_path / "exports.log.jsonl"
    log_export(log, what="x", destination="x.csv")
    with open(log, "a", encoding="utf-8") as handle:
        handle.write('{"time": "2025-')  # a crash mid-write
    assert len(read_export_log(log)) == 1
    assert read_export_log(tmp_path / "none.jsonl") == []
