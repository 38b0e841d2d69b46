"""The layers are enforced by a tool: the import-linter contracts in pyproject.toml (core imports
neither Qt, explorer.ui nor explorer.cli; the UI does not import the CLI; no import cycle inside
explorer.core.survey) hold, and a contract breach would be caught."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("importlinter")


def _lint(config: Path) -> bool:
    from importlinter import configuration
    from importlinter.application.use_cases import lint_imports

    configuration.configure()  # what the lint-imports command does first
    return lint_imports(config_filename=str(config), cache_dir=None, no_logo=True)


def test_the_layer_contracts_hold(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for name in ("explorer.core imports neither Qt", "does not import explorer.cli", "cycle"):
        assert name in text
    assert _lint(ROOT / "pyproject.toml")


def test_a_breach_would_be_caught(monkeypatch, tmp_path) -> None:
    """The same tool, told that core may not import core.survey (which it does), says broken."""
    monkeypatch.chdir(ROOT)
    config = tmp_path / "breach.toml"
    config.write_text(
        '[tool.importlinter]\nroot_packages = ["explorer"]\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "session may not import the survey package"\ntype = "forbidden"\n'
        'source_modules = ["explorer.core.session"]\n'
        'forbidden_modules = ["explorer.core.survey"]\n',
        encoding="utf-8",
    )
    assert not _lint(config)
