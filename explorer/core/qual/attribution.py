"""The line under a quote saying who said it: "Participant 07, woman, 25–34, Group 2, London".

A template names fields in braces: `{speaker}`, `{group}`, `{source}`, `{codes}` or any participant
attribute (case-insensitive); a field with no value is dropped together with its separator.
"""

from __future__ import annotations

import re
from typing import Protocol

from explorer.core.qual.model import MODERATOR

DEFAULT_TEMPLATE = "{speaker}, {Gender}, {Age}, {Group}, {Location}"
_FIELD = re.compile(r"\{([^{}]+)\}")
_PSEUDONYM = re.compile(r"^[Pp](?:articipant)?\s*0*(\d+)$")
_LOWERED = {"gender"}  # "woman" reads naturally mid-sentence; other values keep their case


class _QuoteLike(Protocol):
    speaker: str
    attributes: dict[str, str]
    group: str
    source: str
    codes: tuple[str, ...]


def speaker_label(speaker: str) -> str:
    """ "P07" → "Participant 07"; the moderator and unlabelled names are kept as they are."""
    match = _PSEUDONYM.match(speaker.strip())
    if match:
        return f"Participant {int(match.group(1)):02d}"
    return speaker if speaker != MODERATOR else "Moderator"


def _value(quote: _QuoteLike, name: str) -> str:
    key = name.strip()
    folded = key.casefold()
    if folded == "speaker":
        return speaker_label(quote.speaker)
    if folded == "source":
        return quote.source
    if folded == "codes":
        return "; ".join(quote.codes)
    for attr, value in quote.attributes.items():
        if attr.casefold() == folded:
            return value.lower() if folded in _LOWERED else value
    if folded == "group":
        return quote.group
    return ""


def attribution(quote: _QuoteLike, template: str = DEFAULT_TEMPLATE) -> str:
    """The template filled in from the quote; empty fields vanish with the text before them."""
    parts = _FIELD.split(template)  # literal, field, literal, field, …, literal
    literals, fields = parts[0::2], parts[1::2]
    values = [_value(quote, f).strip() for f in fields]
    if not any(values):
        return ""
    out = literals[0]
    first = True
    for i, value in enumerate(values):
        if not value:
            continue
        # the separator before a field belongs to it, so it goes when the field goes
        if not first:
            out += literals[i]
        out += value
        first = False
    return (out + literals[-1]).strip()
