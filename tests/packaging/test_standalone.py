"""The standalone app, end to end: build the frozen folder with the documented command, copy it
out of the repository, and run it with the network cut to render the sample and a slide.

Slow (a PyInstaller build takes one to four minutes here); it runs in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _clean_env(home: Path) -> dict[str, str]:
    """What a user's desktop gives the app: no Python variables, no virtual environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env["PATH"] = "/usr/bin:/bin"  # no interpreter of ours on the path
    return env


def _offline() -> list[str]:
    if sys.platform.startswith("linux") and shutil.which("unshare"):
        probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
        if probe.returncode == 0:
            return ["unshare", "-rn", "--"]
    pytest.skip("needs Linux with unshare(1) permitted to cut the network")


@pytest.fixture(scope="module")
def built_app(tmp_path_factory) -> Path:
    pytest.importorskip("PyInstaller")
    work = tmp_path_factory.mktemp("freeze")
    began = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "resources" / "build_app.py"),
            "--dist",
            str(work / "dist"),
            "--work",
            str(work / "build"),
        ],
        capture_output=True,
        text=True,
        timeout=1500,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    executable = Path(done.stdout.strip().splitlines()[-1])  # the command's last line is the path
    assert executable.is_file() and os.access(executable, os.X_OK), done.stdout[-500:]
    print(f"build took {time.monotonic() - began:.0f} s")
    # A user unpacks it anywhere: copy it well away from the repository and the build.
    elsewhere = tmp_path_factory.mktemp("unpacked") / "Briefing Explorer"
    shutil.copytree(executable.parent, elsewhere, symlinks=True)
    shutil.rmtree(work)
    return elsewhere / executable.name


def test_folder_carries_icon_licences_fonts_and_sample(built_app) -> None:
    folder = built_app.parent
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"standalone folder: {size / 2**20:.0f} MiB")
    internal = folder / "_internal"
    assert (internal / "explorer" / "sample_data" / "london_survey.sav").is_file()
    assert (internal / "explorer" / "sample_data" / "london_focus_groups.qdpx").is_file()
    assert (internal / "explorer" / "app_resources" / "icons" / "briefing-explorer.svg").is_file()
    assert any((internal / "explorer" / "ui" / "resources" / "fonts").glob("*.ttf"))
    index = (internal / "licenses" / "THIRD-PARTY.txt").read_text(encoding="utf-8")
    for component in ("PySide6", "numpy", "pandas", "pyqtgraph", "Python"):
        assert component.lower() in index.lower(), component
    assert (internal / "licenses" / "Python-LICENSE.txt").is_file()
    assert not list(internal.rglob("pytest")), "test tools were bundled"


def test_frozen_app_renders_sample_and_slide_offline(built_app, tmp_path) -> None:
    offline = _offline()
    env = _clean_env(tmp_path)
    shots = {"window": tmp_path / "window.png", "slide": tmp_path / "slide.png"}
    runs = {
        "window": ["--sample", "--screenshot", shots["window"], "--size", "1366x768"],
        "slide": [
            "--present",
            "--slide",
            "3",
            "--screenshot",
            shots["slide"],
            "--size",
            "1920x1080",
        ],
    }
    for name, args in runs.items():
        began = time.monotonic()
        done = subprocess.run(
            [*offline, str(built_app), *map(str, args), "--settings", str(tmp_path / "s.ini")],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
            cwd=tmp_path,
        )
        print(f"frozen {name} render: {time.monotonic() - began:.1f} s")
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        assert "Traceback" not in done.stderr
        assert shots[name].stat().st_size > 20_000, name

    from PySide6.QtGui import QImage

    image = QImage(str(shots["window"]))
    assert (image.width(), image.height()) == (1366, 768)
    colours = {image.pixel(x, y) for x in range(0, 1366, 37) for y in range(0, 768, 29)}
    assert len(colours) > 20  # a drawn window, not a blank surface


def test_frozen_app_reports_version_without_python(built_app, tmp_path) -> None:
    from explorer import __version__

    done = subprocess.run(
        [str(built_app), "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        env=_clean_env(tmp_path),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert __version__ in done.stdout
