"""The line under a quote saying who said it: "Participant 07, woman, 25–34, Group 2, London".

A template names fields in braces: `{speaker}`, `{group}`, `{source}`, `{codes}`, `{reference}`
(source, selection GUID and the file's positions) or any participant attribute (case-insensitive);
a field with no value is dropped together with its separator. `default_template(project)` names
the attributes the project has (Gender, Age, Group, Location first where they exist, else its own
first three). A facilitator is named as one and never given a participant's attributes; a passage
with no known speaker says so.
"""

from __future__ import annotations

import contextlib
import re
from typing import Protocol

from explorer.core.qual.model import FACILITATOR, MODERATOR, UNKNOWN

DEFAULT_TEMPLATE = "{speaker}, {Gender}, {Age}, {Group}, {Location}"
_USER_TEMPLATE: list[str] = []  # the template the user chose in the window, if any
_PREFERRED = ("Gender", "Age", "Group", "Location")
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


def default_template(project, limit: int = 4) -> str:
    """{speaker} and the attributes this project has (the usual four first where they exist)."""
    names = list(getattr(project, "attribute_names", []) or [])
    folded = {n.casefold(): n for n in names}
    chosen = [folded[p.casefold()] for p in _PREFERRED if p.casefold() in folded]
    chosen += [n for n in names if n not in chosen and not _identifying(n)]
    chosen = chosen[:limit]
    if not chosen:
        return "{speaker}, {group}"
    if not any(c.casefold() == "group" for c in chosen):
        chosen.append("group")
    return ", ".join("{" + c + "}" for c in ["speaker", *chosen])


_IDENTIFYING = {"name", "email", "phone", "address", "postcode", "id", "dob", "birthday"}


def _identifying(name: str) -> bool:
    """An attribute that would name or reach a person is never put under a quote by default."""
    return bool(_IDENTIFYING.intersection(re.split(r"\W+", name.casefold())))


def set_user_template(template: str | None) -> None:
    """Use `template` wherever the default would be used (None or "": the project's default)."""
    _USER_TEMPLATE[:] = [template] if template and template.strip() else []


def user_template() -> str | None:
    return _USER_TEMPLATE[0] if _USER_TEMPLATE else None


def project_template(project) -> str:
    """`default_template(project)`, worked out once per project."""
    cached = getattr(project, "_attribution_template", None)
    if cached is None:
        cached = default_template(project)
        with contextlib.suppress(AttributeError):  # a frozen stand-in: work it out each time
            project._attribution_template = cached
    return cached


def _value(quote: _QuoteLike, name: str) -> str:
    key = name.strip()
    folded = key.casefold()
    role = getattr(quote, "role", "")
    if folded == "speaker":
        if role == FACILITATOR:
            label = quote.speaker if quote.speaker != MODERATOR else "Moderator"
            return f"{label} (facilitator)"
        if role == UNKNOWN or not quote.speaker:
            return "Unknown speaker"
        return speaker_label(quote.speaker)
    if folded == "reference":
        return getattr(quote, "reference", "")
    if folded == "source":
        return quote.source
    if folded == "codes":
        return "; ".join(quote.codes)
    attributes = {} if role == FACILITATOR else quote.attributes  # never a participant's
    for attr, value in attributes.items():
        if attr.casefold() == folded:
            return value.lower() if folded in _LOWERED else value
    if folded == "group":
        return quote.group
    return ""


def attribution(quote: _QuoteLike, template: str = DEFAULT_TEMPLATE) -> str:
    """The template filled in from the quote; empty fields vanish with the text before them.
    The default template becomes the quote's project's own (`default_template`)."""
    project = getattr(quote, "project", None)
    if template == DEFAULT_TEMPLATE and _USER_TEMPLATE:
        template = _USER_TEMPLATE[0]
    elif template == DEFAULT_TEMPLATE and project is not None:
        template = project_template(project)
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
