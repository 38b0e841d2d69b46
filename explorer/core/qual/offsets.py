"""How a source's positions count, decided per source from the evidence in the file.

REFI-QDA says positions are characters of the plain text, but tools disagree on what a character
is: QualCoder and `qc` count a Windows line break (CRLF) as one, MAXQDA and NVivo as two; .NET
tools count UTF-16 units (an emoji is two); some count a byte-order mark. For each source every
convention that would give a different answer is tried, and the one the evidence supports wins:

1. the selection text a tool stores beside the positions (`name`, `Description`; QualCoder writes
   line breaks there as U+2029), compared with the text each convention would cut out;
2. selections that fall outside the text under a convention count against it;
3. slices that start and end on word boundaries count for it;
4. with no evidence either way, the exporting tool (`origin`) decides.

A source where the stored selection texts fit under no convention is flagged.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

_CRLF_AS_ONE = ("qualcoder", "qc ", "qualitative-coding", "taguette")
_ELLIPSIS = ("…", "...")


@dataclass(frozen=True)
class Convention:
    crlf: int = 2  # how many positions a CRLF line break takes
    utf16: bool = False  # positions are UTF-16 units (a character beyond U+FFFF takes two)
    bom: bool = False  # a byte-order mark at the start takes position 0

    def describe(self) -> str:
        parts = [f"CRLF as {'one' if self.crlf == 1 else 'two'}"]
        parts.append("UTF-16 units" if self.utf16 else "code points")
        if self.bom:
            parts.append("byte-order mark counted")
        return ", ".join(parts)


@dataclass(frozen=True)
class Selection:
    start: int
    end: int
    evidence: tuple[str, ...] = ()  # texts the tool stored for the selection (name, Description)


class SourceText:
    """A source's decoded text: normalised to "\\n" without a BOM, with what the file had."""

    def __init__(self, raw: str) -> None:
        self.has_bom = raw.startswith("\ufeff")
        body = raw[1:] if self.has_bom else raw
        self.crlf_at: list[int] = []  # indices in `text` of "\n" that were CRLF
        if "\r" in body:
            out: list[str] = []
            size = i = 0
            n = len(body)
            while i < n:
                j = body.find("\r", i)
                if j < 0:
                    out.append(body[i:])
                    break
                out.append(body[i:j])
                size += j - i
                if j + 1 < n and body[j + 1] == "\n":
                    self.crlf_at.append(size)
                    i = j + 2
                else:
                    i = j + 1
                out.append("\n")
                size += 1
            self.text = "".join(out)
        else:
            self.text = body
        has_astral = not self.text.isascii() and any(ord(ch) > 0xFFFF for ch in self.text)
        self.astral_at = (
            [k for k, ch in enumerate(self.text) if ord(ch) > 0xFFFF] if has_astral else []
        )
        self._events: dict[Convention, tuple[list[int], list[int], list[int], list[int]]] = {}

    def conventions(self) -> list[Convention]:
        """The conventions that would read this text's positions differently."""
        out = []
        for crlf in (2, 1) if self.crlf_at else (2,):
            for utf16 in (False, True) if self.astral_at else (False,):
                for bom in (False, True) if self.has_bom else (False,):
                    out.append(Convention(crlf, utf16, bom))
        return out

    def length(self, conv: Convention) -> int:
        return self.file_position(conv, len(self.text))

    def file_position(self, conv: Convention, index: int) -> int:
        """The position the file would give `index` of the normalised text."""
        extra = (conv.crlf - 1) * bisect.bisect_left(self.crlf_at, index)
        if conv.utf16:
            extra += bisect.bisect_left(self.astral_at, index)
        return index + extra + int(conv.bom)

    def _table(self, conv: Convention) -> tuple[list[int], list[int], list[int], list[int]]:
        """Characters wider than one position: (indices, file positions, widths, extra after)."""
        found = self._events.get(conv)
        if found is None:
            events = [(k, conv.crlf - 1) for k in self.crlf_at] if conv.crlf > 1 else []
            if conv.utf16:
                events += [(k, 1) for k in self.astral_at]
            events.sort()
            at, fps, widths, after = [], [], [], []
            extra = 0
            for k, w in events:
                at.append(k)
                fps.append(k + int(conv.bom) + extra)
                widths.append(w)
                extra += w
                after.append(extra)
            found = self._events[conv] = (at, fps, widths, after)
        return found

    def to_index(self, conv: Convention, position: int, *, end: bool = False) -> int:
        """The index in the normalised text of a file position (inside a CRLF or a surrogate
        pair: the next character for a start, the one before for an end)."""
        at, fps, widths, after = self._table(conv)
        j = bisect.bisect_left(fps, position) - 1  # the last wide character before position
        if j < 0:
            index = position - int(conv.bom)
        elif position >= fps[j] + 1 + widths[j]:
            index = position - int(conv.bom) - after[j]
        else:  # inside the wide character
            index = at[j] if end else at[j] + 1
        return min(max(index, 0), len(self.text))


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2029", "\n").replace("\u2028", "\n").split())


