"""What goes into a pack (an export or a presentation): the slides chosen by number ("2,4-6"),
hidden slides left out, a public audience's pack without quotes or internal slides, the marking
the whole pack carries (the highest of its slides), and the words of the optional cover slide and
method-and-sources end slide.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace

from explorer.core.briefing.marking import ILLUSTRATIVE_NOTICE, MARKINGS, normalise_marking
from explorer.core.briefing.model import Briefing, DataRef, Slide
from explorer.core.errors import ExplorerError

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def parse_selection(text: str, count: int) -> list[int]:
    """ "2,4-6" → [1, 3, 4, 5] (0-based, in the order given, each once) for a deck of `count`."""
    chosen: list[int] = []
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            raise ExplorerError(
                f"--slides {text!r}: {part.strip()!r} is not a slide number or range like 4-6."
            )
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last > count or last < first:
            raise ExplorerError(
                f"--slides {text!r}: the briefing has slides 1 to {count}, so "
                f"{part.strip()!r} is not a choice."
            )
        chosen.extend(i - 1 for i in range(first, last + 1) if i - 1 not in chosen)
    return chosen


def _level(marking: str) -> int:
    base = normalise_marking(marking)
    return max(i for i, m in enumerate(MARKINGS) if base == m or base.startswith(m + " "))


def highest_marking(markings) -> str:
    """The highest of `markings` (OFFICIAL < OFFICIAL-SENSITIVE); the first of equals wins."""
    best = ""
    for marking in markings:
        if marking and (not best or _level(marking) > _level(best)):
            best = normalise_marking(marking)
    return best or MARKINGS[0]


def slide_marking(briefing: Briefing, slide: Slide) -> str:
    """A slide's marking: its own when higher than the briefing's, else the briefing's."""
    return highest_marking([briefing.marking, slide.marking])


def is_public_safe(briefing: Briefing, slide: Slide) -> bool:
    """Not marked internal, and not OFFICIAL-SENSITIVE (which is never for a public audience)."""
    return not slide.internal and _level(slide_marking(briefing, slide)) == 0


def _without_quotes(slide: Slide) -> Slide:
    layout = "chart" if slide.view.layout == "chart+quotes" else slide.view.layout
    matrix = replace(slide.matrix, quotes=False) if slide.matrix is not None else None
    return replace(slide, quotes=(), view=replace(slide.view, layout=layout), matrix=matrix)


def select_for_pack(
    briefing: Briefing, selection: list[int] | None = None, *, public: bool = False
) -> Briefing:
    """The briefing as the pack shows it: the chosen slides (all that are not hidden when
    `selection` is None; a hidden slide chosen by number is shown), for a public audience without
    quotes (quote-only slides left out) or internal slides; marked with the highest marking of
    the slides it keeps. Raises ExplorerError when nothing is left to show."""
    indices = (
        selection
        if selection is not None
        else [i for i, s in enumerate(briefing.slides) if not s.hidden]
    )
    slides = []
    for i in indices:
        slide = briefing.slides[i]
        if public:
            if not is_public_safe(briefing, slide) or slide.view.layout == "quotes":
                continue
            slide = _without_quotes(slide)
        slides.append(slide)
    if not slides:
        why = " for a public audience" if public else ""
        raise ExplorerError(f"No slide is left to show{why}: every chosen slide is left out.")
    marking = highest_marking([slide_marking(briefing, s) for s in slides])
    return replace(briefing, slides=tuple(slides), marking=marking)


@dataclass(frozen=True)
class TextSlide:
    """The words of a cover or method slide (drawn by the slide renderer as a text slide)."""

    title: str
    lines: tuple[str, ...]


def cover_slide(
    briefing: Briefing, *, author: str = "", date: _dt.date | None = None, illustrative: bool
) -> TextSlide:
    """Title, classification, date, author and (for illustrative data) the notice."""
    day = date or _dt.date.today()
    lines = [
        f"Classification: {briefing.marking}",
        f"Date: {day.strftime('%d %B %Y').lstrip('0')}",
    ]
    if author:
        lines.append(f"Author: {author}")
    count = len(briefing.slides)
    lines.append(f"{count} slide{'s' if count != 1 else ''}")
    if illustrative:
        lines.append(ILLUSTRATIVE_NOTICE)
    return TextSlide(briefing.title, tuple(lines))


def method_slide(
    sources: tuple[DataRef, ...],
    *,
    weight: str | None,
    effective_base: bool = True,
    suppress_below: int = 10,
    low_base: int = 100,
    very_low_base: int = 50,
    min_participants: int = 3,
    options=None,
) -> TextSlide:
    """Data files (dates and SHA-256), weighting, tests and correction (from `options`, the
    TableOptions the slides' tables were made with), and disclosure rules."""
    from explorer.core.survey.significance import describe
    from explorer.core.survey.table import TableOptions

    options = options if options is not None else TableOptions()
    level = f"{options.confidence * 100:.0f}%"
    lines = []
    for ref in sources:
        what = "Survey" if ref.kind == "survey" else "Focus groups"
        dated = f", data dated {ref.modified}" if ref.modified else ""
        lines.append(f"{what}: {ref.name}{dated}; SHA-256 {ref.sha256 or 'not recorded'}")
    if weight:
        lines.append(
            f"Weighting: percentages are weighted by {weight!r}; {level} intervals are Wilson "
            "intervals on the Kish effective base (n_eff = (Σw)² / Σw²)."
        )
    else:
        lines.append(
            f"Weighting: none (unweighted counts); {level} intervals are Wilson intervals."
        )
    method = "linearised variances" if options.strata or options.cluster else "effective bases"
    tested = describe(
        correction=options.correction,
        confidence=options.confidence,
        compare=options.compare,
        two_levels=options.two_levels,
        min_base=options.min_test_base,
        method=f"two-sided two-proportion z-tests on {method}",
    )
    lines.append(f"Tests: {tested}")
    lines.append(
        f"Suppression: a cell resting on fewer than {suppress_below} respondents is shown as "
        "[c], and so is any further cell that would let a hidden one be worked out from the "
        "totals, nets or other cells shown (complementary suppression); bases under "
        f"{low_base} are flagged low and under {very_low_base} very low (indicative only)."
    )
    lines.append(
        f"Quotes: a selection that narrows to fewer than {min_participants} focus-group "
        "participants is flagged, and under a live filter its quotes are not shown."
    )
    return TextSlide("Method and sources", tuple(lines))
