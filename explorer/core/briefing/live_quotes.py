"""Which quotes a slide may show under a filter changed live during a presentation: pinned quotes
whose speaker the live filter leaves out are dropped, and when the live filter narrows the focus
groups to fewer than three participants (the quote browser's identifiability rule) no quote is
shown, so a question from the room cannot single out a participant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from explorer.core.briefing.model import PinnedQuote
from explorer.core.qual.model import Project, Segment

MIN_PEOPLE = 3  # the identifiability rule the quote browser flags (explorer.core.qual.queries)


def speaker_case(project: Project, quote: PinnedQuote) -> str | None:
    """The participant (case guid) who said a pinned quote, from the coded segment it lies in."""
    for segment in project.segments:
        inside = segment.start <= quote.start < max(segment.end, segment.start + 1)
        if segment.source == quote.source and inside and segment.case:
            return segment.case
    return None


def hidden_note(people: int) -> str:
    who = "one participant" if people == 1 else f"{people} participants"
    return (
        f"Quotes hidden under this live filter: it leaves {who} in the focus groups, who "
        f"could be identified (fewer than {MIN_PEOPLE})."
    )


def _passes(project: Project, quote: PinnedQuote, keep: Callable[[Segment], bool]) -> bool:
    """A coded segment the pinned quote lies in passes `keep` (its source, coder, date)."""
    return any(
        segment.source == quote.source
        and segment.start <= quote.start < max(segment.end, segment.start + 1)
        and keep(segment)
        for segment in project.segments
    )


def live_pinned(
    quotes: Sequence[PinnedQuote],
    project: Project | None,
    kept_cases: set[str],
    keep: Callable[[Segment], bool] | None = None,
) -> tuple[tuple[tuple[str, str], ...], str]:
    """(text, attribution) of the pinned quotes the live filter keeps, and a note in words when
    quotes were left out or hidden ("" when all are shown). `keep` is the live source, coder
    and coding-date filter (explorer.core.passage_dimensions), None when none is on."""
    if project is None or not quotes:
        return tuple((q.text, q.attribution) for q in quotes), ""
    kept = []
    for quote in quotes:
        case = speaker_case(project, quote)
        if case in kept_cases and (keep is None or _passes(project, quote, keep)):
            kept.append((quote.text, quote.attribution))
    return _guarded(kept, kept_cases, len(quotes))


def live_found(
    found: Sequence, kept_cases: set[str], limit: int
) -> tuple[tuple[tuple[str, str], ...], str]:
    """The same rule for every quote found under the live filter (queries.Quote); the first
    `limit` are shown."""
    from explorer.core.qual.attribution import attribution

    if not found:
        return (), ""  # the slide says no quote matches
    people = {q.segment.case for q in found if q.segment.case}
    kept = [(q.text, attribution(q)) for q in found[:limit]]
    return _guarded(kept, people & kept_cases if kept_cases else people, len(kept))


def _guarded(kept: list, people: set[str], before: int):
    """Nothing when the people left are fewer than MIN_PEOPLE; else what is kept, and a note."""
    if 0 < len(people) < MIN_PEOPLE:
        return (), hidden_note(len(people))
    if not kept and before:
        return (), "No pinned quote is from a participant under this live filter."
    if len(kept) < before:
        left = before - len(kept)
        return tuple(kept), (
            f"{left} pinned quote{'s' if left > 1 else ''} left out: the speaker is outside "
            "this live filter."
        )
    return tuple(kept), ""
