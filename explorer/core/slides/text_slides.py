"""Slides of words for a pack: the cover and the method-and-sources slide (layout "text", from
explorer.core.briefing.pack), and numbering a pack's slides 1…n once they are put together.
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
