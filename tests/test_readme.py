"""The README's quick start is the contract CI runs: two lines, the second verbatim in .ci/run."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Quick start\s*\n+```[^\n]*\n(.*?)```", text, re.S | re.M)
    assert match, "README.md has no 'Quick start' heading followed by a code block"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    lines = _quick_start()
    assert len(lines) == 2, lines
    run, test = lines
    assert "main.py" in run and "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci, ".ci/run must contain the README's test command verbatim"


def test_readme_mentions_every_cli_command() -> None:
    from explorer.cli import build_parser

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # argparse keeps them here
    missing = [name for name in commands if f"python -m explorer {name}" not in text]
    assert not missing, f"README's command line section does not show: {missing}"
