"""Never losing briefing work: the Save / Discard / Cancel question before the open briefing is
let go (quit, closing the window, a new briefing, opening another), and at start-up the offer of
an untitled briefing's autosave copy left by a session that ended without saving (a crash, a
power cut, a killed process).

The questions are asked through hooks on the briefing panel (`choose_unsaved`, `choose_restore`)
so tests and headless runs can answer them; by default they are dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from explorer.core.briefing.autosave import discard_autosave, find_autosave
from explorer.core.briefing.store import load_briefing
from explorer.core.errors import ExplorerError

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
RESTORE, DELETE, LATER = "restore", "delete", "later"


def ask_save_discard_cancel(parent, name: str) -> str:
    """The dialog: SAVE, DISCARD or CANCEL (Esc and closing the dialog are Cancel)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved briefing")
    box.setTextFormat(Qt.TextFormat.PlainText)  # the name comes from a file: never markup
    box.setText(f"{name} has changes that are not saved.")
    box.setInformativeText("Save them before it is closed?")
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    answer = box.exec()
    return {buttons.Save: SAVE, buttons.Discard: DISCARD}.get(buttons(answer), CANCEL)


def ask_restore(parent, text: str) -> str:
    """The start-up dialog: RESTORE the autosaved briefing, DELETE it, or decide LATER."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Restore unsaved briefing?")
    box.setTextFormat(Qt.TextFormat.PlainText)  # the text names a briefing: never markup
    box.setText(text)
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    delete = box.addButton("Delete it", QMessageBox.ButtonRole.DestructiveRole)
    later = box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(later)
    box.exec()
    clicked = box.clickedButton()
    return RESTORE if clicked is restore else DELETE if clicked is delete else LATER


def has_unsaved_work(panel) -> bool:
    """Edits since the last save that would be lost (an untitled briefing with no slides and no
    other change has nothing to lose)."""
    if panel.history.isClean():
        return False
    return bool(panel.briefing.slides) or panel.path is not None


def settle_unsaved(panel) -> bool:
    """Before the open briefing is let go: True when that is fine (nothing unsaved, saved now,
    or the user chose to discard), False to stop (Cancel, or the save failed)."""
    if not has_unsaved_work(panel):
        return True
    name = panel.path.name if panel.path is not None else f"The briefing “{panel.briefing.title}”"
    choice = panel.choose_unsaved(name)
    if choice == SAVE:
        return bool(panel.save())
    if choice == DISCARD:
        _forget_copy(panel, panel.path)
        return True
    return False


def _forget_copy(panel, path) -> None:
    from explorer.ui.briefing_files import autosave_folder

    try:
        discard_autosave(autosave_folder(), path)
    except ExplorerError as error:
        panel.warn("Could not delete the autosave copy", error.message)


def offer_untitled_autosave(panel) -> bool:
    """At start-up, with no briefing open: offer back the autosave copy of a briefing that was
    never saved. True when it was restored (shown as unsaved, one undo step from empty)."""
    from explorer.ui.briefing_files import autosave_folder

    if panel.path is not None or panel.briefing.slides:
        return False
    copy = find_autosave(autosave_folder(), None)
    if copy is None:
        return False
    try:
        restored = load_briefing(copy)
    except ExplorerError as error:
        panel.warn("Could not read the autosave copy", error.message)
        return False
    if not restored.slides:
        return False
    count = len(restored.slides)
    choice = panel.choose_restore(
        f"A briefing that was never saved (“{restored.title}”, {count} slide"
        f"{'s' if count != 1 else ''}) was kept from the last session, which ended without "
        "saving it. Restore it?"
    )
    if choice == DELETE:
        _forget_copy(panel, None)
        return False
    if choice != RESTORE:
        return False
    panel.history.apply("Restore autosave", restored)
    return True
