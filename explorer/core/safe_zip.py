"""Reading zip archives from untrusted files, in memory and within limits.

Nothing is extracted to disk; member names, counts, encryption and every member's real expanded
size are checked while reading, so a zip bomb or a `../evil` member fails fast with a sentence.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from explorer.core.errors import ExplorerError
from explorer.core.safe_files import open_regular

_CHUNK = 1 << 16


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 10_000
    max_total_bytes: int = 512 * 1024 * 1024  # expanded, over all members read: a hard ceiling
    max_ratio: int = 200  # expanded ÷ compressed, per member, checked beyond `ratio_floor`
    # Small members may compress very well (runs of spaces); 64 KB, not 1 MB: 200 members of
    # 1 MB each, every one under a 1 MB floor, once took 279 s and 3.85 GB.
    ratio_floor: int = 64 * 1024
    # The whole archive may expand to `total_ratio` × its own size (at least `total_floor`): what
    # a project of that size needs, so a small archive cannot unpack into hundreds of MB.
    total_ratio: int = 100
    total_floor: int = 32 * 1024 * 1024
    max_archive_bytes: int = 1024 * 1024 * 1024


def _unsafe_name(name: str) -> bool:
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in PurePosixPath(name).parts)


def read_capped(path: str | os.PathLike[str], cap: int) -> bytes:
    """A file's bytes, refusing one larger than `cap` without reading all of it first."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ExplorerError.for_file(path, "is a folder, not a file")
        with open_regular(path) as handle:
            data = handle.read(cap + 1)
    except ExplorerError:
        raise
    except FileNotFoundError as error:
        raise ExplorerError.for_file(path, "does not exist") from error
    except OSError as error:
        raise ExplorerError.for_file(
            path, f"could not be read ({error.strerror or error})"
        ) from error
    if len(data) > cap:
        raise ExplorerError.for_file(path, f"is larger than the {cap // (1024 * 1024)} MB limit")
    return data


def _mb(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:,.0f} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


class SafeZip:
    """A zip archive held in memory whose members are read with limits."""

    def __init__(
        self, data: bytes, path: str | os.PathLike[str], limits: ZipLimits | None = None
    ) -> None:
        self.path = os.fspath(path)
        self.limits = limits or ZipLimits()
        self._budget = min(
            self.limits.max_total_bytes,
            max(self.limits.total_floor, len(data) * self.limits.total_ratio),
        )
        self._allowed = self._budget
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            ValueError,
            OSError,
            NotImplementedError,  # a header claiming a zip version Python cannot read
        ) as error:
            raise self._error(
                "is not a readable zip archive (it may be damaged or cut short)"
            ) from error
        if len(infos) > self.limits.max_members:
            raise self._error(
                f"holds {len(infos):,} files, more than the {self.limits.max_members:,} allowed"
            )
        for info in infos:
            if _unsafe_name(info.filename):
                raise self._error(f"holds a file with an unsafe path ({info.filename!r})")
            if info.flag_bits & 0x1:
                raise self._error(
                    f"holds an encrypted file ({info.filename!r}), which cannot be read"
                )
        self._infos = {info.filename: info for info in infos if not info.is_dir()}
        # Before any work: the sizes the archive itself declares must fit the budget (a member
        # that lies about its size is still stopped while it is read).
        declared = sum(info.file_size for info in self._infos.values())
        if declared > self._budget:
            raise self._error(
                f"declares {_mb(declared)} of contents, more than the {_mb(self._budget)} allowed "
                f"for an archive of its size ({_mb(len(data))}), as a zip bomb would"
            )

    @classmethod
    def open(cls, path: str | os.PathLike[str], limits: ZipLimits | None = None) -> SafeZip:
        limits = limits or ZipLimits()
        return cls(read_capped(path, limits.max_archive_bytes), path, limits)

    def _error(self, problem: str) -> ExplorerError:
        return ExplorerError.for_file(self.path, problem)

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def read(self, name: str) -> bytes:
        """The member's bytes, stopping as soon as it expands beyond what is plausible."""
        info = self._infos[name]
        cap = min(
            self._budget, max(self.limits.ratio_floor, info.compress_size * self.limits.max_ratio)
        )
        out = bytearray()
        try:
            with self._zip.open(info) as member:
                while True:
                    chunk = member.read(_CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > cap:
                        if cap == self._budget:
                            raise self._error(
                                "expands to more than the "
                                f"{self._allowed / (1024 * 1024):,.0f} MB allowed for an "
                                "archive of its size"
                            )
                        raise self._error(
                            f"holds {name!r}, which expands far beyond its compressed size "
                            "(a zip bomb?)"
                        )
        except ExplorerError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as error:
            raise self._error(f"is damaged: {name!r} could not be read") from error
        except NotImplementedError as error:
            raise self._error(
                f"uses a compression method that cannot be read for {name!r}"
            ) from error
        self._budget -= len(out)
        return bytes(out)
