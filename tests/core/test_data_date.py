"""Slides date the data by what the file records about itself (an SPSS header's creation stamp, a
REFI-QDA project's date), else by the briefing's record of the same data; never by the
modification time of a copy."""

from __future__ import annotations

import os
import shutil
import zipfile

from explorer.core.briefing.model import DataRef
from explorer.core.data_date import data_date, qde_date, recorded_date, sav_header_date
from explorer.core.safe_files import sha256_of
from tests.conftest import SAMPLE_DIR


def _header(stamp: bytes) -> bytes:
    # $FL2, 60-byte product, layout, case size, compression, weight index, cases, bias: 92 bytes
    return b"$FL2" + b" " * 60 + bytes(20) + bytes(8) + stamp + b"09:00:00" + b" " * 64


def test_an_spss_header_stamp_is_read_as_written() -> None:
    assert sav_header_date(_header(b"03 Feb 24")) == "2024-02-03"
    assert sav_header_date(_header(b"31 Dec 99")) == "1999-12-31"
    assert sav_header_date(_header(b"30 Feb 24")) == ""  # no such day
    assert sav_header_date(_header(b"garbage!!")) == ""
    assert sav_header_date(b"PK\x03\x04" + bytes(200)) == ""


def test_a_copy_keeps_the_data_date_not_its_own_mtime(tmp_path) -> None:
    copy = tmp_path / "copy.sav"
    shutil.copyfile(SAMPLE_DIR / "london_survey.sav", copy)
    os.utime(copy, (2_000_000_000, 2_000_000_000))  # 2033
    with open(SAMPLE_DIR / "london_survey.sav", "rb") as handle:
        stamp = handle.read(101)[92:101].decode("latin-1")  # e.g. "26 Nov 25"
    assert recorded_date(copy) == recorded_date(SAMPLE_DIR / "london_survey.sav")
    day, month, year = stamp.split()
    assert recorded_date(copy) == f"20{year}-{_month(month):02d}-{int(day):02d}"
    assert not recorded_date(copy).startswith("2033")


def _month(name: str) -> int:
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return names.index(name.title()) + 1


def test_a_refi_qda_project_date_is_read_from_project_qde(tmp_path) -> None:
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="P" creationDateTime="2023-01-02T10:00:00Z"'
        ' modifiedDateTime="2024-05-06T11:30:00Z"><Users/></Project>'
    )
    assert qde_date(xml.encode()) == "2024-05-06"
    assert qde_date(xml.replace(" modifiedDateTime", " other").encode()) == "2023-01-02"
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", xml)
    assert recorded_date(path) == "2024-05-06"
    (tmp_path / "bad.qdpx").write_bytes(b"not a zip")
    assert recorded_date(tmp_path / "bad.qdpx") == ""


def test_without_a_date_of_its_own_the_briefing_record_of_the_same_data_is_used(tmp_path) -> None:
    path = tmp_path / "groups.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", '<Project name="P"></Project>')
    digest = sha256_of(path)
    same = DataRef("qual", "groups.qdpx", digest, "groups.qdpx", "2025-03-04")
    other = DataRef("qual", "groups.qdpx", "0" * 64, "groups.qdpx", "2025-03-04")
    assert data_date(str(path), digest, same) == "2025-03-04"
    assert data_date(str(path), digest, other) == ""  # another file's date is not this one's
    assert data_date(str(path), digest, None) == ""
