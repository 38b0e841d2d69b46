"""The repo's copy of the data contract must match ../shared/reference when that is present."""

from __future__ import annotations

import pytest

from tests.conftest import REFERENCE_COPY_DIR, SHARED_REFERENCE_DIR


@pytest.mark.parametrize(
    "name", sorted(p.name for p in REFERENCE_COPY_DIR.iterdir() if p.name != "COPY.md")
)
def test_copy_matches_shared_reference(name: str) -> None:
    shared = SHARED_REFERENCE_DIR / name
    if not shared.exists():
        pytest.skip("../shared/reference is not beside this clone; the copy is used as is")
    assert (REFERENCE_COPY_DIR / name).read_bytes() == shared.read_bytes(), (
        f"tests/reference/{name} is out of date: copy it from ../shared/reference"
    )
