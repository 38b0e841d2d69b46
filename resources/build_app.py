"""Build the standalone Briefing Explorer folder for this operating system with PyInstaller.

`python resources/build_app.py` writes `dist/briefing-explorer/` (no Python needed to run it: the
interpreter, Qt, the fonts, the icon, the sample data and the licences of everything bundled are in
the folder) and prints the path of the app's executable as its last line. `--dist DIR` puts it
elsewhere; `--tarball` also packs it as `briefing-explorer-VERSION-linux-x86_64.tar.gz`.
"""

from __future__ import annotations

import argparse
import platform
import re
import shutil
import sys
import tarfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "resources" / "briefing-explorer.spec"
LICENCE_NAMES = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)


def runtime_distributions(root: str = "briefing-explorer") -> list[metadata.Distribution]:
    """The distributions the app needs at run time: its requirements, followed recursively."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = re.split(r"[\s;<>=!~\[(]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = dist
        for requirement in dist.requires or []:
            if "extra ==" not in requirement:
                todo.append(requirement)
    return [dist for key, dist in sorted(seen.items()) if key != root]


def write_licences(target: Path) -> Path:
    """Copy the licence files of Python and of every bundled distribution, with an index."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    lines = ["Briefing Explorer bundles the following components under their own licences.", ""]
    python_licence = (
        Path(sys.base_prefix)
        / "lib"
        / f"python{sys.version_info.major}.{sys.version_info.minor}"
        / "LICENSE.txt"
    )
    if not python_licence.exists():
        python_licence = Path(sys.base_prefix) / "LICENSE.txt"
    if python_licence.exists():
        shutil.copyfile(python_licence, target / "Python-LICENSE.txt")
    lines.append(f"Python {platform.python_version()}: PSF License (Python-LICENSE.txt)")
    for dist in runtime_distributions():
        name = dist.metadata["Name"]
        folder = target / name
        copied = []
        for file in dist.files or []:
            if LICENCE_NAMES.search(str(file)):
                source = Path(str(file.locate()))
                if source.is_file():
                    folder.mkdir(exist_ok=True)
                    destination = folder / str(file).replace("/", "__")
                    shutil.copyfile(source, destination)
                    copied.append(destination.name)
        licence = dist.metadata.get("License-Expression") or dist.metadata.get("License") or ""
        licence = licence.splitlines()[0][:80] if licence else "see files"
        lines.append(
            f"{name} {dist.version}: {licence} ({', '.join(copied) or 'no licence file shipped'})"
        )
    (target / "THIRD-PARTY.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copyfile(
        ROOT / "explorer" / "ui" / "resources" / "fonts" / "LICENSE-DejaVu.txt",
        target / "DejaVu-fonts-LICENSE.txt",
    )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--tarball", action="store_true", help="also pack a .tar.gz (Linux)")
    args = parser.parse_args(argv)
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        print(
            "error: PyInstaller is not installed; run: pip install -e '.[freeze]'", file=sys.stderr
        )
        return 2
    write_licences(args.work / "licenses")
    pyinstaller.run(
        [
            str(SPEC),
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(args.dist),
            "--workpath",
            str(args.work),
        ]
    )
    folder = args.dist / "briefing-explorer"
    executable = folder / (
        "briefing-explorer.exe" if sys.platform == "win32" else "briefing-explorer"
    )
    if not executable.exists():
        print(f"error: the build made no {executable}", file=sys.stderr)
        return 2
    if args.tarball:
        from explorer import __version__

        name = f"briefing-explorer-{__version__}-{sys.platform}-{platform.machine()}.tar.gz"
        with tarfile.open(args.dist / name, "w:gz") as archive:
            archive.add(folder, arcname="briefing-explorer")
        print(f"packed {args.dist / name}")
    print(executable.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
