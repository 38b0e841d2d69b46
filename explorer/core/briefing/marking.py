"""Protective marking (Government Security Classifications): the allowed markings, how a typed one
is normalised, and the banner line every export carries at its top and bottom.
"""

from __future__ import annotations

import re

from explorer.core.errors import ExplorerError

DEFAULT_MARKING = "OFFICIAL"
# The markings a briefing built from survey and focus-group evidence can carry; SECRET and above
# never belong on these laptops, so they are refused rather than silently accepted.
MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE")
ILLUSTRATIVE_NOTICE = (
    "Illustrative sample data: synthetic survey respondents and written focus-group turns; "
    "no real person gave these answers or said these words."
)
_DESCRIPTOR = re.compile(r"^[A-Z0-9][A-Z0-9 ,'&/-]{0,40}$")


def normalise_marking(text: str | None) -> str:
    """ "official sensitive" → "OFFICIAL-SENSITIVE"; an optional descriptor may follow ("… PERSONAL").

    Raises ExplorerError for anything that is not an OFFICIAL marking.
    """
    raw = (text or "").strip()
    if not raw:
        return DEFAULT_MARKING
    upper = re.sub(r"\s+", " ", raw.upper().replace("_", "-"))
    upper = re.sub(r"^OFFICIAL[ -]SENSITIVE", "OFFICIAL-SENSITIVE", upper)
    for marking in sorted(MARKINGS, key=len, reverse=True):
        if upper == marking:
            return marking
        if upper.startswith(marking + " "):
            descriptor = upper[len(marking) + 1 :].strip(" :-")
            if descriptor and _DESCRIPTOR.match(descriptor):
                return f"{marking} {descriptor}"
    raise ExplorerError(
        f"{raw!r} is not a protective marking this app can use; choose OFFICIAL or "
        "OFFICIAL-SENSITIVE."
    )


def banner(marking: str) -> str:
    """The line printed at the top and bottom of every exported page or slide."""
    return normalise_marking(marking)


def provenance_lines(
    marking: str,
    *,
    illustrative: bool,
    sources: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (),
    filter_description: str = "",
) -> list[str]:
    """Marking, illustrative notice, "Data: name (modified date)" and filter, as lines of text."""
    lines = [banner(marking)]
    if illustrative:
        lines.append(ILLUSTRATIVE_NOTICE)
    for name, modified in sources:
        lines.append(f"Data: {name}" + (f" (file dated {modified})" if modified else ""))
    if filter_description:
        lines.append(f"Filter: {filter_description}")
    return lines
