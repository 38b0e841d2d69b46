"""File guards: URL-like strings, folders, empty, missing and oversized files; sha256 and dates."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import pytest

from explorer.core import safe_files
from explorer.core.errors import ExplorerError


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://x.org/a.sav", True),
        ("HTTP://X", True),
        ("file:///etc/passwd", True),
        ("s3://bucket/key", True),
        ("C:\\data\\london.sav", False),
        ("/home/me/london.sav", False),
        ("london.sav", False),
    ],
)
def test_looks_like_url(text, expected):
    assert safe_files.looks_like_url(text) is expected


def test_checked_path_accepts_a_real_file(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text("a\n1\n")
    assert safe_files.checked_path(path) == path.absolute()
    assert safe_files.checked_path(str(path)) == path.absolute()


@pytest.mark.parametrize(
    "setup, match",
    [
        (lambda p: p.mkdir(), "ok.csv: this is a folder"),
        (lambda p: p.write_bytes(b""), "ok.csv: the file is empty"),
        (lambda p: None, "ok.csv: there is no such file"),
        (lambda p: p.write_bytes(b"x" * 2048), "ok.csv: the file is .* more than"),
    ],
    ids=["folder", "empty", "missing", "too-large"],
)
def test_checked_path_refuses(tmp_path, setup, match):
    path = tmp_path / "ok.csv"
    setup(path)
    with pytest.raises(ExplorerError, match=match):
        safe_files.checked_path(path, max_bytes=1024)


@pytest.mark.parametrize("value", ["", "   ", "http://host/x.csv", "a\x00b.csv"])
def test_bad_names(value):
    with pytest.raises(ExplorerError):
        safe_files.checked_path(value)


def test_sha256_and_modified_date(tmp_path):
    path = tmp_path / "d.bin"
    content = os.urandom(3 * 1024 * 1024 + 17)  # more than one read chunk
    path.write_bytes(content)
    assert safe_files.sha256_of(path) == hashlib.sha256(content).hexdigest()
    stamp = dt.datetime(2021, 6, 15, 12, 0).timestamp()
    os.utime(path, (stamp, stamp))
    assert safe_files.modified_date(path) == "2021-06-15"


def test_read_bytes_limit(tmp_path):
    path = tmp_path / "big.sss"
    path.write_bytes(b"<" * 100)
    assert safe_files.read_bytes(path) == b"<" * 100
    with pytest.raises(ExplorerError, match="big.sss"):
        safe_files.read_bytes(path, max_bytes=10)
