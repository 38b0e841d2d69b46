"""File ▸ Export: the current chart (PNG at a size and DPI, SVG, clipboard image), the open
briefing (PDF, PowerPoint), the current table (CSV, XLSX) and the quotes on screen (CSV, XLSX,
text), each stamped with marking, sources, filter, bases and the illustrative notice.

Each export is a function taking a path (tests call these) and a menu slot asking for one.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFileDialog, QInputDialog

from explorer.core.briefing import model as bm
from explorer.core.errors import ExplorerError
from explorer.core.slides.content import SlideContent, build_content, build_deck


def _panel(window):
    return window.briefing_panel


def current_chart_content(window) -> SlideContent:
    """The window's current view drawn as a one-slide chart, carrying the briefing's marking."""
    window.flush()
    view, title = _panel(window).current_view()
    from explorer.ui.reading_marks import unread_in

    unread = unread_in(window.session, view)
    if unread is not None:
        raise ExplorerError(f"{unread} is still being read: export it when the file is read.")
    layout = "chart" if view.questions else "quotes"
    slide = bm.make_slide(title, view=replace(view, layout=layout))
    briefing = bm.Briefing(marking=_panel(window).briefing.marking, slides=(slide,))
    return build_content(briefing, 0, window.session)


def pack_briefing(window) -> bm.Briefing:
    """The briefing as exported: hidden slides left out, and for a public audience (Briefing
    menu) quotes and internal slides too; marked with the highest marking of what is left."""
    from explorer.core.briefing.pack import select_for_pack

    public = getattr(window, "public_audience", False) or _panel(window).briefing.public
    return select_for_pack(_panel(window).briefing, public=public)


def briefing_contents(window) -> list[SlideContent]:
    return build_deck(pack_briefing(window), window.session)


def _provenance(window, filter_description: str = "", title: str = ""):
    from explorer.core.export.provenance import provenance_for

    session = window.session
    return provenance_for(
        marking=_panel(window).briefing.marking,
        survey=session.survey,
        project=session.project,
        filter_description=filter_description,
        title=title,
        options=session.options,
    )


def export_chart_png(window, path, size=(1920, 1080), dpi=96) -> None:
    from explorer.ui.export_render import save_png

    save_png(current_chart_content(window), path, size, dpi, provenance=_provenance(window))


def export_chart_svg(window, path) -> None:
    from explorer.ui.export_render import save_svg

    save_svg(current_chart_content(window), path, provenance=_provenance(window))


def copy_chart_image(window):
    from explorer.ui.export_render import copy_to_clipboard

    return copy_to_clipboard(current_chart_content(window), provenance=_provenance(window))


def export_briefing_pdf(window, path) -> int:
    from explorer.ui.export_render import save_pdf

    return save_pdf(
        briefing_contents(window),
        path,
        _panel(window).briefing.title,
        provenance=_provenance(window),
        author=window.settings.author(),
    )


def export_briefing_pptx(window, path) -> None:
    from explorer.core.export.pptx import export_briefing_pptx as write_pptx

    briefing = pack_briefing(window)
    provenance = replace(_provenance(window, title=briefing.title), marking=briefing.marking)
    write_pptx(briefing_contents(window), path, provenance, author=window.settings.author())


def export_table(window, path) -> None:
    """The current view's table(s), from the same content the chart picture is drawn from."""
    from explorer.core.export.spreadsheet import tables_to_csv, tables_to_xlsx

    content = current_chart_content(window)
    tables = content.full_tables or content.tables  # every row, also those a slide had no room for
    if not tables:
        raise ExplorerError(content.problem or "There is no table on screen to export.")
    writer = tables_to_xlsx if str(path).lower().endswith(".xlsx") else tables_to_csv
    description = tables[0].filter_description
    writer(list(tables[:1]), path, _provenance(window, description))


def export_quotes(window, path) -> None:
    from explorer.core.export.quotes_text import rows_from_quotes, write_quotes_text
    from explorer.core.export.spreadsheet import quotes_to_csv, quotes_to_xlsx

    state = window.controller.state
    rows = rows_from_quotes(window.session.quotes(state))
    lower = str(path).lower()
    writer = (
        quotes_to_xlsx
        if lower.endswith(".xlsx")
        else quotes_to_csv
        if lower.endswith(".csv")
        else write_quotes_text
    )
    writer(rows, path, _provenance(window, window.session.describe(state, "qual")))


# --- menu slots ------------------------------------------------------------------------------
def _ask_path(window, title: str, default: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(window, title, default, filters)
    return path


def _run(window, what: str, action, *args) -> bool:
    """Run an export; its one-sentence refusal or failure is shown in a dialog."""
    try:
        action(window, *args)
    except ExplorerError as error:
        _panel(window).warn(f"Could not export the {what}", error.message)
        return False
    window.statusBar().showMessage(f"Exported the {what}.", 5000)
    return True


def chart_png_dialog(window) -> None:
    text, ok = QInputDialog.getText(
        window, "Picture size", "Width x height in pixels:", text="1920x1080"
    )
    if not ok:
        return
    from explorer.ui.screenshot import parse_size

    try:
        size = parse_size(text)
    except ValueError as error:
        _panel(window).warn("Not a picture size", str(error))
        return
    dpi, ok = QInputDialog.getInt(window, "Resolution", "Dots per inch:", 96, 72, 1200)
    if ok and (path := _ask_path(window, "Export chart as PNG", "chart.png", "PNG (*.png)")):
        _run(window, "chart", export_chart_png, path, size, dpi)


def chart_svg_dialog(window) -> None:
    if path := _ask_path(window, "Export chart as SVG", "chart.svg", "SVG (*.svg)"):
        _run(window, "chart", export_chart_svg, path)


def briefing_pdf_dialog(window) -> None:
    if path := _ask_path(window, "Export briefing as PDF", "briefing.pdf", "PDF (*.pdf)"):
        _run(window, "briefing", export_briefing_pdf, path)


def briefing_pptx_dialog(window) -> None:
    if path := _ask_path(
        window, "Export briefing as PowerPoint", "briefing.pptx", "PowerPoint (*.pptx)"
    ):
        _run(window, "briefing", export_briefing_pptx, path)


def table_dialog(window) -> None:
    if path := _ask_path(window, "Export table", "table.xlsx", "Excel (*.xlsx);;CSV (*.csv)"):
        _run(window, "table", export_table, path)


def quotes_dialog(window) -> None:
    filters = "Excel (*.xlsx);;CSV (*.csv);;Text (*.txt)"
    if path := _ask_path(window, "Export quotes", "quotes.xlsx", filters):
        _run(window, "quotes", export_quotes, path)


def copy_chart_slot(window) -> None:
    _run(window, "chart picture to the clipboard", copy_chart_image)
