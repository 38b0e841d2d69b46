"""Edit ▸ Quote attribution…: the line under every quote, as a template of the project's own
attributes (`{speaker}, {Role}, {Years in post}`), kept in the settings; empty goes back to the
project's default (the attributes it has)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from explorer.core.qual.attribution import default_template, set_user_template, user_template

KEY = "quotes/attribution_template"


def apply_saved(settings) -> None:
    set_user_template(str(settings.qsettings.value(KEY, "") or ""))


def edit_attribution(window: QWidget, settings, project) -> bool:
    """Ask for a template; True when it changed (the quotes need their attribution again)."""
    fields = ["speaker", "group", "source", "codes", "reference"]
    fields += list(getattr(project, "attribute_names", []) or [])
    current = user_template() or (default_template(project) if project else "{speaker}")
    text, ok = QInputDialog.getText(
        window,
        "Quote attribution",
        "The line under each quote. Fields: "
        + ", ".join("{" + f + "}" for f in fields)
        + "\nLeave empty for the project's default.",
        text=current,
    )
    if not ok or text == current:
        return False
    settings.qsettings.setValue(KEY, text.strip())
    set_user_template(text.strip())
    return True
