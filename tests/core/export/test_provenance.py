"""Tests for export provenance: sources from the loaded data, the illustrative flag, header lines."""

from __future__ import annotations

from explorer.core.briefing.marking import ILLUSTRATIVE_NOTICE
from explorer.core.export.provenance import provenance_for, source_line
from explorer.core.qual.model import Project
from tests.core.export.fixtures import small_survey


def test_provenance_from_loaded_data() -> None:
    survey = small_survey(illustrative=False)
    project = Project(name="groups", path="", illustrative=True, sha256="cd" * 32)
    prov = provenance_for(marking="official", survey=survey, project=project, title="T")
    assert prov.marking == "OFFICIAL"
    assert prov.illustrative  # either half being illustrative is enough
    assert [r.kind for r in prov.sources] == ["survey", "qual"]
    lines = prov.header_lines("Age 18–24")
    assert lines[:3] == ["T", "OFFICIAL", ILLUSTRATIVE_NOTICE]
    assert source_line(prov.sources[0]) in lines
    assert "small.sav" in source_line(prov.sources[0]) and "2025-06-01" in source_line(
        prov.sources[0]
    )
    assert "Filter: Age 18–24" in lines
    assert prov.footer_lines[-1] == "OFFICIAL"
    assert not provenance_for(survey=survey).illustrative
