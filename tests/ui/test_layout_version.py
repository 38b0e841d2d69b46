"""A window layout saved by an older version (different docks) is not restored over new docks."""

from __future__ import annotations

from explorer.ui.settings import LAYOUT_VERSION


def test_old_layout_is_not_restored_but_a_current_one_is(window, settings) -> None:
    settings.qsettings.setValue("window/state", window.saveState(LAYOUT_VERSION - 1))
    assert not window.restoreState(settings.qsettings.value("window/state"), LAYOUT_VERSION)
    settings.save_window(window)
    assert window.restoreState(settings.qsettings.value("window/state"), LAYOUT_VERSION)
    assert settings.restore_window(window)
