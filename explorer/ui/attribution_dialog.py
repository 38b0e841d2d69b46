"""Edit ▸ Quote attribution…: the line under every quote, as a template of the project's own
attributes (`{speaker}, {Role}, {Years in post}`), kept in the settings; empty goes back to the
project's default (the attributes it has)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLabel, QWidget

from explorer.core.qual.attribution import default_template, set_user_template, user_template
from explorer.core.shown_text import visible
from explorer.ui.plain_text import make_plain

KEY = "quotes/attribution_template"


def apply_saved(settings) -> None:
    set_user_template(str(settings.qsettings.value(KEY, "") or ""))


def edit_attribution(window: QWidget, settings, project) -> bool:
    """Ask for a template; True when it changed (the quotes need their attribution again)."""
    fields = ["speaker", "group", "source", "codes", "reference"]
    fields += list(getattr(project, "attribute_names", []) or [])
    current = user_template() or (default_template(project) if project else "{speaker}")
    dialog = QInputDialog(window)
    dialog.setWindowTitle("Quote attribution")
    dialog.setLabelText(  # attribute names come from the file: shown as plain text
        visible(
            "The line under each quote. Fields: "
            + ", ".join("{" + f + "}" for f in fields)
            + "\nLeave empty for the project's default.",
            keep_newlines=True,
        )
    )
    make_plain(*dialog.findChildren(QLabel))
    dialog.setTextValue(current)
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    text = dialog.textValue()
    if not ok or text == current:
        return False
    settings.qsettings.setValue(KEY, text.strip())
    set_user_template(text.strip())
    return True
