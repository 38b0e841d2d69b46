"""A total budget for a REFI-QDA project, applied before the work: a `.qdpx` whose members declare
more than an archive of its size may hold, and a bare `.qde` whose sources add up to more than a
document of its size needs, are refused with one sentence naming the file."""

from __future__ import annotations

import zipfile

import pytest

from explorer.core.errors import ExplorerError
from explorer.core.qual.load import load_project
from explorer.core.qual.qdpx import SOURCES_FLOOR, load_qde, sources_budget
from explorer.core.safe_zip import SafeZip, ZipLimits

SOURCE = (
    "<TextSource guid='d{i:07d}-0000-4000-8000-000000000001' name='Group {i}' "
    "plainTextPath='{where}s{i}.txt'/>"
)


def _document(n: int, where: str) -> str:
    # As NVivo and ATLAS.ti write it: declaration, namespace, sources named by path.
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        "<Project name='Budget' origin='ATLAS.ti 23' xmlns='urn:QDA-XML:project:1.0'><Sources>"
        + "".join(SOURCE.format(i=i, where=where) for i in range(n))
        + "</Sources></Project>"
    )


def test_a_small_archive_declaring_too_much_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "crafted.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _document(3, "internal://"))
        for i in range(3):  # 3 × 2 MB of spaces: each compresses to a few KB
            archive.writestr(f"sources/s{i}.txt", "P01: " + " " * 2_000_000)
    size = path.stat().st_size
    limits = ZipLimits(total_floor=1024 * 1024, ratio_floor=4 * 1024 * 1024)
    assert size * limits.total_ratio < 6_000_000  # so the budget, not the floor, is what refuses
    reads = []
    monkeypatch.setattr(SafeZip, "read", lambda self, name: reads.append(name))
    with pytest.raises(ExplorerError, match=r"crafted\.qdpx: declares 5\.7 MB of contents") as e:
        SafeZip(path.read_bytes(), path, limits)
    assert "allowed for an archive of its size" in str(e.value) and "\n" not in str(e.value)
    assert reads == []  # refused before any member was expanded


def test_an_archive_within_its_budget_still_opens(tmp_path):
    path = tmp_path / "fine.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _document(2, "internal://"))
        for i in range(2):
            archive.writestr(f"sources/s{i}.txt", f"P01: group {i} said something.\n")
    project = load_project(path)
    assert sorted(s.text for s in project.sources.values()) == [
        "P01: group 0 said something.\n",
        "P01: group 1 said something.\n",
    ]


def test_a_bare_qde_whose_sources_exceed_its_budget_is_refused(tmp_path, monkeypatch):
    from explorer.core.qual import qdpx

    monkeypatch.setattr(qdpx, "SOURCES_FLOOR", 64 * 1024)  # a small floor, as for a tiny project
    document = _document(4, "relative://")
    (tmp_path / "study.qde").write_text(document, encoding="utf-8")
    allowed = qdpx.sources_budget(len(document.encode()))
    each = allowed // 3 + 1  # the third file would take the sources past the budget
    for i in range(4):
        (tmp_path / f"s{i}.txt").write_text("P01: " + "x" * each, encoding="utf-8")
    read = []
    real = qdpx.read_capped
    monkeypatch.setattr(qdpx, "read_capped", lambda p, cap: read.append(p.name) or real(p, cap))
    with pytest.raises(ExplorerError, match=r"study\.qde: its sources add up to more than") as e:
        load_qde(tmp_path / "study.qde")
    assert "'s2.txt'" in str(e.value)
    assert read == ["study.qde", "s0.txt", "s1.txt"]  # s2 was refused before it was read


def test_the_sources_budget_is_proportional_between_floor_and_ceiling():
    assert sources_budget(1_000) == SOURCES_FLOOR
    assert sources_budget(1_000_000) == 100_000_000
    assert sources_budget(100_000_000) == 512 * 1024 * 1024
