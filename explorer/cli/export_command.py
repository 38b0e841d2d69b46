"""`python -m explorer export BRIEFING --pdf OUT.pdf --pptx OUT.pptx --png-dir DIR`: rebuild a
briefing pack from the data without a window (Qt draws offscreen when there is no display).

The data is the briefing's own (its recorded paths) unless --survey/--qual name other files, as
when a new wave arrives. Data that differs from what the briefing recorded is a warning on stderr
and a notice on every slide of every output; with --strict it is a refusal (exit status 2).
Every output renders the same `SlideContent`s, built once here.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from explorer.cli.survey_commands import add_threshold_argument
from explorer.core.errors import ExplorerError


def register(commands) -> None:
    export = commands.add_parser(
        "export", help="render a briefing to PDF, PowerPoint and PNG slides (no window)"
    )
    export.add_argument("briefing", help=".briefing.json file")
    export.add_argument("--pdf", metavar="OUT.pdf", help="one vector page per slide")
    export.add_argument("--pptx", metavar="OUT.pptx", help="PowerPoint with native charts")
    export.add_argument("--png-dir", metavar="DIR", help="slide-01.png, slide-02.png, …")
    export.add_argument(
        "--xlsx", metavar="OUT.xlsx", help="a sheet per slide's table or evidence matrix"
    )
    export.add_argument(
        "--size", help="PNG size (default 1920x1080, or 1440x1080 with --aspect 4:3)"
    )
    export.add_argument(
        "--aspect",
        choices=("16:9", "4:3"),
        default="16:9",
        help="slide shape: 4:3 lays the slides out for a 4:3 projector (PDF and PNG)",
    )
    export.add_argument("--dpi", type=int, default=96, help="PNG resolution tag (default 96)")
    export.add_argument("--survey", metavar="FILE", help="survey data instead of the briefing's")
    export.add_argument("--qual", metavar="FILE", help="focus groups instead of the briefing's")
    export.add_argument("--marking", help="protective marking instead of the briefing's")
    export.add_argument(
        "--handout", metavar="OUT.pdf", help="A4 handout: each slide with its notes, numbered"
    )
    export.add_argument("--slides", metavar="LIST", help="only these slides, e.g. 2,4-6")
    export.add_argument("--cover", action="store_true", help="start with a cover slide")
    export.add_argument(
        "--author",
        default="",
        help="the author named on the cover slide and in the PDF and PowerPoint properties "
        "(default there: the login name)",
    )
    export.add_argument("--method", action="store_true", help="end with a method-and-sources slide")
    export.add_argument(
        "--public",
        action="store_true",
        help="for a public audience: no quotes, no slides marked internal or OFFICIAL-SENSITIVE",
    )
    export.add_argument(
        "--strict",
        action="store_true",
        help="refuse (exit 2) when the data differs from what the briefing recorded",
    )
    add_threshold_argument(export)
    export.set_defaults(run=run_export)


def _data_paths(args, briefing, path: Path) -> tuple[str | None, str | None]:
    from explorer.core.briefing.store import resolve_ref_path

    survey = args.survey or (
        str(resolve_ref_path(briefing.survey, path)) if briefing.survey else None
    )
    qual = args.qual or (str(resolve_ref_path(briefing.qual, path)) if briefing.qual else None)
    from explorer.core.safe_files import looks_like_url

    for what, given in (("survey", survey), ("focus-group project", qual)):
        if not given:
            continue
        if looks_like_url(given):  # never even asked about: that would go online
            raise ExplorerError.for_file(
                given,
                f"the {what} is on another computer (a network path or web address); "
                "only files on this computer are opened",
            )
        folder = what == "survey" and os.path.isdir(given)  # a tracker folder of Parquet waves
        if not (os.path.isfile(given) or folder):
            raise ExplorerError.for_file(given, f"the {what} to export from cannot be found")
    if not survey and not qual:
        raise ExplorerError.for_file(path, "the briefing names no data; give --survey or --qual")
    return survey, qual


def run_export(args) -> int:
    from explorer.core.briefing.datacheck import check_data
    from explorer.core.briefing.store import load_briefing

    if not (args.pdf or args.pptx or args.png_dir or args.handout or args.xlsx):
        raise ExplorerError("Say what to make: --pdf, --pptx, --xlsx, --png-dir and/or --handout.")
    path = Path(args.briefing)
    briefing = load_briefing(path)
    if args.marking is not None:
        from explorer.core.briefing.model import set_marking

        briefing = set_marking(briefing, args.marking)
    if not briefing.slides:
        raise ExplorerError.for_file(path, "the briefing has no slides")
    from explorer.core.briefing.pack import parse_selection, select_for_pack

    chosen = parse_selection(args.slides, len(briefing.slides)) if args.slides else None
    briefing = select_for_pack(briefing, chosen, public=args.public)  # marked with the highest
    survey_path, qual_path = _data_paths(args, briefing, path)
    problems = check_data(briefing, survey_path, qual_path)
    if problems and getattr(args, "strict", False):
        raise ExplorerError(f"Not exported (--strict): {problems[0]}")
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    from explorer.core.briefing.columns import load_for_export

    # only the variables the slides use are read (a tracker's other columns never are), with
    # the recorded design's and every one that could be a focus-group dimension
    recorded = briefing.statistics
    design = [n for n in (recorded.strata, recorded.cluster) if n] if recorded is not None else []
    session = load_for_export(briefing, survey_path, qual_path, design)
    session.options = replace(session.options, suppress_below=args.suppress_below)
    if recorded is not None and session.survey is not None:
        from explorer.core.briefing.statistics import applied

        # letters tested as in the window the briefing was saved from
        session.options = applied(session.options, recorded, session.survey)
    if session.project is not None:
        from explorer.core.briefing.datacheck import check_quotes

        for problem in check_quotes(briefing, session.project):
            print(f"warning: {problem}", file=sys.stderr)
    from explorer.core.slides.content import build_deck

    contents = pack_contents(args, briefing, session, build_deck(briefing, session))
    from explorer.core.export.provenance import provenance_for

    # Every file made here is logged like the window's exports, before it is published.
    provenance = provenance_for(
        marking=briefing.marking,
        survey=session.survey,
        project=session.project,
        title=briefing.title,
    )
    if args.pptx:
        from explorer.core.export.pptx import export_briefing_pptx

        export_briefing_pptx(contents, args.pptx, provenance, author=args.author or _login())
        print(f"wrote {args.pptx}")
    if args.xlsx:
        from explorer.core.export.matrix_sheet import deck_to_xlsx

        sheets = deck_to_xlsx(contents, args.xlsx, provenance)
        print(f"wrote {args.xlsx} ({sheets} sheets)")
    if args.pdf or args.png_dir or args.handout:
        _render(args, briefing, contents, provenance)
    return 0


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _render(args, briefing, contents, provenance) -> None:
    from explorer.ui.offscreen import use_offscreen_without_display

    use_offscreen_without_display()
    from PySide6.QtWidgets import QApplication

    # A QApplication, not a bare QGuiApplication: Qt allows one application object per process,
    # and a caller in the same process (the window, a test) may need widgets afterwards.
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from explorer.ui import export_render
    from explorer.ui.screenshot import parse_size

    try:
        size = parse_size(args.size or ("1440x1080" if args.aspect == "4:3" else "1920x1080"))
    except ValueError as error:
        raise ExplorerError(f"--size: {error}.") from error
    if args.pdf:
        pages = export_render.save_pdf(
            contents,
            args.pdf,
            briefing.title,
            args.aspect,
            provenance=provenance,
            author=args.author or _login(),
        )
        print(f"wrote {args.pdf} ({pages} pages)")
    if args.png_dir:
        paths = export_render.save_pngs(
            contents, args.png_dir, size, args.dpi, provenance=provenance
        )
        print(f"wrote {len(paths)} slides to {args.png_dir}")
    if args.handout:
        import datetime

        from explorer.ui.handout import save_handout

        pages = save_handout(
            contents,
            args.handout,
            title=briefing.title,
            marking=briefing.marking,
            date_text=datetime.date.today().strftime("%d %B %Y").lstrip("0"),
            provenance=provenance,
        )
        print(f"wrote {args.handout} ({pages} pages)")
    del app


def pack_contents(args, briefing, session, contents: list) -> list:
    """The pack's slides in order: the optional cover, the chosen slides, the optional method
    and sources slide, numbered 1…n (explorer.core.slides.text_slides.pack_deck)."""
    from explorer.core.slides.text_slides import pack_deck

    return pack_deck(
        briefing,
        session,
        contents,
        cover=getattr(args, "cover", False),
        author=getattr(args, "author", ""),
        method=getattr(args, "method", False),
    )
