"""Reading zips in memory within limits: counts, names, encryption, ratios, totals, damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.core.errors import ExplorerError
from explorer.core.safe_zip import SafeZip, ZipLimits, read_capped
from tests.fixtures.qual.builders import zip_bytes


def test_reads_members_exactly() -> None:
    members = {"a.txt": b"alpha", "dir/b.bin": bytes(range(256)) * 10}
    archive = SafeZip(zip_bytes(members), "x.zip")
    assert sorted(archive.names) == sorted(members)
    assert all(archive.read(n) == data for n, data in members.items())


def test_member_count_limit() -> None:
    data = zip_bytes({f"f{i}": b"" for i in range(11)})
    with pytest.raises(ExplorerError, match="11 files"):
        SafeZip(data, "many.zip", ZipLimits(max_members=10))
    assert len(SafeZip(data, "many.zip", ZipLimits(max_members=11)).names) == 11


@pytest.mark.parametrize("name", ["../evil", "a/../../evil", "/etc/passwd", "C:/x", "..\\evil"])
def test_unsafe_names(name: str) -> None:
    with pytest.raises(ExplorerError, match="unsafe path"):
        SafeZip(zip_bytes({name: b"x"}), "bad.zip")


def test_ratio_limit_applies_only_beyond_the_floor() -> None:
    data = zip_bytes({"zeros": b"\0" * 600_000})
    limits = ZipLimits(ratio_floor=1_000_000)
    assert len(SafeZip(data, "ok.zip", limits).read("zeros")) == 600_000
    with pytest.raises(ExplorerError, match="zip bomb"):
        SafeZip(data, "bomb.zip", ZipLimits(ratio_floor=100_000)).read("zeros")


def test_total_budget_over_all_members() -> None:
    noise = bytes((i * 7919) % 251 for i in range(50_000))
    # The sizes the members declare are summed before any is read (see test_project_budget for
    # the proportional budget); a single member within the budget still reads.
    with pytest.raises(
        ExplorerError, match=r"t\.zip: declares 98 KB of contents, more than the 78 KB allowed"
    ):
        SafeZip(zip_bytes({"a": noise, "b": noise}), "t.zip", ZipLimits(max_total_bytes=80_000))
    archive = SafeZip(zip_bytes({"a": noise}), "t.zip", ZipLimits(max_total_bytes=80_000))
    assert archive.read("a") == noise


def test_damaged_member_data() -> None:
    data = bytearray(zip_bytes({"a.txt": b"hello world " * 1000}))
    data[60:80] = b"\xff" * 20  # inside the compressed data
    with pytest.raises(ExplorerError, match="t.zip"):
        SafeZip(bytes(data), "t.zip").read("a.txt")


def test_read_capped(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 100)
    assert read_capped(path, 100) == b"x" * 100
    with pytest.raises(ExplorerError, match="larger than"):
        read_capped(path, 99)
    with pytest.raises(ExplorerError, match="does not exist"):
        read_capped(tmp_path / "nope", 10)
    with pytest.raises(ExplorerError, match="folder"):
        read_capped(tmp_path, 10)
