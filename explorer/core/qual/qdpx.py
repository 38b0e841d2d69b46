"""The REFI-QDA containers: a `.qdpx` zip (one `.qde` plus `sources/`), or a bare `.qde` file with
its sources folder beside it.

Source paths are looked up only inside the project: `internal://name` under `sources/` (any case)
or by file name; `relative://` and `absolute://` paths only when they fall within the project's
folder (or, in a zip, by file name). Nothing is extracted and nothing is written.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import unquote

from explorer.core.atomic import register_source_path
from explorer.core.errors import ExplorerError
from explorer.core.qual.model import Project
from explorer.core.qual.qde_reader import read_qde
from explorer.core.safe_xml import parse_xml
from explorer.core.safe_zip import SafeZip, ZipLimits, read_capped
from explorer.core.shown_text import visible

MAX_SOURCE_BYTES = 256 * 1024 * 1024
# A bare .qde's sources together may hold SOURCES_RATIO × the document's own size (at least
# SOURCES_FLOOR, at most SOURCES_CEILING): what a project of that size needs. Every coded passage
# is described in the document, so a tiny document naming hundreds of huge files is no project.
SOURCES_RATIO = 100
SOURCES_FLOOR = 32 * 1024 * 1024
SOURCES_CEILING = 512 * 1024 * 1024


def sources_budget(document_bytes: int) -> int:
    """How many bytes of sources a `.qde` document of this size may read in all."""
    return min(SOURCES_CEILING, max(SOURCES_FLOOR, document_bytes * SOURCES_RATIO))


def _split_scheme(text_path: str) -> tuple[str, str]:
    """("internal", "a/b.txt") from "internal://a/b.txt"; scheme "" for a plain path."""
    text_path = unquote(text_path.strip())
    scheme, sep, rest = text_path.partition("://")
    if not sep:
        return "", text_path
    return scheme.casefold(), rest


def _basename(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _counting(resolve, root, progress):
    """`resolve`, reporting each source read as a share of the sources the document names (the
    archive and the document itself are the first 20%)."""
    if progress is None:
        return resolve
    total = max(1, sum(1 for el in root.iter() if str(el.tag).endswith("Source")))
    done = 0

    def counted(text_path: str) -> bytes | None:
        nonlocal done
        data = resolve(text_path)
        done += 1
        progress(
            0.2 + 0.8 * min(done, total) / total, f"Reading transcripts ({done:,} of {total:,})…"
        )
        return data

    return counted


def load_qdpx(
    path: str | os.PathLike[str], limits: ZipLimits | None = None, *, progress=None
) -> Project:
    """The project in a `.qdpx` archive, read in memory; `progress(fraction, message)` hears the
    archive, the document and each source read."""
    path = Path(path)
    data = read_capped(path, (limits or ZipLimits()).max_archive_bytes)
    if progress is not None:
        progress(0.1, f"Opening the archive {visible(path.name, limit=60)}…")
    archive = SafeZip(data, path, limits)
    qdes = [n for n in archive.names if n.casefold().endswith(".qde")]
    if not qdes:
        raise ExplorerError.for_file(
            path, "holds no .qde project document, so it is not a REFI-QDA project"
        )
    # the top-most .qde is the project; tools name it project.qde, but not all do
    qdes.sort(key=lambda n: (n.count("/"), n.casefold() != "project.qde", n))
    qde = qdes[0]
    root = parse_xml(archive.read(qde), path, what=qde)
    if progress is not None:
        progress(0.2, "Reading the coding…")
    folded = {n.casefold(): n for n in archive.names}
    by_base: dict[str, list[str]] = {}
    for name in archive.names:
        by_base.setdefault(_basename(name).casefold(), []).append(name)
    prefix = qde.rsplit("/", 1)[0] + "/" if "/" in qde else ""

    def resolve(text_path: str) -> bytes | None:
        _, rest = _split_scheme(text_path)
        rest = rest.replace("\\", "/").lstrip("/")
        for candidate in (f"{prefix}sources/{rest}", f"{prefix}{rest}", f"sources/{rest}", rest):
            name = folded.get(candidate.casefold())
            if name is not None:
                return archive.read(name)
        matches = by_base.get(_basename(rest).casefold(), [])
        return archive.read(matches[0]) if len(matches) == 1 else None

    project = read_qde(root, path, _counting(resolve, root, progress))
    project.format = "qdpx"
    project.sha256 = hashlib.sha256(data).hexdigest()
    return project


def load_qde(path: str | os.PathLike[str], *, progress=None) -> Project:
    """The project in a bare `.qde` file, its sources read from the folder beside it."""
    path = Path(path)
    data = read_capped(path, 128 * 1024 * 1024)
    root = parse_xml(data, path)
    if progress is not None:
        progress(0.2, "Reading the coding…")
    folder = path.resolve().parent
    base_path = root.get("basePath") or ""
    allowed = sources_budget(len(data))
    spent = 0

    def within(candidate: Path) -> Path | None:
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            return None
        return resolved if resolved.is_relative_to(folder) and resolved.is_file() else None

    def find_ci(directory: Path, parts: list[str]) -> Path | None:
        current = directory
        for part in parts:
            if part in ("", "."):
                continue
            exact = current / part
            if exact.exists():
                current = exact
                continue
            try:
                entries = {e.name.casefold(): e for e in current.iterdir()}
            except OSError:
                return None
            if part.casefold() not in entries:
                return None
            current = entries[part.casefold()]
        return within(current)

    def resolve(text_path: str) -> bytes | None:
        scheme, rest = _split_scheme(text_path)
        rest = rest.replace("\\", "/")
        found: Path | None = None
        if scheme == "internal":
            parts = rest.lstrip("/").split("/")
            found = find_ci(folder, ["sources", *parts]) or find_ci(folder, parts)
        elif scheme == "relative":
            rel = rest.lstrip("/").split("/")
            found = find_ci(folder, rel)
            if found is None and base_path:
                base = Path(_split_scheme(base_path)[1])
                if not base.is_absolute():
                    found = within(folder / base / rest.lstrip("/"))
                else:
                    found = within(base / rest.lstrip("/"))
        else:  # absolute://, file://, or a bare path: only if it lies inside the project folder
            plain = Path(rest if scheme else text_path)
            found = within(plain if plain.is_absolute() else folder / plain)
        if found is None:
            found = find_ci(folder, ["sources", _basename(rest)])
        if found is None:
            return None
        nonlocal spent
        try:
            size = found.stat().st_size
        except OSError:
            size = 0
        if spent + size > allowed:  # checked before the file is read
            raise ExplorerError.for_file(
                path,
                f"its sources add up to more than the {allowed / (1024 * 1024):,.0f} MB allowed "
                f"for a project document of its size (at {visible(found.name, limit=60)!r})",
            )
        data = read_capped(found, MAX_SOURCE_BYTES)
        spent += len(data)
        if spent > allowed:  # a file that grew while it was read
            raise ExplorerError.for_file(
                path,
                f"its sources add up to more than the {allowed / (1024 * 1024):,.0f} MB allowed "
                "for a project document of its size",
            )
        register_source_path(found)  # no export may overwrite a transcript the project reads
        return data

    project = read_qde(root, path, _counting(resolve, root, progress))
    project.format = "qde"
    project.sha256 = hashlib.sha256(data).hexdigest()
    return project


def qde_member_name(names: list[str]) -> str | None:
    """The archive member holding the project document (for tests and tools)."""
    qdes = sorted(
        (n for n in names if n.casefold().endswith(".qde")), key=lambda n: (n.count("/"), n)
    )
    return qdes[0] if qdes else None
