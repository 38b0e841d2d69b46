"""View ▸ Waves…: the current question charted over the waves of a tracker (one file with a wave
variable, or the open file with the files of its other waves, matched by name and labels and the
differences listed), with intervals, ▲/▼ where a wave differs significantly from the previous one, and the
change that would be significant at the current effective base. The window's filter, breakdown and
significance settings apply; the numbers come from `explorer.core.survey.waves`."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
)

from explorer.core.errors import ExplorerError
from explorer.core.survey.model import Kind
from explorer.core.survey.waves import (
    Tracker,
    file_waves,
    match,
    track,
    waves_from_variable,
    weighted_like,
)
from explorer.ui import theme
from explorer.ui.charts.plotting import pg
from explorer.ui.plain_text import escaped, plain_label

FILES = "\0files"  # the "Waves from" choice: the open file and the other waves' files


def wave_candidates(survey) -> list[str]:
    """Single-choice variables that could give waves; one named or labelled "wave" first."""
    names = [
        v.name
        for v in survey.variables.values()
        if v.kind in (Kind.NOMINAL, Kind.SCALE) and len(v.substantive_codes) >= 2
    ]
    return sorted(names, key=lambda n: "wave" not in f"{n} {survey.variables[n].label}".lower())


class WavesDialog(QDialog):
    def __init__(
        self, session, state, question: str, by: str | None, parent=None, *, options=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Waves")
        self.resize(900, 620)
        self._session, self._state, self._question, self._by = session, state, question, by
        # the window's table options (significance, design, empty categories, MR base)
        self._options = options if options is not None else session.options
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.wave_var = QComboBox()
        self.wave_var.setAccessibleName("Wave variable")
        for name in wave_candidates(session.survey):
            self.wave_var.addItem(f"{name} — {session.survey.variables[name].label}", name)
        self.files_button = QPushButton("Other waves' &files…")
        self.files_button.setToolTip(
            "Add the files of the other waves of this questionnaire (one file per wave); the waves "
            "are taken in file-name order"
        )
        self.files_button.clicked.connect(self.choose_files)
        source = QHBoxLayout()
        source.addWidget(self.wave_var, 1)
        source.addWidget(self.files_button)
        form.addRow("Waves from:", source)
        self._files: tuple[list, list[str]] | None = None  # (waves, differences between files)
        self.answer = QComboBox()
        self.answer.setAccessibleName("Answer to follow")
        table = session.table(question, state, options=self._options)
        for row in table.rows:
            if row.kind != "score":
                key = row.code if isinstance(row.code, str) else f"{row.code:g}"
                self.answer.addItem(row.label, key)
        form.addRow(plain_label(f"{session.question_label(question)}:"), self.answer)
        self.baseline = QComboBox()
        self.baseline.setAccessibleName("Baseline wave")
        form.addRow("Baseline:", self.baseline)
        layout.addLayout(form)
        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName("Question over waves")
        layout.addWidget(self.plot, 1)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.wave_var.currentIndexChanged.connect(self._fill_baselines)
        self.answer.currentIndexChanged.connect(self.update_chart)
        self.baseline.currentIndexChanged.connect(self.update_chart)
        self.tracker: Tracker | None = None
        self._fill_baselines()

    def ask_files(self) -> list[str]:
        """The other waves' files the user picks (tests replace this)."""
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Files of the other waves", "", "Survey data (*.sav *.zsav *.csv *.xlsx *.sss)"
        )
        return paths

    def choose_files(self) -> None:
        """Load the other waves' files; the open file is one of the waves."""
        from explorer.core.session import Session
        from explorer.core.survey.load import load_survey

        paths = self.ask_files()
        if not paths:
            return
        session = self._session
        current = session.survey
        try:
            others = [
                weighted_like(load_survey(p), current) for p in paths if p != current.source.path
            ]
            surveys = [current, *others]
            names = [self._question, *([self._by] if self._by else [])]
            differences = match(surveys, names)
            # the window's filter, applied to each file through its own dimensions
            masks = [session.mask(self._state)] + [
                Session(s, None, None, session.links).mask(self._state) for s in others
            ]
            waves = file_waves(surveys, masks)
        except ExplorerError as error:
            self.summary.setText(error.message)
            return
        self._files = (waves, differences)
        self.wave_var.blockSignals(True)
        index = self.wave_var.findData(FILES)
        if index < 0:
            self.wave_var.addItem("", FILES)
            index = self.wave_var.count() - 1
        self.wave_var.setItemText(index, f"{len(waves)} files, one per wave")
        self.wave_var.setCurrentIndex(index)
        self.wave_var.blockSignals(False)
        self._fill_baselines()

    def _fill_baselines(self) -> None:
        self.baseline.blockSignals(True)
        self.baseline.clear()
        name = self.wave_var.currentData()
        if name == FILES and self._files is not None:
            for wave in self._files[0]:
                self.baseline.addItem(wave.label)
        elif name:
            var = self._session.survey.variables[name]
            for code in var.substantive_codes:
                self.baseline.addItem(var.label_for(code))
        self.baseline.blockSignals(False)
        self.update_chart()

    def update_chart(self) -> None:
        session, name = self._session, self.wave_var.currentData()
        self.plot.clear()
        if not name:
            self.summary.setText("This survey has no variable that could give waves.")
            return
        try:
            mask, differences = session.mask(self._state), ()
            if name == FILES and self._files is not None:
                waves, mask, differences = self._files[0], None, tuple(self._files[1])
            else:
                waves = waves_from_variable(session.survey, name)
            self.tracker = track(
                waves,
                self._question,
                answer=self.answer.currentData(),
                by=self._by,
                options=self._options,
                baseline=min(max(self.baseline.currentIndex(), 0), len(waves) - 1),
                mask=mask,
                mismatches=differences,
            )
        except ExplorerError as error:
            self.tracker = None
            self.summary.setText(error.message)
            return
        self._draw(self.tracker)

    def _draw(self, tracker: Tracker) -> None:
        t = theme.current()
        self.plot.setBackground(t.base)
        self.plot.addLegend(offset=(10, 10))
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setTextPen(pg.mkPen(t.text))
        self.plot.getAxis("bottom").setTicks([list(enumerate(tracker.waves))])
        self.plot.setXRange(-0.5, len(tracker.waves) - 0.5, padding=0)  # edge labels fit
        self.plot.setLabel("left", escaped(f"% {tracker.answer}"))  # pyqtgraph labels are HTML
        for j, line in enumerate(tracker.lines):
            colour = t.series(j)
            shown = [(i, p) for i, p in enumerate(line.points) if p.percent is not None]
            if not shown:
                continue
            xs = [i + 0.06 * (j - (len(tracker.lines) - 1) / 2) for i, _ in shown]
            ys = [p.percent for _, p in shown]
            self.plot.plot(xs, ys, pen=pg.mkPen(colour, width=3), symbol="o",
                           symbolBrush=colour, name=escaped(line.column))  # fmt: skip
            lows = [p.percent - (p.ci_low or p.percent) for _, p in shown]
            highs = [(p.ci_high or p.percent) - p.percent for _, p in shown]
            self.plot.addItem(pg.ErrorBarItem(x=np.array(xs), y=np.array(ys),
                                              top=np.array(highs), bottom=np.array(lows),
                                              beam=0.05, pen=pg.mkPen(colour)))  # fmt: skip
            for x, (_, point) in zip(xs, shown):
                if point.vs_previous:
                    label = pg.TextItem(point.vs_previous, color=colour, anchor=(0.5, 1.4))
                    label.setPos(x, point.percent)
                    self.plot.addItem(label)
        lines = [
            f"{tracker.label} — {tracker.answer}. Base: {self._session.describe(self._state)}; "
            + (f"weighted by {tracker.weight}." if tracker.weighted else "unweighted."),
            "▲/▼: significantly higher/lower than the previous wave. "
            + tracker.detectable_sentence(),
            *tracker.notes,
        ]
        total = tracker.lines[0]
        baseline = [f"{p.wave}: {p.vs_baseline}" for p in total.points if p.vs_baseline]
        if baseline:
            lines.append(f"Against the baseline ({tracker.waves[tracker.baseline]}): "
                         + "; ".join(baseline))  # fmt: skip
        bases = ", ".join(f"{p.wave} n={p.unweighted_base:,}" for p in total.points)
        lines.append(f"Unweighted bases: {bases}.")
        if tracker.mismatches:
            lines.append("Differences between the waves' files: " + "; ".join(tracker.mismatches))
        self.summary.setText("\n".join(lines))


def show(window) -> None:
    """Open the waves view for the window's current question, filter and breakdown."""
    session = window.session
    question = window.charts.question
    if session.survey is None or question is None:
        window.show_error("Open a survey and choose a question to chart it over waves.")
        return
    if session.is_unread(question) or session.is_unread(window.controller.view.breakdown):
        window.show_error("That question is still being read: chart it over waves once it is.")
        return
    from explorer.core.view_state import table_options

    by = window.charts.breakdown.currentData()
    options = table_options(window.controller.view, session.options)
    window.waves_dialog = WavesDialog(
        session, window.controller.state, question, by, window, options=options
    )
    window.waves_dialog.show()


__all__ = ["WavesDialog", "show", "wave_candidates"]
