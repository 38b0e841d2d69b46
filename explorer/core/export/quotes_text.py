"""Quotes as plain text (for a .txt export or the clipboard): each quote with its attribution,
headed and footed by the protective marking, the illustrative notice, data sources and filter.

`QuoteRow` is the one shape every quote export takes; adapters build it from a query result or a
pinned quote.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from explorer.core.atomic import atomic_write_text
from explorer.core.briefing.model import PinnedQuote
from explorer.core.export.export_log import logged
from explorer.core.export.provenance import Provenance


@dataclass(frozen=True)
class QuoteRow:
    text: str
    attribution: str
    speaker: str = ""
    group: str = ""
    source: str = ""  # source (transcript) name
    codes: tuple[str, ...] = ()  # code names
    start: int | None = None
    end: int | None = None


def rows_from_quotes(quotes: Iterable[object], template: str | None = None) -> list[QuoteRow]:
    """QuoteRows from `explorer.core.qual.queries.Quote` results, attributed by the template."""
    from explorer.core.qual.attribution import DEFAULT_TEMPLATE, attribution

    out = []
    for quote in quotes:
        segment = quote.segment  # type: ignore[attr-defined]
        out.append(
            QuoteRow(
                text=quote.text,  # type: ignore[attr-defined]
                attribution=attribution(quote, template or DEFAULT_TEMPLATE),  # type: ignore[arg-type]
                speaker=quote.speaker,  # type: ignore[attr-defined]
                group=quote.group,  # type: ignore[attr-defined]
                source=quote.source,  # type: ignore[attr-defined]
                codes=tuple(quote.codes),  # type: ignore[attr-defined]
                start=segment.start,
                end=segment.end,
            )
        )
    return out


def rows_from_pinned(quotes: Iterable[PinnedQuote]) -> list[QuoteRow]:
    return [QuoteRow(q.text, q.attribution, start=q.start, end=q.end) for q in quotes]


def render_quotes_text(rows: Sequence[QuoteRow], provenance: Provenance, *, width: int = 88) -> str:
    lines = [*provenance.header_lines(), f"{len(rows)} quote{'s' if len(rows) != 1 else ''}", ""]
    for row in rows:
        body = textwrap.fill(f"“{row.text.strip()}”", width=width, subsequent_indent=" ")
        lines.append(body)
        if row.attribution:
            lines.append(f"  — {row.attribution}")
        lines.append("")
    lines.extend(provenance.footer_lines)
    return "\n".join(lines) + "\n"


def write_quotes_text(
    rows: Sequence[QuoteRow],
    path: str | os.PathLike[str],
    provenance: Provenance,
    *,
    log_path: str | os.PathLike[str] | None = None,
) -> None:
    record = logged(provenance, "quotes (text)", path, log_path)
    atomic_write_text(path, render_quotes_text(rows, provenance), before_publish=record)
