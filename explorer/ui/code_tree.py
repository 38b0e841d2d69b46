"""The code tree beside the quotes: every code with the number of matching quotes under the
current filter (a parent counts its children), checkable to filter the quotes by code; its path,
description and whether it is a category (a node nothing is coded with) in the tooltip.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.ui.filter_controller import FilterController
from explorer.ui.plain_text import safe_colour, tooltip

GUID = Qt.ItemDataRole.UserRole


_ICONS: dict[tuple[str, int], QIcon] = {}


def colour_icon(colour: str, size: int = 12) -> QIcon:
    """A square of the code's colour (cached: the same few colours are drawn again and again)."""
    icon = _ICONS.get((colour, size))
    if icon is None:
        pixmap = QPixmap(size, size)
        pixmap.fill(safe_colour(colour, "#999999"))
        icon = _ICONS[(colour, size)] = QIcon(pixmap)
    return icon


def _ancestors(project) -> dict[str, tuple[str, ...]]:
    """Each code and every code above it: a quote counts once for each."""
    out: dict[str, tuple[str, ...]] = {}
    for guid in project.codes:
        chain, seen, current = [], set(), guid
        while current in project.codes and current not in seen:
            seen.add(current)
            chain.append(current)
            current = project.codes[current].parent
        out[guid] = tuple(chain)
    return out


def code_counts(session: Session, state: FilterState, quotes: list | None = None) -> dict[str, int]:
    """Quotes per code (with its children) under `state`'s participants, search and topic.

    `quotes`, when given, are those already found for `state` with no code selected."""
    if session.project is None:
        return {}
    if quotes is None:
        quotes = session.quotes(replace(state, codes=frozenset()))
    above = _ancestors(session.project)
    counts = dict.fromkeys(session.project.codes, 0)
    for quote in quotes:
        for guid in {a for code in quote.segment.codes for a in above.get(code, ())}:
            counts[guid] += 1
    return counts


class CodeTree(QTreeWidget):
    def __init__(self, controller: FilterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._session = Session()
        self._items: dict[str, QTreeWidgetItem] = {}
        self.setHeaderLabels(["Code", "Quotes"])
        self.setAccessibleName("Codes: tick to show only quotes with these codes")
        self.setColumnWidth(0, 230)
        self.itemChanged.connect(self._item_changed)

    def set_session(self, session: Session) -> None:
        self._session = session
        self.blockSignals(True)
        self.clear()
        self._items = {}
        project = session.project
        if project is not None:
            pending = list(project.codes.values())
            while pending:
                progressed = False
                for code in list(pending):
                    parent = self._items.get(code.parent) if code.parent else None
                    if code.parent and parent is None and code.parent in project.codes:
                        continue  # parent not placed yet
                    item = QTreeWidgetItem(parent or self, [code.name, ""])
                    item.setData(0, GUID, code.guid)
                    item.setIcon(0, colour_icon(code.color))
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(0, Qt.CheckState.Unchecked)
                    item.setToolTip(0, tooltip(_tip(project, code)))
                    self._items[code.guid] = item
                    pending.remove(code)
                    progressed = True
                if not progressed:  # a broken parent chain: show the rest at the top
                    for code in pending:
                        self._items[code.guid] = QTreeWidgetItem(self, [code.name, ""])
                    break
        self.expandToDepth(0)
        self.blockSignals(False)

    def item_for(self, guid: str) -> QTreeWidgetItem:
        return self._items[guid]

    def refresh(self, state: FilterState, quotes: list | None = None) -> None:
        counts = code_counts(self._session, state, quotes)
        self.blockSignals(True)
        for guid, item in self._items.items():
            item.setText(1, str(counts.get(guid, 0)))
            item.setCheckState(
                0, Qt.CheckState.Checked if guid in state.codes else Qt.CheckState.Unchecked
            )
        self.blockSignals(False)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0:
            return
        chosen = {
            guid for guid, it in self._items.items() if it.checkState(0) == Qt.CheckState.Checked
        }
        self._controller.select_codes(chosen)


def _tip(project, code) -> str:
    lines = [project.code_path(code.guid)]
    if not code.codable:
        lines.append("A category: a node of the tree, nothing is coded with it directly")
    if code.description:
        lines.append(code.description)
    return "\n".join(lines)
