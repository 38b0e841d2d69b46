"""File ▸ Export ▸ Briefing pack…: the packs the command line's `export` makes, from the window.
Which slides ("2,4-6"), a cover slide with its author, a method-and-sources slide, the public
audience switch (saved in the briefing), and what to write: the slides as PDF, PowerPoint and an
A4 handout with the notes. `export_pack` does the work (tests call it); the dialog asks for it.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from explorer.core.errors import ExplorerError
from explorer.ui.plain_text import plain_label


@dataclass(frozen=True)
class PackChoice:
    slides: str = ""  # "2,4-6"; empty: every slide not hidden
    cover: bool = False
    author: str = ""
    method: bool = False
    public: bool = False
    pdf: str = ""  # where to write each output ("" for none)
    pptx: str = ""
    handout: str = ""


def pack_contents(window, choice: PackChoice) -> tuple:
    """(the pack's briefing, its slides): chosen, public or not, with cover and method."""
    from explorer.core.briefing.pack import parse_selection, select_for_pack
    from explorer.core.slides.content import build_deck
    from explorer.core.slides.text_slides import pack_deck

    briefing = window.briefing_panel.briefing
    if not briefing.slides:
        raise ExplorerError("The briefing has no slides yet: add the current view with Ctrl+B.")
    try:
        chosen = parse_selection(choice.slides, len(briefing.slides)) if choice.slides else None
    except ExplorerError as error:  # worded for the command line's --slides
        raise ExplorerError(error.message.replace("--slides ", "Slides ", 1)) from error
    briefing = select_for_pack(briefing, chosen, public=choice.public)
    if not briefing.slides:
        raise ExplorerError("No slide is left for this pack (all are hidden or internal).")
    contents = build_deck(briefing, window.session)
    contents = pack_deck(
        briefing,
        window.session,
        contents,
        cover=choice.cover,
        author=choice.author,
        method=choice.method,
    )
    return briefing, contents


def export_pack(window, choice: PackChoice) -> list[str]:
    """Write the outputs `choice` names; returns their paths. The public switch is saved in the
    briefing first (an edit like any other), so the pack and the briefing agree."""
    from explorer.core.export.pptx import export_briefing_pptx
    from explorer.ui.export_actions import _provenance
    from explorer.ui.export_render import save_pdf
    from explorer.ui.handout import save_handout

    if not (choice.pdf or choice.pptx or choice.handout):
        raise ExplorerError("Choose at least one of slides as PDF, PowerPoint or handout.")
    window.flush()
    window.briefing_panel.set_public(choice.public)
    briefing, contents = pack_contents(window, choice)
    provenance = _provenance(window, title=briefing.title)
    from dataclasses import replace

    provenance = replace(provenance, marking=briefing.marking)  # the pack's highest marking
    written = []
    if choice.pdf:
        save_pdf(contents, choice.pdf, briefing.title, provenance=provenance)
        written.append(choice.pdf)
    if choice.pptx:
        export_briefing_pptx(contents, choice.pptx, provenance)
        written.append(choice.pptx)
    if choice.handout:
        save_handout(
            contents,
            choice.handout,
            title=briefing.title,
            marking=briefing.marking,
            date_text=datetime.date.today().strftime("%d %B %Y").lstrip("0"),
            provenance=provenance,
        )
        written.append(choice.handout)
    return written


class PackDialog(QDialog):
    """Asks for a `PackChoice`; `choice()` reads it back."""

    def __init__(self, window, parent=None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Export briefing pack")
        briefing = window.briefing_panel.briefing
        form = QFormLayout()
        self.slides = QLineEdit()
        self.slides.setPlaceholderText(f"all {len(briefing.slides)} not hidden, or e.g. 2,4-6")
        form.addRow(plain_label("Slides:"), self.slides)
        self.cover = QCheckBox("Cover slide (title, classification, date, author)")
        self.author = QLineEdit()
        self.author.setPlaceholderText("author named on the cover")
        self.author.setEnabled(False)
        self.cover.toggled.connect(self.author.setEnabled)
        form.addRow(self.cover)
        form.addRow(plain_label("Author:"), self.author)
        self.method = QCheckBox("Method-and-sources slide at the end")
        form.addRow(self.method)
        self.public = QCheckBox("Public audience: no quotes, no internal slides (saved)")
        self.public.setChecked(briefing.public)
        form.addRow(self.public)
        self.pdf = QCheckBox("Slides as PDF")
        self.pdf.setChecked(True)
        self.pptx = QCheckBox("PowerPoint")
        self.handout = QCheckBox("Handout (A4, with the notes)")
        row = QHBoxLayout()
        for box in (self.pdf, self.pptx, self.handout):
            row.addWidget(box)
        form.addRow(plain_label("Write:"), row)
        self.base = QLineEdit(os.path.join(os.path.expanduser("~"), "briefing-pack"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        place = QHBoxLayout()
        place.addWidget(self.base, 1)
        place.addWidget(browse)
        form.addRow(plain_label("Save as:"), place)
        self.names = plain_label("")
        form.addRow(self.names)
        for widget in (self.base, self.pdf, self.pptx, self.handout):
            signal = widget.textChanged if isinstance(widget, QLineEdit) else widget.toggled
            signal.connect(self._show_names)
        self._show_names()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save pack as", self.base.text(), "")
        if path:
            self.base.setText(os.path.splitext(path)[0])

    def _paths(self) -> tuple[str, str, str]:
        base = self.base.text().strip()
        return (
            f"{base}.pdf" if base and self.pdf.isChecked() else "",
            f"{base}.pptx" if base and self.pptx.isChecked() else "",
            f"{base}-handout.pdf" if base and self.handout.isChecked() else "",
        )

    def _show_names(self, *_args) -> None:
        names = [os.path.basename(p) for p in self._paths() if p]
        self.names.setText("Writes: " + ", ".join(names) if names else "Writes nothing yet.")

    def choice(self) -> PackChoice:
        pdf, pptx, handout = self._paths()
        return PackChoice(
            slides=self.slides.text().strip(),
            cover=self.cover.isChecked(),
            author=self.author.text().strip() if self.cover.isChecked() else "",
            method=self.method.isChecked(),
            public=self.public.isChecked(),
            pdf=pdf,
            pptx=pptx,
            handout=handout,
        )


def pack_dialog(window) -> None:
    """The menu slot: ask, then export; a refusal or failure is one sentence in a dialog."""
    dialog = PackDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    try:
        written = export_pack(window, dialog.choice())
    except ExplorerError as error:
        window.briefing_panel.warn("Could not export the pack", error.message)
        return
    names = ", ".join(os.path.basename(p) for p in written)
    window.statusBar().showMessage(f"Exported the pack: {names}.", 8000)
