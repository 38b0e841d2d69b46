"""Application start-up: parse options, build the QApplication and the main window on the bundled
sample or the user's files; `--screenshot` renders the window to a PNG and exits.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from explorer.core.errors import ExplorerError
from explorer.ui import timing

EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    from explorer import __version__

    parser = argparse.ArgumentParser(
        prog="briefing-explorer",
        description="Briefing Explorer: a weighted survey and coded focus groups, side by side. "
        "With no files, opens the bundled (illustrative) London sample.",
    )
    parser.add_argument("--version", action="version", version=f"Briefing Explorer {__version__}")
    parser.add_argument(
        "--sample", action="store_true", help="open the bundled (illustrative) London sample"
    )
    parser.add_argument(
        "--survey",
        metavar="FILE",
        help="survey data (.sav, .csv, .xlsx, …), or a tracker folder of Parquet waves",
    )
    parser.add_argument("--qual", metavar="FILE", help="coded focus groups (.qdpx, .qde)")
    parser.add_argument("--topics", metavar="FILE", help="topic map (topics.json)")
    weighting = parser.add_mutually_exclusive_group()
    weighting.add_argument("--weight", metavar="VAR", help="weight the survey by this variable")
    weighting.add_argument("--unweighted", action="store_true", help="apply no weight")
    parser.add_argument(
        "--codebook", metavar="FILE", help="codebook for CSV/Excel survey data (docs/codebook.md)"
    )
    parser.add_argument("--screenshot", metavar="FILE.png", help="render the window and exit")
    parser.add_argument("--size", default="1600x1000", help="window size for --screenshot")
    parser.add_argument("--theme", choices=["light", "dark", "high-contrast"])
    parser.add_argument("--settings", metavar="FILE.ini", help="settings file (default: per user)")
    parser.add_argument("--briefing", metavar="FILE", help="open a .briefing.json")
    parser.add_argument(
        "--present", action="store_true", help="present the briefing (default: the sample's)"
    )
    parser.add_argument("--slide", type=int, default=1, metavar="N", help="start at slide N")
    parser.add_argument(
        "--rehearse",
        action="store_true",
        help="with --present: presenter view and audience view in windows (one screen); with "
        "--screenshot, renders the presenter view",
    )
    parser.add_argument("--question", metavar="Q", help="chart question Q (its variable name)")
    parser.add_argument("--by", metavar="VAR", help="break the chart down by VAR")
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="VAR=CODES",
        help="filter to VAR's codes, e.g. age_band=1,2 (repeatable)",
    )
    parser.add_argument(
        "--tab",
        choices=["chart", "table", "matrix", "cooccurrence", "evidence"],
        help="show this tab of the main area (evidence: the evidence matrix)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    timing.mark("interpreter")  # process start to here: Python, site, this module
    args = build_parser().parse_args(argv)
    from explorer.core.sample_files import SAMPLE_QUAL, SAMPLE_SURVEY
    from explorer.core.warm_up import warm_up_reading

    survey, qual = args.survey, args.qual
    if args.sample or (not survey and not qual):
        survey, qual = SAMPLE_SURVEY, SAMPLE_QUAL
    # the .sav reader's process starts on another core while numpy, Qt and the window load
    warm_up_reading(survey)
    timing.mark("reader_started")
    from explorer.core.pending_writes import clean_interrupted_writes
    from explorer.ui import screenshot

    size = None
    if args.screenshot:
        try:
            size = screenshot.parse_size(args.size)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_ERROR
    clean_interrupted_writes()  # temp files of writes a previous run never finished
    from explorer.ui.settings import Settings

    settings = Settings(args.settings)
    loading, first = _start_loading(survey, qual, args, settings)
    from PySide6.QtWidgets import QApplication

    from explorer.ui import plain_text, theme
    from explorer.ui.main_window import MainWindow

    timing.mark("imports")
    if args.screenshot:
        from explorer.ui.offscreen import use_offscreen_without_display

        use_offscreen_without_display()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Briefing Explorer")
    _identify(app)
    theme.load_fonts()
    theme.apply(app, args.theme or settings.theme())
    timing.mark("qapplication")
    window = MainWindow(settings)
    if size is None and not args.present:  # the window as soon as it can be painted, its charts
        window.charts.hold_charts()  # right after (released below, once it is shown)
    timing.mark("window_built")
    scripted = bool(args.question or args.by or args.filter)
    streaming = False
    try:
        if first is not None:  # a large .sav alone: shown from its first columns, rest after
            session, streaming = first.first_or_whole(loading)
        else:
            session = loading.result()
        from explorer.ui.data_menu import settle_weight

        session = settle_weight(
            window, session, weight=args.weight, unweighted=args.unweighted, ask=size is None
        )
        if size is not None:
            _refuse_ambiguous_weight(session)
        timing.mark("data_loaded")
        before = window.session
        window.set_session(session, restore=not scripted and size is None)
        timing.mark("session_shown")
        if streaming:
            from explorer.ui import window_stream

            window_stream.await_rest(window, loading, before)
        if scripted:
            window.open_view(args.question, args.by, args.filter)
        if args.tab:
            window.controller.tab(args.tab)
    except ExplorerError as error:
        if args.screenshot:
            print(f"error: {error.message}", file=sys.stderr)
            _dispose(window)
            return EXIT_ERROR
        plain_text.warning(window, "Could not open the file", error.message)
    if args.briefing or args.present:
        from explorer.ui import briefing_menu

        if size is not None:  # rendering without a user: no dialogs, warnings on stderr
            window.briefing_panel.ask = lambda _title, _text: False
            window.briefing_panel.warn = lambda _title, text: print(
                f"warning: {text}", file=sys.stderr
            )
        if args.briefing:
            window.briefing_panel.open(args.briefing)
        if args.present:
            code = briefing_menu.run_present(window, args, size, app)
            if size is not None:
                _dispose(window)
            return code
    if size is not None:
        ok = screenshot.render(window, args.screenshot, size)
        _dispose(window)
        if not ok:
            print(f"error: could not write {args.screenshot}", file=sys.stderr)
            return EXIT_ERROR
        return 0
    # Installed before the timing's watcher, so the first paint is reported before the charts
    # are drawn (Qt asks the filter installed last first).
    after_first_paint(window, window.charts.release_charts)
    timing.watch_window(window)
    window.show()
    timing.mark("shown")
    from PySide6.QtCore import QTimer

    from explorer.ui.unsaved_guard import offer_untitled_autosave

    # once the window is up: an untitled briefing kept from a session that ended unsaved
    QTimer.singleShot(0, lambda: offer_untitled_autosave(window.briefing_panel))
    code = app.exec()
    return code


def after_first_paint(window, callback, *, at_latest_ms: int = 3000) -> None:
    """Call `callback` once the window's first paint pass is over (a zero timer queued as the
    pass begins runs after it), or `at_latest_ms` from now if the window is never painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    done = []

    def once() -> None:
        if not done:
            done.append(True)
            callback()

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, once)
            return False

    window.installEventFilter(FirstPaint(window))
    QTimer.singleShot(at_latest_ms, once)


