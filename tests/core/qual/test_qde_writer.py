"""Writing REFI-QDA: what is written loads back as the same project, atomically and safely."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings

from explorer.core.atomic import unregister_source_path
from explorer.core.errors import ExplorerError
from explorer.core.qual.load import load_project
from explorer.core.qual.qde_writer import NS, project_to_qde_xml, write_qdpx
from tests.fixtures.qual.builders import COMPARED, projects, sample_project


def _file_blind(project):
    """What the writer controls: the reader adds where the file put things (text file, own
    positions, position convention) and the source variables the writer derives from groups."""
    sources = {
        g: replace(s, file_name="", convention="", attributes=())
        for g, s in project.sources.items()
    }
    segments = [replace(s, file_start=None, file_end=None) for s in project.segments]
    return replace(project, sources=sources, segments=segments)


def _assert_same(a, b) -> None:
    a, b = _file_blind(a), _file_blind(b)
    for field in COMPARED:
        assert getattr(a, field) == getattr(b, field), field


def test_sample_round_trip(tmp_path: Path) -> None:
    project = sample_project()
    target = tmp_path / "sample.qdpx"
    write_qdpx(project, target)
    loaded = load_project(target)
    _assert_same(project, loaded)
    assert loaded.format == "qdpx" and len(loaded.sha256) == 64
    assert loaded.skipped == []


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(project=projects())
def test_random_projects_round_trip(tmp_path: Path, project) -> None:
    target = tmp_path / "random.qdpx"
    write_qdpx(project, target)
    try:
        _assert_same(project, load_project(target))
    finally:
        unregister_source_path(target)  # loading it made it read-only source data


def test_xml_is_refi_namespace_with_texts_in_sources(tmp_path: Path) -> None:
    project = sample_project()
    target = tmp_path / "s.qdpx"
    write_qdpx(project, target)
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        root = ET.fromstring(archive.read("project.qde"))
        texts = {n: archive.read(n).decode("utf-8") for n in names if n.startswith("sources/")}
    assert root.tag == f"{{{NS}}}Project"
    paths = [el.get("plainTextPath") for el in root.iter(f"{{{NS}}}TextSource")]
    assert sorted(p.removeprefix("internal://") for p in paths) == sorted(
        n.removeprefix("sources/") for n in texts
    )
    assert set(texts.values()) == {s.text for s in project.sources.values()}


def test_writing_is_deterministic() -> None:
    assert project_to_qde_xml(sample_project()) == project_to_qde_xml(sample_project())


def test_illustrative_flag_written_even_without_the_word(tmp_path: Path) -> None:
    project = sample_project()
    project.description = "Three groups"
    target = tmp_path / "i.qdpx"
    write_qdpx(project, target)
    assert load_project(target).illustrative is True
    unregister_source_path(target)  # loading it made it read-only source data
    project.illustrative = False
    write_qdpx(project, target)
    assert load_project(target).illustrative is False


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "keep.qdpx"
    write_qdpx(sample_project(), target)
    before = target.read_bytes()
    broken = sample_project()
    first = next(iter(broken.sources))
    broken.sources[first] = broken.sources[first].__class__(first, "x", "bad \ud800 surrogate")
    with pytest.raises(ExplorerError, match="keep.qdpx"):
        write_qdpx(broken, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.qdpx"]


def test_unwritable_folder_is_an_explorer_error(tmp_path: Path) -> None:
    with pytest.raises(ExplorerError, match="x.qdpx"):
        write_qdpx(sample_project(), tmp_path / "missing-folder" / "x.qdpx")
