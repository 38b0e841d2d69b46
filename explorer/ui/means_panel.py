"""The means beside a 0–10 question's distribution (or beside a banded number's bands, the means of
the number itself): weighted mean with its interval, median and SD per column, with the t-test
letters and the bases; hidden for questions that have no mean."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from explorer.core.survey.means import Means
from explorer.core.survey.means_format import footer
from explorer.ui.plain_text import escaped


class MeansPanel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("means")
        self.setAccessibleName("Means of the question")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMinimumWidth(220)
        self.setMaximumWidth(340)
        self.means: Means | None = None
        self.hide()

    def set_means(self, means: Means | None, charted: str | None = None) -> None:
        """Show `means`; `charted` is the question charted beside it (when it is a banded number,
        the heading names the number the means are of)."""
        self.means = means
        if means is None:
            self.hide()
            return
        level = f"{means.confidence * 100:.0f}%"
        rows = []
        for column in means.columns:
            name = escaped(column.label) + (f" ({column.letter})" if column.letter else "")
            if column.mean is None:
                figures = "[c] too few respondents"
            else:
                letters = f" <b>{escaped(column.significance)}</b>" if column.significance else ""
                interval = (
                    f"{column.ci_low:.1f}–{column.ci_high:.1f}"
                    if column.ci_low is not None
                    else "–"
                )
                figures = (
                    f"mean <b>{column.mean:.1f}</b>{letters} ({level}: {interval})<br>"
                    f"median {column.median:g} · SD {column.sd:.1f}"
                )
            flags = f" · {', '.join(column.flags)}" if column.flags else ""
            rows.append(
                f"<p style='margin:0 0 6px 0'><b>{name}</b><br>{figures}<br>"
                f"<small>n = {column.unweighted_base:,}, effective n = "
                f"{column.effective_base:,.0f}{flags}</small></p>"
            )
        notes = "<br>".join(escaped(line) for line in footer(means)[1:])
        heading = "Means"
        if charted is not None and charted != means.question:
            heading = f"Means of {escaped(means.label or means.question)} (before banding)"
        self.setText(f"<b>{heading}</b>{''.join(rows)}<small>{notes}</small>")
        self.show()
