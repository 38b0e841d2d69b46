"""Text from files made safe to show or write: `visible` turns control, escape and
direction-override characters into visible escapes (so a file name cannot rewrite a terminal or a
message); `xml_safe` does the same for the characters XML cannot hold (PowerPoint, Excel, SVG).
"""

from __future__ import annotations

import re
import unicodedata

# Longest name or label quoted in a message; the rest is cut with an ellipsis.
MAX_SHOWN = 200


def _escape(char: str) -> str:
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else (f"\\U{code:08x}")
    )


def visible(text: object, *, keep_newlines: bool = False, limit: int | None = None) -> str:
    """`text` with control characters (ANSI escapes, NUL, CR…), format characters (bidi overrides,
    zero-width marks) and lone surrogates shown as `\\x1b`/`\\u202e` escapes; newlines kept only
    when asked; cut to `limit` characters when given."""
    text = str(text)
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char == "\n" and keep_newlines or char.isprintable() or (char == "\t" and keep_newlines):
            out.append(char)
        elif unicodedata.category(char) == "Zs":  # spaces other than " " are harmless
            out.append(" ")
        else:
            out.append(_escape(char))
    return "".join(out)


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: object) -> str:
    """`text` with the characters XML 1.0 forbids shown as escapes (tab and line breaks kept)."""
    text = str(text)
    return _XML_ILLEGAL.sub(lambda m: _escape(m.group()), text)
