"""The air-gapped install, end to end: build a wheelhouse from requirements.lock (hashes checked)
plus the app's own wheel, install it into a clean virtual environment with the network cut
(`unshare -n`), and render the installed app's screenshot there.

The wheelhouse is cached in build/wheelhouse (git-ignored), keyed by the lock file's hash.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, SAMPLE_DIR

pytestmark = pytest.mark.slow
LOCK = ROOT / "requirements.lock"
WHEELHOUSE = ROOT / "build" / "wheelhouse"
STAMP = WHEELHOUSE / ".lock-sha256"


def _clean_env() -> dict[str, str]:
    """No pip configuration from this machine (extra indexes, find-links) may leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _run(args, *, timeout=600, env=None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd
    )


def _can_cut_network() -> str | None:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return "needs Linux with unshare(1) to cut the network"
    done = _run(["unshare", "-n", "true"], timeout=30)
    return None if done.returncode == 0 else f"unshare -n is not permitted here: {done.stderr}"


def _wheelhouse() -> None:
    """Download every locked wheel (hash-checked) once per lock file; reused while it matches."""
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text().strip() == digest:
        return
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    done = _run(
        [sys.executable, "-m", "pip", "download", "--require-hashes", "--only-binary=:all:"]
        + ["-r", LOCK, "-d", WHEELHOUSE],
        timeout=1800,
    )
    if done.returncode != 0:
        pytest.skip(
            f"the wheelhouse could not be downloaded (no package index?): {done.stderr[-500:]}"
        )
    STAMP.write_text(digest)


def test_wheelhouse_installs_offline_and_the_app_renders(tmp_path) -> None:
    reason = _can_cut_network()
    if reason:
        pytest.skip(reason)
    _wheelhouse()
    app_wheels = tmp_path / "app"
    built = _run(
        # As the README's connected-machine step: build isolation fetches the build backend.
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", app_wheels, ROOT],
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    assert any(app_wheels.glob("briefing_explorer-*.whl"))

    env = _clean_env()
    venv = tmp_path / "venv"
    python = venv / "bin" / "python"
    offline = ["unshare", "-n", "--"]
    made = _run([*offline, sys.executable, "-m", "venv", venv], env=env)
    assert made.returncode == 0, made.stderr
    started = time.monotonic()
    pip = [*offline, python, "-m", "pip", "install", "--isolated", "--no-index", "-q"]
    deps = _run([*pip, "--find-links", WHEELHOUSE, "--require-hashes", "-r", LOCK], env=env)
    assert deps.returncode == 0, deps.stdout[-2000:] + deps.stderr[-3000:]
    app = _run([*pip, "--no-deps", "--find-links", app_wheels, "briefing-explorer"], env=env)
    assert app.returncode == 0, app.stderr[-3000:]
    print(f"offline install took {time.monotonic() - started:.0f} s")

    # The installed app's window entry point (not this checkout) renders the sample that the
    # wheel carries, still with no network.
    shot = tmp_path / "shot.png"
    render = _run(
        [*offline, venv / "bin" / "briefing-explorer", "--sample"]
        + ["--screenshot", shot, "--size", "1200x800"]
        + ["--settings", tmp_path / "settings.ini"],
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert render.returncode == 0, render.stdout[-2000:] + render.stderr[-3000:]
    assert shot.stat().st_size > 10_000
    where = _run([python, "-c", "import explorer; print(explorer.__file__)"], env=env, cwd=tmp_path)
    assert str(venv) in where.stdout  # the installed copy ran, not the checkout
    sample = _run(
        [
            python,
            "-c",
            "from explorer.core.sample_files import SAMPLE_SURVEY as s; print(s, s.is_file())",
        ],
        env=env,
        cwd=tmp_path,
    )
    assert str(venv) in sample.stdout and sample.stdout.strip().endswith("True"), sample.stdout

    cli = _run(
        [
            *offline,
            venv / "bin" / "briefing-explorer-cli",
            "describe",
            SAMPLE_DIR / "london_survey.sav",
        ],
        env=env,
        cwd=tmp_path,
    )
    assert cli.returncode == 0, cli.stderr[-2000:]
