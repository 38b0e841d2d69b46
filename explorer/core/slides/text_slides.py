"""Slides of words for a pack: the cover and the method-and-sources slide (layout "text", from
explorer.core.briefing.pack), and putting a pack together (cover, chosen slides, method) numbered
1…n, as the command line's `export` and the window's Export pack dialog both do.
"""

from __future__ import annotations

from dataclasses import replace

from explorer.core.briefing.marking import banner
from explorer.core.briefing.model import Briefing
from explorer.core.briefing.pack import TextSlide
from explorer.core.session import Session
from explorer.core.slides.content import SlideContent, sources_line


def text_content(
    text: TextSlide, briefing: Briefing, session: Session, number: int = 1, total: int = 1
) -> SlideContent:
    """A cover or method slide carrying the pack's marking, the data line and the notice."""
    return SlideContent(
        number=number,
        total=total,
        title=text.title,
        takeaway="",
        notes="",
        layout="text",
        tables=(),
        multi=frozenset(),
        quotes=(),
        survey_lines=(),
        quotes_line="",
        sources_line=sources_line(session, briefing),
        marking=banner(briefing.marking),
        illustrative=session.illustrative,
        lines=text.lines,
    )


def renumbered(contents: list[SlideContent]) -> list[SlideContent]:
    """Number the slides of a pack 1…n (after a cover is put first, or slides were chosen)."""
    return [replace(c, number=i, total=len(contents)) for i, c in enumerate(contents, start=1)]


def pack_deck(
    briefing: Briefing,
    session: Session,
    contents: list[SlideContent],
    *,
    cover: bool = False,
    author: str = "",
    method: bool = False,
) -> list[SlideContent]:
    """The pack's slides in order: the optional cover (with `author`), `contents`, the optional
    method and sources slide, numbered 1…n."""
    from explorer.core.briefing import pack
    from explorer.core.data_date import data_date
    from explorer.core.export.provenance import project_ref, survey_ref

    contents = list(contents)
    if cover:
        slide = pack.cover_slide(briefing, author=author, illustrative=session.illustrative)
        contents.insert(0, text_content(slide, briefing, session))
    if method:
        refs = []  # dated by the data's own date, as the slides' data line is
        if session.survey is not None:
            ref = survey_ref(session.survey)
            refs.append(replace(ref, modified=data_date(ref.path, ref.sha256, briefing.survey)))
        if session.project is not None:
            ref = project_ref(session.project)
            refs.append(replace(ref, modified=data_date(ref.path, ref.sha256, briefing.qual)))
        options = session.options  # the settings and thresholds its tables were made with
        slide = pack.method_slide(
            tuple(refs),
            weight=session.survey.weight if session.survey is not None else None,
            options=options,  # the settings the slides' tables were made with
            suppress_below=options.suppress_below,
            low_base=options.low_base,
            very_low_base=options.very_low_base,
        )
        contents.append(text_content(slide, briefing, session))
    return renumbered(contents)