def _start_loading(survey, qual, args, settings):
    """Load the files on a thread of its own while Qt and the window are built here: most of the
    load is waiting for the .sav reader's process, and the focus groups are parsed meanwhile.
    `result()` gives the Session or raises the load's ExplorerError; with a large .sav alone,
    the `start_stream.Handover` gets its first hand-over before (else it is None)."""
    from explorer.core.session import load_session  # here, so the thread imports little
    from explorer.core.side_thread import SideThread
    from explorer.ui import start_stream

    links = tuple(settings.links())  # read here: QSettings is not for two threads at once
    first = start_stream.Handover() if start_stream.streams_at_start(survey, qual, args) else None
    wanted = start_stream.wanted_at_start(settings, links) if first is not None else ()
    thread = SideThread(
        lambda: load_session(
            survey,
            qual,
            args.topics,
            links=links,
            weight=args.weight,
            codebook=args.codebook,
            preview=first.hand if first is not None else None,
            wanted=wanted,
        ),
        "explorer-start-up-load",
    )
    return thread, first


def _identify(app) -> None:
    """Version, desktop entry and icon, so the window manager and task bar name the app."""
    from PySide6.QtGui import QIcon

    from explorer import __version__
    from explorer.core.sample_files import ICON_DIR

    app.setApplicationVersion(__version__)
    app.setDesktopFileName("briefing-explorer")
    icon = QIcon(str(ICON_DIR / "briefing-explorer.svg"))
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(ICON_DIR / f"briefing-explorer-{size}.png"))
    app.setWindowIcon(icon)


def _refuse_ambiguous_weight(session) -> None:
    """Rendering without a user: several weight-like variables and no choice is an error."""
    survey = session.survey
    if survey is not None and survey.weight is None and len(survey.weight_candidates) > 1:
        raise ExplorerError.for_file(
            survey.source.path,
            f"several variables look like weights ({', '.join(survey.weight_candidates)}); "
            "choose one with --weight VAR, or --unweighted",
        )


def _dispose(window) -> None:
    """Delete the window now, while Qt is up (not at interpreter exit, where order is random)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    # headless: no question to ask, and an autosave copy is never deleted unasked
    window.briefing_panel.choose_unsaved = lambda _name: "cancel"
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
