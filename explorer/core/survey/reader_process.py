"""Starting the .sav reader's child process (`sav_child` runs the read in it): the fork server
started early with the readers' imports preloaded (the window's process has Qt's threads and must
not fork), a plain fork where the command line allows it, and for the command line a child forked
before the command's own imports that waits for the one read it will be asked for.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import types

_context = None
_fork_ok = False
_early = None  # (process, connection) of a reader child started before it was needed
# False reads in this process (tests that patch pyreadstat); the app always isolates.
ISOLATE = True


def use_fork() -> None:
    """For a process that never loads Qt (the command line): children fork from this process
    itself, so a one-off read starts at once instead of after a server's imports. A process
    with Qt's threads must not fork, so the window keeps the fork server."""
    global _fork_ok
    _fork_ok = "fork" in multiprocessing.get_all_start_methods()


def start_early(argv, target) -> None:
    """For the command line, when its arguments name a .sav: fork the reader child now, before
    this process imports its commands, so the child imports the readers (about half a second)
    on the other core meanwhile; it then waits for the one read `read_survey_isolated` sends it,
    and runs `target` (`sav_child.child_main`) with it.
    The child is the same isolated process as ever (same limits, same plain-file answer); if no
    read is asked of it, it ends when this process does."""
    global _early
    if _early is not None or not ISOLATE or not _forkable():
        return
    if not any(str(a).lower().endswith((".sav", ".zsav")) for a in argv):
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_waiting_child, args=(receive, target), name="explorer-sav-reader", daemon=True
    )
    with main_hidden():
        process.start()
    receive.close()
    _early = (process, send)


def _waiting_child(connection, target) -> None:
    """Runs in an early child: import the readers, then read what the parent asks (once)."""
    with contextlib.suppress(ImportError):
        import polars_readstat  # noqa: F401

        import explorer.core.survey.parsed
        import explorer.core.survey.sav
        import explorer.core.survey.survey_wire  # noqa: F401
    try:
        request = connection.recv()  # from the parent that forked this process: trusted
    except (EOFError, OSError):
        os._exit(0)
    connection.close()
    target(*request)


def take_early(args: tuple):
    """The early child, handed `args`, if there is one still waiting; else None."""
    global _early
    if _early is None:
        return None
    process, send = _early
    _early = None
    try:
        if not process.is_alive():
            return None
        send.send(args)
        send.close()
    except (OSError, ValueError):
        with contextlib.suppress(Exception):
            process.kill()
        return None
    return process


def _forkable() -> bool:
    """Whether a reader child may fork from this process: `use_fork` allowed it, and neither Qt
    nor polars runs threads here (a forked copy of polars' thread pool waits on it forever)."""
    return _fork_ok and not _qt_loaded() and "polars" not in sys.modules


def _qt_loaded() -> bool:
    return any(name.startswith("PySide6") for name in sys.modules)


def mp_context():
    """fork where `use_fork` allowed it and Qt is still not loaded (checked at every read: the
    headless export loads Qt later); else forkserver where there is one (children fork from a
    warm, Qt-free server); else spawn."""
    global _context
    if _forkable():
        return multiprocessing.get_context("fork")
    if _context is None:
        methods = multiprocessing.get_all_start_methods()
        if "forkserver" in methods:
            _context = multiprocessing.get_context("forkserver")
            preload = [
                "explorer.core.survey.sav",
                "explorer.core.survey.parsed",
                "explorer.core.survey.sav_child",
            ]
            from importlib.util import find_spec

            # The fast reader's import (~0.5 s) is made once, in the server. Found, not imported:
            # importing sav_fast here would load pandas into the window's process.
            if find_spec("polars_readstat") is not None:
                preload.append("polars_readstat")
            # pandas carries a file's text and date columns (the numbers need none of it)
            if find_spec("pandas") is not None:
                preload.append("pandas")
            _context.set_forkserver_preload(preload)
        else:
            _context = multiprocessing.get_context("spawn")
    return _context


def warm_up() -> None:
    """Start the reader's fork server now, so it imports pandas and pyreadstat (about a second) on
    another core while the window is built, not when the first .sav is opened."""
    if ISOLATE and mp_context().get_start_method() == "forkserver":
        import multiprocessing.forkserver

        with main_hidden():
            multiprocessing.forkserver.ensure_running()


@contextlib.contextmanager
def main_hidden():
    """The child needs nothing from __main__; hidden, a script without a `__main__` guard (or one
    read from stdin) is not re-run in the child, where it would fail or repeat its work."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main
