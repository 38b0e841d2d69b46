"""The main window's status bar: the loaded files' names, the base under the filter (weighted
and unweighted, never truncated) and the illustrative-data notice; a message shown stands in for
the names and the base (never drawn over them)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer

from explorer.core.filter_state import FilterState
from explorer.core.survey.formatting import format_count
from explorer.ui.plain_text import plain_label


def build(window) -> None:
    """The status bar's three labels, on the main `window`."""
    window.status_names = plain_label()
    window.status_names.setAccessibleName("Loaded data")
    window.status_names.setMinimumWidth(40)  # gives way to the base (its tooltip has it all)
    window.status_base = plain_label()
    window.status_base.setAccessibleName("Base under the filter")
    window.status_notice = plain_label()
    window.status_notice.setObjectName("notice")
    window.status_notice.setAccessibleName("Illustrative data notice")
    window.statusBar().addWidget(window.status_names)
    window.statusBar().addWidget(window.status_base, 1)
    window.statusBar().addPermanentWidget(window.status_notice)
    window.status_keeper = _HiddenUnderMessage(window.statusBar())
    for label in (window.status_names, window.status_base):
        label.installEventFilter(window.status_keeper)


class _HiddenUnderMessage(QObject):
    """Keeps the names and the base hidden while a message is shown. The status bar hides them
    for a message, but lays itself out again when its height changes (the high-contrast theme's
    larger type) and that shows them again: the message was then drawn over the base."""

    def __init__(self, bar) -> None:
        super().__init__(bar)
        self._bar = bar

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show and self._bar.currentMessage():
            watched.hide()
            # as the status bar hides them itself: shown again when the message is cleared
            watched.setAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide, False)
        return False


def flag_notes(window, notes: list[str]) -> None:
    """Flag the data's first note in the status bar, once the window is shown (a message set
    before then is painted over the status widgets instead of standing in for them). While a
    large file's rest is being read, its "Reading the rest…" keeps the bar: the notes come again
    with the whole survey."""
    if not notes:
        return
    first = notes[0] if len(notes[0]) <= 160 else notes[0][:159] + "…"
    more = f" (+{len(notes) - 1} more)" if len(notes) > 1 else ""
    message = f"{first}{more} — View ▸ Data notes…"

    def say() -> None:
        if window.before_preview is None:
            window.statusBar().showMessage(message, 30000)

    QTimer.singleShot(0, say)


def update(window, state: FilterState) -> None:
    """The base under the filter, in full (the file names give way to it)."""
    if window.session.survey is None:
        window.status_base.setText("")
        return
    unweighted, weighted = window.session.base(state)
    survey = window.session.survey
    if survey.weight is None:
        window.status_base.setText(
            f"Under the filter: n = {format_count(unweighted)} of "
            f"{format_count(survey.n)}, unweighted (no weight applied)"
        )
    else:
        everyone = format_count(int(survey.mask(None).sum()))
        window.status_base.setText(
            f"Under the filter: unweighted n = {format_count(unweighted)}, "
            f"weighted n = {format_count(weighted)} of {everyone} (weight: {survey.weight})"
        )
    # the base is never truncated: the file names give way first
    window.status_base.setMinimumWidth(window.status_base.sizeHint().width())
