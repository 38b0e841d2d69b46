"""Handing memory freed after a large build back to the operating system.

Building a tracker's columns, cells and cubes makes temporaries of tens of megabytes. When they
are freed, glibc's allocator keeps the pages for reuse (its mmap threshold rises after each large
free, so later temporaries come from the heap), and Arrow's memory pool keeps what a read used:
the process stayed 50–60 MB larger at ten million respondents than what it held. `release()` asks
both to return their free pages (glibc's `malloc_trim`; Arrow's `release_unused`). It frees only
memory nothing uses, so it changes no result; it is a no-op where neither applies (Windows, macOS,
or a process that never imported pyarrow).
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading

_LOCK = threading.Lock()
_TRIM: list = []  # [malloc_trim or None] once looked up


def _malloc_trim():
    with _LOCK:
        if not _TRIM:
            found = None
            if sys.platform.startswith("linux"):
                try:
                    found = ctypes.CDLL("libc.so.6").malloc_trim
                    found.argtypes = [ctypes.c_size_t]
                    found.restype = ctypes.c_int
                except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
                    found = None
            _TRIM.append(found)
        return _TRIM[0]


def release() -> None:
    """Return freed memory to the operating system (a few milliseconds; call after a large
    build, not per table)."""
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        with contextlib.suppress(AttributeError, NotImplementedError):
            arrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def released(made):
    """`made`, once the temporaries of making it are handed back (`release`)."""
    release()
    return made
