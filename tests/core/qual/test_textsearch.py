"""Quote search: accents and case ignored, phrases, all terms required, index agrees with a scan."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from explorer.core.qual.textsearch import TextIndex, match_spans, matches, parse_query

TEXTS = [
    "The Café near the station had CCTV.",
    "Facial recognition? Depends on the safeguards.",
    "Policemen were stretched; policing is hard.",
    "I'd want a human in charge, not a computer.",
    "ÉLAN and naïve Straße",
]


def test_accents_and_case() -> None:
    index = TextIndex(TEXTS)
    assert index.search("cafe") == [0]
    assert index.search("CAFÉ cctv") == [0]
    assert index.search("elan naive strasse") == [4]


def test_terms_are_word_prefixes_and_all_must_match() -> None:
    index = TextIndex(TEXTS)
    assert index.search("police") == [2]
    assert index.search("olice") == []
    assert index.search("human computer") == [3]
    assert index.search("human cctv") == []


def test_phrases() -> None:
    index = TextIndex(TEXTS)
    assert index.search('"facial recognition"') == [1]
    assert index.search('"recognition facial"') == []
    assert index.search('"in charge" human') == [3]
    assert parse_query('"in charge" human').phrases == ("in charge",)


def test_empty_query_matches_everything() -> None:
    assert TextIndex(TEXTS).search("  ") == list(range(len(TEXTS)))


def test_match_spans_point_at_the_original_characters() -> None:
    text = TEXTS[0]
    spans = match_spans(text, 'cafe "the station"')
    assert [text[a:b] for a, b in spans] == ["Café", "the station"]


def _scan(text: str, query: str) -> bool:
    """Independent: fold by hand and check each term as a word prefix, each phrase as words."""

    def fold(s: str) -> list[str]:
        s = "".join(
            c for c in unicodedata.normalize("NFKD", s.casefold()) if not unicodedata.combining(c)
        )
        return re.findall(r"\w+", s)

    words = fold(text)
    joined = " " + " ".join(words)
    for part in query.split():
        needle = fold(part)
        if not needle:
            continue
        if len(needle) == 1:
            if not any(w.startswith(needle[0]) for w in words):
                return False
        elif " " + " ".join(needle) not in joined:
            return False
    return True


@given(
    st.lists(st.text("abcé AB.,É", max_size=15), min_size=1, max_size=12),
    st.text("abcéB É", max_size=6),
)
def test_index_agrees_with_a_plain_scan(texts: list[str], query: str) -> None:
    index = TextIndex(texts)
    expected = [i for i, t in enumerate(texts) if _scan(t, query)]
    assert index.search(query) == expected
    assert [i for i, t in enumerate(texts) if matches(t, query)] == expected
