"""Searching quotes: case- and accent-insensitive, "quoted phrases", every term must match.

Text is folded (casefold, NFKD, combining marks dropped) so "cafe" finds "Café"; a term matches a
word that starts with it ("police" finds "policeman", not "impolite"); a phrase matches the folded
text anywhere. An inverted index over word prefixes keeps a search over 100,000 segments fast.
"""

from __future__ import annotations

import bisect
import functools
import re
import shlex
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Casefolded, accent-free text; one output character per input character is NOT promised."""
    folded = text.casefold()
    if folded.isascii():  # nothing to decompose: the common case, kept fast
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=200_000)
def _fold_word(word: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(word)))


def words(text: str) -> list[str]:
    """The folded words of `text` (folding word by word, cached: vocabularies are small)."""
    if text.isascii():  # NFC and accent folding change nothing: fold the whole text at once
        return _WORD.findall(text.casefold())
    out: list[str] = []
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        out += _fold_word(word)
    return out


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of the character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for c in fold(char):
            out.append(c)
            origin.append(i)
    return "".join(out), origin


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]  # folded single words
    phrases: tuple[str, ...]  # folded phrases (and terms that fold to more than one word)

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases


def parse_query(query: str) -> ParsedQuery:
    """Words and "double-quoted phrases"; an unbalanced quote is taken literally."""
    query = query.replace("“", '"').replace("”", '"')
    try:
        parts = shlex.split(query, posix=True)
    except ValueError:
        parts = query.replace('"', " ").split()
    phrased = set(re.findall(r'"([^"]+)"', query))
    terms: list[str] = []
    phrases: list[str] = []
    for part in parts:
        folded = " ".join(words(part))
        if not folded:
            continue
        if part in phrased or " " in folded:
            phrases.append(folded)
        else:
            terms.append(folded)
    return ParsedQuery(tuple(dict.fromkeys(terms)), tuple(dict.fromkeys(phrases)))


class TextIndex:
    """An index over a fixed list of texts; `search` returns the positions of matching texts."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._folded = [" ".join(words(t)) for t in texts]
        postings: dict[str, list[int]] = {}
        for i, folded in enumerate(self._folded):
            for word in set(folded.split()):
                postings.setdefault(word, []).append(i)
        self._words = sorted(postings)
        self._postings = {w: frozenset(p) for w, p in postings.items()}

    def __len__(self) -> int:
        return len(self._folded)

    def _prefixed(self, prefix: str) -> set[int]:
        lo = bisect.bisect_left(self._words, prefix)
        hi = bisect.bisect_left(self._words, prefix + "\U0010ffff")
        if hi - lo == 1:
            return set(self._postings[self._words[lo]])
        out: set[int] = set()
        for word in self._words[lo:hi]:
            out |= self._postings[word]
        return out

    def search(self, query: str | ParsedQuery) -> list[int]:
        parsed = parse_query(query) if isinstance(query, str) else query
        if parsed.empty:
            return list(range(len(self._folded)))
        candidates: set[int] | None = None
        # the rarest requirement first keeps the sets small
        needs = [self._prefixed(t) for t in parsed.terms]
        for phrase in parsed.phrases:
            words = phrase.split()
            for word in words[:-1]:
                needs.append(set(self._postings.get(word, ())))
            needs.append(self._prefixed(words[-1]))
        for need in sorted(needs, key=len):
            candidates = need if candidates is None else candidates & need
            if not candidates:
                return []
        assert candidates is not None
        hits = sorted(candidates)
        for phrase in parsed.phrases:
            padded = f" {phrase}"
            hits = [i for i in hits if padded in f" {self._folded[i]}"]
        return hits


def matches(text: str, query: str) -> bool:
    """Whether one text satisfies the query (same rules as the index, no index needed)."""
    return bool(TextIndex([text]).search(query))


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) character spans of `text` to highlight for the query's terms and phrases."""
    parsed = parse_query(query)
    folded, origin = fold_with_map(text)
    spans: list[tuple[int, int]] = []
    for needle in (*parsed.terms, *parsed.phrases):
        pattern = r"(?<!\w)" + r"\W+".join(re.escape(w) for w in needle.split())
        for m in re.finditer(pattern, folded):
            if m.end() > m.start():
                spans.append((origin[m.start()], origin[m.end() - 1] + 1))
    return sorted(set(spans))
