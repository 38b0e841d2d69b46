"""Trust tests' shared pieces: a count of hostile and fuzzed cases tried, reported at the end of
the run, and a folder with every hostile file built once per session."""

from __future__ import annotations

from collections import Counter

import pytest

TRIED: Counter[str] = Counter()


def count(kind: str, n: int = 1) -> None:
    """Record that `n` cases of `kind` ("hostile file", "fuzzed .sav", …) were tried."""
    TRIED[kind] += n


def pytest_terminal_summary(terminalreporter) -> None:
    if not TRIED:
        return
    terminalreporter.section("trust: hostile and fuzzed cases tried")
    for kind, n in sorted(TRIED.items()):
        terminalreporter.write_line(f"{n:6d}  {kind}")
    terminalreporter.write_line(f"{sum(TRIED.values()):6d}  in all")


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory):
    """name → (path, "survey" | "qual") for every hostile case, built at test time."""
    from tests.fixtures.hostile.builders import QUAL_CASES, SURVEY_CASES

    root = tmp_path_factory.mktemp("hostile")
    files = {}
    for kind, cases in (("survey", SURVEY_CASES), ("qual", QUAL_CASES)):
        for name, build in cases.items():
            folder = root / f"{kind}-{name}"
            folder.mkdir()
            files[f"{kind}:{name}"] = (build(folder), kind)
    return files
