"""The top-level resources/ and the sample data are found through importlib.resources, and the
entry points are the window (GUI script) and the command line."""

from __future__ import annotations

import ast
import configparser
import tomllib

from PySide6.QtGui import QImage

from explorer.core import sample_files
from tests.conftest import ROOT


def test_sample_and_icons_found_through_the_package() -> None:
    assert sample_files.SAMPLE_SURVEY.is_file() and sample_files.SAMPLE_QUAL.is_file()
    assert sample_files.SAMPLE_BRIEFING.is_file() and sample_files.SAMPLE_TOPICS.is_file()
    assert sample_files.RESOURCES_DIR.resolve() == (ROOT / "resources").resolve()
    for size in (16, 32, 48, 256):
        image = QImage(str(sample_files.ICON_DIR / f"briefing-explorer-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
    assert QImage(str(sample_files.ICON_DIR / "briefing-explorer.ico")).width() == 256


def test_no_module_finds_files_through_the_repository_layout() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "explorer").rglob("*.py")
        if ".parents[" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_desktop_entry_is_valid() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "resources" / "briefing-explorer.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"].startswith("briefing-explorer")
    assert section["Icon"] == "briefing-explorer" and section["Terminal"] == "false"


def test_windows_version_resource_fills_in_and_parses() -> None:
    from explorer import __version__

    template = (ROOT / "resources" / "windows_version.txt").read_text(encoding="utf-8")
    body = "\n".join(x for x in template.splitlines() if not x.startswith("#"))
    filled = body.format_map({"major": 1, "minor": 2, "patch": 3, "version": __version__})
    tree = ast.parse(filled, mode="eval")  # PyInstaller evaluates this expression on Windows
    assert isinstance(tree.body, ast.Call) and tree.body.func.id == "VSVersionInfo"
    assert __version__ in filled


def test_entry_points_open_the_window_and_the_command_line() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["gui-scripts"]["briefing-explorer"] == "explorer.ui.app:main"
    assert project["scripts"]["briefing-explorer-cli"] == "explorer.cli:main"


def test_readme_standalone_section_starts_with_the_build_command() -> None:
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Standalone app\s*\n+```[^\n]*\n(.*?)```", text, re.S | re.M)
    assert match, "README.md has no 'Standalone app' section opening with a code block"
    lines = [line for line in match.group(1).splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].endswith("resources/build_app.py"), lines
    assert (ROOT / "resources" / "build_app.py").is_file()
