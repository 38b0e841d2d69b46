"""Question labels for a picker: the words that tell similar questions apart come first ("live
facial recognition — Support or oppose police use of…"), so that thirteen questions beginning "Support or oppose…" can be told apart (and found by typing any word of them).
"""

from __future__ import annotations

from collections.abc import Mapping


def _shared_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n].casefold() == b[n].casefold():
        n += 1
    return n


def picker_labels(labels: Mapping[str, str], min_words: int = 2) -> dict[str, str]:
    """name → label as the picker shows it: a label sharing its first `min_words` or more words
    with another shows what differs first, then the shared opening; others are unchanged."""
    words = {name: label.split() for name, label in labels.items()}
    out = {}
    for name, label in labels.items():
        mine = words[name]
        shared = max(
            (_shared_prefix(mine, other) for o, other in words.items() if o != name), default=0
        )
        if shared >= min_words and shared < len(mine):
            rest = " ".join(mine[shared:])
            out[name] = f"{rest} — {' '.join(mine[:shared])}…"
        else:
            out[name] = label
    return out


def _folded(text: str) -> str:
    """Case and accents folded, so "cafe" finds "Café" and "DRONES" finds "drones"."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches_words(text: str, query: str) -> bool:
    """Whether every word of `query` is in `text`, in any order ("police drones" finds "Use of
    drones by the police"); an empty query matches everything."""
    haystack = _folded(text)
    return all(word in haystack for word in _folded(query).split())
