"""The controller holds the one FilterState and coalesces bursts into one `changed`."""

from __future__ import annotations

from explorer.core.filter_state import FilterState
from explorer.ui.filter_controller import FilterController


def test_burst_of_changes_emits_once_with_final_state(qtbot) -> None:
    controller = FilterController()
    seen: list[tuple[FilterState, int]] = []
    controller.changed.connect(lambda state, gen: seen.append((state, gen)))
    with qtbot.waitSignal(controller.changed, timeout=1000):
        controller.toggle("age_band", "18-24", True)
        controller.toggle("age_band", "25-34", True)
        controller.toggle("gender", "woman", True)
    qtbot.wait(20)
    assert len(seen) == 1
    state, generation = seen[0]
    assert state.allowed("age_band") == {"18-24", "25-34"}
    assert state.allowed("gender") == {"woman"}
    assert controller.is_current(generation)


def test_change_back_to_the_shown_state_is_not_announced(qtbot) -> None:
    controller = FilterController()
    seen = []
    controller.changed.connect(lambda *args: seen.append(args))
    controller.toggle("a", "x", True)
    controller.flush()
    controller.toggle("a", "x", False)
    controller.toggle("a", "x", True)
    qtbot.wait(20)
    assert len(seen) == 1


def test_stale_generation_is_not_current(qtbot) -> None:
    controller = FilterController()
    with qtbot.waitSignal(controller.changed) as first:
        controller.search("camera")
    old = first.args[1]
    with qtbot.waitSignal(controller.changed):
        controller.search("drone")
    assert not controller.is_current(old)
    assert controller.state.search == "drone"