def evidence_matches(evidence: str, cut: str) -> bool | None:
    """True or False when `evidence` can judge the cut text; None when it says nothing."""
    said = _flat(evidence)
    if not said:
        return None
    got = _flat(cut)
    if said == got:
        return True
    for mark in _ELLIPSIS:  # a tool that shortens long selections: "the first words…"
        if said.endswith(mark) and len(said) > len(mark) + 3:
            return got.startswith(said[: -len(mark)].rstrip())
    return False


def _boundary(text: str, i: int) -> bool:
    return i <= 0 or i >= len(text) or not (text[i - 1].isalnum() and text[i].isalnum())


@dataclass(frozen=True)
class Decision:
    convention: Convention
    matched: int  # selections whose stored text equals the cut text
    judged: int  # selections with a stored text that could tell
    fits: bool  # False: the evidence fits no convention
    alternatives: int  # how many conventions differed for this source

    def describe(self) -> str:
        said = self.convention.describe()
        if self.alternatives <= 1:
            return "one reading only (no CRLF, no character beyond U+FFFF, no byte-order mark)"
        if self.judged:
            return f"{said} ({self.matched} of {self.judged} stored selection texts match)"
        return f"{said} (from word boundaries and the exporting tool)"


def _prior(conv: Convention, origin: str) -> tuple[int, int, int]:
    folded = origin.casefold() + " "
    crlf_one = any(tool in folded for tool in _CRLF_AS_ONE)
    return (int((conv.crlf == 1) == crlf_one), int(not conv.utf16), int(not conv.bom))


def _text_like(evidence: str, sel: Selection) -> bool:
    """A stored text that reads as the selection's own words (long enough, about as long as the
    span), not a memo or a label such as "line:12"."""
    said = _flat(evidence)
    span = sel.end - sel.start
    return len(said) >= 12 and abs(span - len(said)) <= max(4, span // 5)


def decide(text: SourceText, selections: Sequence[Selection], origin: str = "") -> Decision:
    """The convention the evidence supports best for this source's selections.

    A stored text is evidence when it equals the cut text under some convention, or reads like
    the selection's words (then no convention fits it); other stored texts (memos, "line:12") say
    nothing. Evidence decides first, then fewest selections outside the text. Word boundaries
    overrule the exporting tool's habit only by a clear margin (a tenth of all selection ends, at
    least two), so that a few chance boundaries cannot."""
    options = text.conventions()
    verdicts: list[list[list[bool]]] = []  # per convention, per selection: one per evidence text
    stats = []
    for conv in options:
        outside = boundaries = 0
        limit = text.length(conv)
        per_sel = []
        for sel in selections:
            if sel.start < 0 or sel.end <= sel.start or sel.start >= limit:
                outside += 1
                per_sel.append([False] * len(sel.evidence))
                continue
            a = text.to_index(conv, sel.start)
            b = text.to_index(conv, min(sel.end, limit), end=True)
            outside += sel.end > limit
            cut = text.text[a:b]
            per_sel.append([bool(evidence_matches(e, cut)) for e in sel.evidence])
            boundaries += _boundary(text.text, a) + _boundary(text.text, b)
        verdicts.append(per_sel)
        stats.append((outside, boundaries))
    judged_sel = []
    for k, sel in enumerate(selections):
        useful = [
            j
            for j, e in enumerate(sel.evidence)
            if any(v[k][j] for v in verdicts) or _text_like(e, sel)
        ]
        judged_sel.append(useful)
    rows = []
    for i, conv in enumerate(options):
        judged = sum(1 for useful in judged_sel if useful)
        matched = sum(
            1 for k, useful in enumerate(judged_sel) if any(verdicts[i][k][j] for j in useful)
        )
        outside, boundaries = stats[i]
        rows.append((conv, matched, judged, outside, boundaries, _prior(conv, origin)))
    top = max((r[1], -r[3]) for r in rows)
    tied = [r for r in rows if (r[1], -r[3]) == top]
    favourite = max(tied, key=lambda r: r[5])
    bounded = max(tied, key=lambda r: (r[4], r[5]))
    margin = max(2, (2 * len(selections) + 9) // 10)
    chosen = bounded if bounded[4] - favourite[4] >= margin else favourite
    conv, matched, judged = chosen[0], chosen[1], chosen[2]
    fits = not judged or matched * 2 >= judged
    return Decision(conv, matched, judged, fits, len(options))
