"""Tests for protective marking normalisation and the provenance lines exports carry."""

from __future__ import annotations

import pytest

from explorer.core.briefing.marking import (
    ILLUSTRATIVE_NOTICE,
    normalise_marking,
    provenance_lines,
)
from explorer.core.errors import ExplorerError


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "OFFICIAL"),
        ("official", "OFFICIAL"),
        (" Official-Sensitive ", "OFFICIAL-SENSITIVE"),
        ("official_sensitive", "OFFICIAL-SENSITIVE"),
        ("OFFICIAL SENSITIVE PERSONAL", "OFFICIAL-SENSITIVE PERSONAL"),
    ],
)
def test_normalise(typed: str, expected: str) -> None:
    assert normalise_marking(typed) == expected


@pytest.mark.parametrize("typed", ["SECRET", "TOP SECRET", "unclassified", "OFFICIALish"])
def test_refused(typed: str) -> None:
    with pytest.raises(ExplorerError):
        normalise_marking(typed)


def test_provenance_lines() -> None:
    lines = provenance_lines(
        "OFFICIAL",
        illustrative=True,
        sources=[("a.sav", "2025-01-02")],
        filter_description="Age 18–24",
    )
    assert lines == [
        "OFFICIAL",
        ILLUSTRATIVE_NOTICE,
        "Data: a.sav (file dated 2025-01-02)",
        "Filter: Age 18–24",
    ]
    assert ILLUSTRATIVE_NOTICE not in provenance_lines("OFFICIAL", illustrative=False)
