"""The Data menu: Data ▸ Weight… (choose or drop the weight, remembered per file; asked at open
when a file has several weight-like variables), Define a net… and Band a number… (made on the fly,
see explorer.core.survey.derive) and Open data with a codebook… (CSV or Excel data with a codebook
file chosen anywhere: nothing is ever written beside the data).
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from explorer.core.errors import ExplorerError
from explorer.core.session import Session
from explorer.core.survey.weight_choice import with_weight


def ask_weight(window, survey, *, asking: bool) -> tuple[bool, str | None]:
    """Show the weight dialog: (accepted, chosen variable or None). Tests replace this."""
    from explorer.ui.weight_dialog import WeightDialog

    dialog = WeightDialog(survey, window, asking=asking)
    accepted = dialog.exec() == WeightDialog.DialogCode.Accepted
    return accepted, dialog.chosen()


def attach(window) -> None:
    """Add the Data menu to `window`'s menu bar, before View when there is one."""
    bar = window.menuBar()
    view = next((a for a in bar.actions() if a.text().replace("&", "") == "View"), None)
    menu = bar.addMenu("&Data")
    if view is not None:
        bar.insertMenu(view, menu)
    weight = QAction("&Weight…", window)
    weight.triggered.connect(lambda: choose_weight(window))
    menu.addAction(weight)
    net = QAction("Define a &net…", window)
    net.triggered.connect(lambda: define_net(window))
    menu.addAction(net)
    band = QAction("&Band a number…", window)
    band.triggered.connect(lambda: band_number(window))
    menu.addAction(band)
    menu.addSeparator()
    codebook = QAction("Open data with a &codebook…", window)
    codebook.triggered.connect(lambda: open_with_codebook(window))
    menu.addAction(codebook)
    window.data_menu = menu


def with_survey(session: Session, survey) -> Session:
    return Session(survey, session.project, session.topics, session.links, pending=session.pending)


def settle_weight(
    window,
    session: Session,
    *,
    weight: str | None = None,
    unweighted: bool = False,
    ask: bool = True,
) -> Session:
    """`session` with its weight settled: `unweighted`/`weight` (from the command line) first,
    then the choice remembered for the file, then — when the file has several weight-like
    variables and none was chosen — the user's answer (if `ask`)."""
    survey = session.survey
    if survey is None:
        return session
    path = survey.source.path
    if unweighted:
        return with_survey(session, with_weight(survey, None))
    if weight is not None:
        return session  # loaded with that weight already
    remembered = window.settings.weight_for(path)
    if remembered is not None:
        name = remembered or None
        if name is None or name in survey.variables:
            try:
                return with_survey(session, with_weight(survey, name))
            except ExplorerError:
                pass  # the file changed since: fall through and ask again
    if ask and survey.weight is None and len(survey.weight_candidates) > 1:
        accepted, name = ask_weight(window, survey, asking=True)
        if accepted:
            window.settings.set_weight_for(path, name)
            return with_survey(session, with_weight(survey, name))
    return session


def choose_weight(window) -> None:
    """Data ▸ Weight…: choose, remember and apply the weight of the open survey."""
    session = window.session
    if session.survey is None:
        QMessageBox.information(window, "Weight", "Open a survey first.")
        return
    accepted, name = ask_weight(window, session.survey, asking=False)
    if not accepted:
        return
    try:
        survey = with_weight(session.survey, name)
    except ExplorerError as error:
        QMessageBox.warning(window, "Could not use that weight", error.message)
        return
    window.settings.set_weight_for(session.survey.source.path, name)
    window.set_session(with_survey(session, survey))
    what = f"weighted by {name}" if name else "unweighted (no weight applied)"
    window.statusBar().showMessage(f"Figures are now {what}.", 10000)


def run_dialog(dialog) -> bool:
    """Show a dialog modally; tests replace this."""
    return dialog.exec() == dialog.DialogCode.Accepted


def define_net(window, question: str | None = None) -> None:
    """Data ▸ Define a net…: add a net to a question of the open survey."""
    from explorer.core.survey.derive import add_net
    from explorer.ui.derive_dialog import NetDialog

    session = window.session
    if session.survey is None:
        QMessageBox.information(window, "Define a net", "Open a survey first.")
        return
    dialog = NetDialog(session.survey, window, question or window.charts.question)
    window.net_dialog = dialog
    if not run_dialog(dialog):
        return
    name, label, codes = dialog.result_net()
    try:
        survey = add_net(session.survey, name, label, codes)
    except ExplorerError as error:
        QMessageBox.warning(window, "Could not make that net", error.message)
        return
    _apply(window, session, survey, f"Added the net {label!r} to {name}.")


def band_number(window) -> None:
    """Data ▸ Band a number…: add a banded copy of a numeric variable as a new question."""
    from explorer.core.survey.derive import add_bands, parse_edges
    from explorer.ui.derive_dialog import BandDialog

    session = window.session
    if session.survey is None:
        QMessageBox.information(window, "Band a number", "Open a survey first.")
        return
    dialog = BandDialog(session.survey, window)
    window.band_dialog = dialog
    if not run_dialog(dialog):
        return
    name, text = dialog.result_band()
    try:
        if name is None:
            raise ExplorerError("The survey has no numeric variable to band.")
        survey, new = add_bands(session.survey, name, parse_edges(text))
    except ExplorerError as error:
        QMessageBox.warning(window, "Could not band that variable", error.message)
        return
    _apply(window, session, survey, f"Added {new}: {survey.variable(new).label}.")
    window.charts.set_question(new)


def _apply(window, session: Session, survey, message: str) -> None:
    """Show the derived survey, keeping the filters the user had set."""
    controller = window.controller
    state, view = controller.state, controller.view
    window.set_session(with_survey(session, survey))
    controller.replace(state, view)  # the same data, so the same filters and view still hold
    controller.flush()
    window.statusBar().showMessage(message, 10000)


def open_with_codebook(window, data: str | None = None, codebook: str | None = None) -> None:
    """Data ▸ Open data with a codebook…: a CSV/Excel file and its codebook, both chosen."""
    if data is None:
        data, _ = QFileDialog.getOpenFileName(
            window, "Open CSV or Excel survey data", "", "Data (*.csv *.xlsx);;All files (*)"
        )
        if not data:
            return
    if codebook is None:
        codebook, _ = QFileDialog.getOpenFileName(
            window, "Choose its codebook (see docs/codebook.md)", "", "Codebook (*.csv);;All (*)"
        )
        if not codebook:
            return
    window.loader.start(data, None, None, window.session.links, codebook=codebook)
