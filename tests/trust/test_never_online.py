"""Never online: a whole scripted session (load, filter, quotes, export, the window's screenshot)
runs under a guard that fails any non-local socket, and no network module is ever imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT, SAMPLE_DIR
from tests.trust import netguard


def scripted_session(out_dir, *, pptx: bool = True) -> dict:
    """Load the sample, filter, tabulate, find quotes and export every format; what was made."""
    from explorer.core.briefing.store import load_briefing
    from explorer.core.export.pptx import export_briefing_pptx
    from explorer.core.export.provenance import provenance_for
    from explorer.core.export.quotes_text import rows_from_quotes, write_quotes_text
    from explorer.core.export.spreadsheet import quotes_to_csv, tables_to_csv, tables_to_xlsx
    from explorer.core.filter_state import FilterState, with_value
    from explorer.core.qual.load import load_project
    from explorer.core.session import Session
    from explorer.core.survey.load import load_survey

    survey = load_survey(SAMPLE_DIR / "london_survey.sav")
    project = load_project(SAMPLE_DIR / "london_focus_groups.qdpx")
    session = Session(survey, project)
    dimension = next(d for d in session.dimensions if d.values)
    state = with_value(FilterState(), dimension.key, dimension.values[0].key)
    question = session.questions()[0]
    table = session.table(question, state)
    quotes = session.quotes(state)
    provenance = provenance_for(survey=survey, project=project, filter_description="x")
    made = {
        "csv": out_dir / "t.csv",
        "xlsx": out_dir / "t.xlsx",
        "quotes": out_dir / "q.csv",
        "text": out_dir / "q.txt",
        "pptx": out_dir / "b.pptx",
    }
    tables_to_csv([table], made["csv"], provenance)
    tables_to_xlsx([table], made["xlsx"], provenance)
    rows = rows_from_quotes(quotes)
    quotes_to_csv(rows, made["quotes"], provenance)
    write_quotes_text(rows, made["text"], provenance)
    if pptx:
        briefing = load_briefing(SAMPLE_DIR / "london.briefing.json")
        from explorer.core.slides.content import build_deck

        export_briefing_pptx(build_deck(briefing, session), made["pptx"], provenance)
    else:
        del made["pptx"]
    return {"rows": len(table.rows), "quotes": len(quotes), "files": made}


def test_scripted_session_opens_no_network_socket(tmp_path, monkeypatch) -> None:
    netguard.ATTEMPTS.clear()
    netguard.install(monkeypatch.setattr)
    result = scripted_session(tmp_path)
    assert netguard.ATTEMPTS == []
    assert result["rows"] > 0 and result["quotes"] > 0
    assert all(path.stat().st_size > 0 for path in result["files"].values())


def test_the_guard_would_catch_a_connection(monkeypatch) -> None:
    import socket

    netguard.install(monkeypatch.setattr)
    with pytest.raises(netguard.NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(netguard.NetworkUsed):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


_FRESH = textwrap.dedent(
    """
    import json, sys, tempfile, pathlib, pkgutil, importlib
    sys.path.insert(0, {root!r})
    from tests.trust import netguard
    netguard.install()
    import explorer
    for info in pkgutil.walk_packages(explorer.__path__, "explorer."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    from tests.trust.test_never_online import scripted_session
    scripted_session(pathlib.Path(tempfile.mkdtemp()), pptx=False)
    from explorer.cli import main
    main(["describe", {sav!r}])
    before_pptx = netguard.loaded_network_modules(sys.modules)
    scripted_session(pathlib.Path(tempfile.mkdtemp()), pptx=True)
    print(json.dumps({{"network": before_pptx,
                      "after_pptx": netguard.loaded_network_modules(sys.modules),
                      "saxutils": "xml.sax.saxutils" in sys.modules,
                      "attempts": netguard.ATTEMPTS}}))
    """
)


def test_no_network_module_is_imported_in_a_fresh_process() -> None:
    code = _FRESH.format(root=str(ROOT), sav=str(SAMPLE_DIR / "london_survey.sav"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=240, cwd=ROOT, env=env
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["network"] == [] and report["attempts"] == []
    # python-pptx imports the standard library's xml.sax.saxutils, which itself imports
    # urllib.request (and so http.client) at import time; they are loaded, never called (the
    # socket guard above and test_scripted_session_opens_no_network_socket prove no connection).
    assert set(report["after_pptx"]) <= {"urllib.request", "http.client"}
    assert report["saxutils"] or report["after_pptx"] == []


_SCREENSHOT = textwrap.dedent(
    """
    import runpy, sys
    sys.path.insert(0, {root!r})
    from tests.trust import netguard
    netguard.install()
    sys.argv = ["main.py", "--screenshot", {out!r}, "--size", "1200x800"]
    try:
        runpy.run_path({main!r}, run_name="__main__")
    except SystemExit as done:
        code = done.code or 0
    else:
        code = 0
    bad = netguard.loaded_network_modules(sys.modules)
    print("NETWORK:", bad, netguard.ATTEMPTS)
    sys.exit(code or (3 if bad or netguard.ATTEMPTS else 0))
    """
)


def test_window_screenshot_opens_no_network_socket(tmp_path) -> None:
    out = tmp_path / "shot.png"
    code = _SCREENSHOT.format(root=str(ROOT), out=str(out), main=str(ROOT / "main.py"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=240, cwd=ROOT, env=env
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "NETWORK: [] []" in done.stdout
    assert out.stat().st_size > 10_000
