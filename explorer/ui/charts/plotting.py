"""pyqtgraph, imported without building all of Qt first: `from explorer.ui.charts.plotting import
pg` is how the app imports it.

pyqtgraph's Qt shim copies every name of PySide6's QtCore, QtGui and QtWidgets into its own
mirror modules (`_copy_attrs`: `dir()`, then `getattr` of each name). PySide6 creates its classes
and enums lazily, on first use, so that copy makes all ~700 of them (and their Python enums) at
once: 0.2–0.5 s of every start, most of pyqtgraph's import. Here the copy finds nothing to copy
and each mirror instead fetches a name from PySide6 when pyqtgraph first asks for it (and keeps
it): the same objects, made only if used. If pyqtgraph is already imported, or its shim no longer
looks at the mirrors this way, it is imported exactly as usual.
"""

from __future__ import annotations

import sys
import types

from explorer.ui import theme

MIRRORS = ("QtCore", "QtGui", "QtWidgets")


def _fetching(mirror: types.ModuleType, source: types.ModuleType):
    def fetch(name: str):
        value = getattr(source, name)  # AttributeError for a name PySide6 lacks, as before
        setattr(mirror, name, value)
        return value

    return fetch


def _import_lazily() -> types.ModuleType:
    if "pyqtgraph" in sys.modules:
        return sys.modules["pyqtgraph"]
    import PySide6.QtCore
    import PySide6.QtGui
    import PySide6.QtWidgets

    sources = {name: getattr(PySide6, name) for name in MIRRORS}
    saved = {name: source.__dict__.get("__dir__") for name, source in sources.items()}

    def listing(name: str, source: types.ModuleType):
        def dir_for_the_shim() -> list[str]:
            mirror = sys.modules.get(f"pyqtgraph.Qt.{name}")
            if mirror is None or "__getattr__" in mirror.__dict__:
                # not pyqtgraph's copy (or its second look): the real listing
                original = saved[name]
                return list(original()) if original else list(source.__dict__)
            mirror.__getattr__ = _fetching(mirror, source)
            return []

        return dir_for_the_shim

    for name, source in sources.items():
        source.__dir__ = listing(name, source)
    try:
        import pyqtgraph
    finally:
        for name, source in sources.items():
            if saved[name] is None:
                source.__dict__.pop("__dir__", None)
            else:
                source.__dir__ = saved[name]
    return pyqtgraph


pg = _import_lazily()
theme.configure_plots(pg)  # the current theme's colours (theme.apply keeps them up to date)
