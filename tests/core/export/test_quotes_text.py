"""Tests for quotes as plain text: every quote, its attribution, marking top and bottom."""

from __future__ import annotations

from pathlib import Path

from explorer.core.briefing.marking import ILLUSTRATIVE_NOTICE
from explorer.core.briefing.model import PinnedQuote
from explorer.core.export.provenance import Provenance
from explorer.core.export.quotes_text import render_quotes_text, rows_from_pinned, write_quotes_text


def test_text_has_quotes_attribution_and_marking(tmp_path: Path) -> None:
    rows = rows_from_pinned(
        [PinnedQuote("s", 0, 5, "Show us how it works.", "Participant 03, man, 45–54")]
    )
    prov = Provenance(
        marking="OFFICIAL-SENSITIVE", illustrative=True, filter_description="Age 45–54"
    )
    text = render_quotes_text(rows, prov)
    lines = text.splitlines()
    assert lines[0] == "OFFICIAL-SENSITIVE" and lines[-1] == "OFFICIAL-SENSITIVE"
    assert "“Show us how it works.”" in text
    assert "  — Participant 03, man, 45–54" in lines
    assert ILLUSTRATIVE_NOTICE in lines and "Filter: Age 45–54" in lines
    write_quotes_text(rows, tmp_path / "q.txt", prov)
    assert (tmp_path / "q.txt").read_text(encoding="utf-8") == text
    assert ILLUSTRATIVE_NOTICE not in render_quotes_text(rows, Provenance())
