"""The window on a tracker folder (one Parquet file per wave): it opens in the background like a
file, reads only the columns its views use, offers the wave as a filter, and a bad folder is a
dialog naming it while the loaded data stays."""

from __future__ import annotations

import numpy as np
import pandas as pd

from explorer.ui.main_window import classify


def _waves(folder, sizes=(120, 150)):
    folder.mkdir()
    rng = np.random.default_rng(8)
    for i, n in enumerate(sizes, start=1):
        frame = pd.DataFrame(
            {
                "age_band": rng.integers(1, 4, n),
                "q_safe": rng.choice(["Very safe", "Fairly safe", "Not safe"], n),
                "weight": rng.uniform(0.5, 2.0, n),
            }
        )
        for k in range(1, 31):  # more questions than the window shows at once
            frame[f"q_item_{k:02d}"] = rng.integers(1, 4, n)
        frame.to_parquet(folder / f"wave_{i}.parquet", index=False)
    return folder


def test_a_dropped_folder_is_a_survey(tmp_path) -> None:
    folder = _waves(tmp_path / "tracker")
    assert classify([str(folder)]) == (str(folder), None)


def test_the_window_opens_a_tracker_folder(qtbot, window, tmp_path) -> None:
    folder = _waves(tmp_path / "tracker")
    window.open_files(str(folder))
    qtbot.waitUntil(lambda: window.session.survey.name == "tracker", timeout=20000)
    survey = window.session.survey
    assert survey.n == 270
    wave = window.session.dimension("wave")
    assert wave is not None and [v.label for v in wave.values] == ["wave_1", "wave_2"]
    qtbot.wait(500)
    loaded = survey.columns.loaded()
    assert {"weight", "age_band", "wave"} <= set(loaded)  # the weight and the filters' counts
    assert len(loaded) < len(survey.columns) - 20  # not the questions nobody looks at


def test_a_bad_folder_is_a_dialog_naming_it(qtbot, window, tmp_path, monkeypatch) -> None:
    from explorer.ui import plain_text

    shown: list[str] = []
    monkeypatch.setattr(plain_text, "warning", lambda *args: shown.append(args[2]))
    folder = _waves(tmp_path / "mixed")
    (folder / "readme.txt").write_text("not a wave")
    before = window.session
    window.open_files(str(folder))
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert shown[0].startswith("mixed: readme.txt is not a Parquet file")
    assert window.session is before
