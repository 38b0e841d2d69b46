"""Reading a briefing's JSON back into the model, field by field: every value's type and range
checked, titles and takeaways held to their limits, and any problem one sentence naming the
field (`_Bad`), which explorer.core.briefing.store turns into an error naming the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from explorer.core.briefing import matrix_json
from explorer.core.briefing import statistics as stats
from explorer.core.briefing.marking import normalise_marking
from explorer.core.briefing.model import (
    LAYOUTS,
    QUAL,
    SCHEMA_VERSION,
    SURVEY,
    Briefing,
    DataRef,
    PinnedQuote,
    Slide,
    View,
)
from explorer.core.errors import ExplorerError
from explorer.core.filter_state import FilterState

SCHEMA = "briefing-explorer/briefing"


class _Bad(Exception):
    """A problem inside the JSON, in words; turned into an ExplorerError naming the file."""


def _get(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(obj, Mapping):
        raise _Bad(f"{where} is not a JSON object")
    if key not in obj:
        raise _Bad(f"{where} has no {key!r} field")
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise _Bad(f"{where} has a {key!r} field of the wrong type")
    return value


# A title or takeaway longer than any slide can show is cut on reading (a 200,000-character
# title from a hostile file took gigabytes to lay out); the file itself is left as it is.
MAX_TITLE = 1000
MAX_TAKEAWAY = 5000


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _opt_str(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    return _get(obj, key, (str, type(None)), where)


def _str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad(f"{where} is not a list of text")
    return value


def _code_from_json(value: Any, where: str) -> float | str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise _Bad(f"{where} holds a code that is neither a number nor text")


def _ordered(mapping: Mapping[str, Any], order: list[str]) -> list[str]:
    keys = [k for k in order if k in mapping]
    return keys + sorted(k for k in mapping if k not in keys)


def filter_from_json(obj: Any, where: str = "the filter") -> FilterState:
    dims = _get(obj, "dimensions", dict, where)
    cross = _get(obj, "cross", dict, where)
    dim_order = _str_list(obj.get("dimension_order", []), f"{where}'s dimension order")
    cross_order = _str_list(obj.get("cross_order", []), f"{where}'s cross-filter order")
    dimensions = tuple(
        (key, frozenset(_str_list(dims[key], f"{where}'s {key!r} values")))
        for key in _ordered(dims, dim_order)
        if dims[key]
    )
    crosses = []
    for question in _ordered(cross, cross_order):
        codes = cross[question]
        if not isinstance(codes, list):
            raise _Bad(f"{where}'s cross-filter on {question!r} is not a list")
        if codes:
            crosses.append((question, frozenset(_code_from_json(c, where) for c in codes)))
    return FilterState(
        dimensions=dimensions,
        cross=tuple(crosses),
        search=_get(obj, "search", str, where),
        codes=frozenset(_str_list(_get(obj, "codes", list, where), f"{where}'s codes")),
    )


def _ref_from_json(obj: Any, kind: str) -> DataRef | None:
    if obj is None:
        return None
    where = f"the {kind} data reference"
    return DataRef(
        kind=kind,
        path=_get(obj, "path", str, where),
        sha256=_get(obj, "sha256", str, where),
        name=_get(obj, "name", str, where),
        modified=_get(obj, "modified", str, where),
    )


def _int(obj: Mapping[str, Any], key: str, where: str) -> int:
    value = _get(obj, key, int, where)
    if value < 0:
        raise _Bad(f"{where} has a negative {key!r}")
    return value


def _slide_from_json(obj: Any, number: int) -> Slide:
    where = f"slide {number}"
    view = _get(obj, "view", dict, where)
    vwhere = f"slide {number}'s view"
    layout = _get(view, "layout", str, vwhere)
    if layout not in LAYOUTS:
        raise _Bad(f"{vwhere} has an unknown layout {layout!r}")
    show_empty = _flag(view, "show_empty", vwhere)
    multi_base = view.get("multi_base", "answered")
    if multi_base not in ("answered", "all"):
        raise _Bad(f"{vwhere} has an unknown multiple-response base {multi_base!r}")
    quotes = []
    for i, q in enumerate(_get(obj, "quotes", list, where), start=1):
        qwhere = f"quote {i} on slide {number}"
        start, end = _int(q, "start", qwhere), _int(q, "end", qwhere)
        if end < start:
            raise _Bad(f"{qwhere} ends before it starts")
        quotes.append(
            PinnedQuote(
                source=_get(q, "source", str, qwhere),
                start=start,
                end=end,
                text=_get(q, "text", str, qwhere),
                attribution=_get(q, "attribution", str, qwhere),
            )
        )
    return Slide(
        id=_get(obj, "id", str, where),
        title=_short(_get(obj, "title", str, where), MAX_TITLE),
        takeaway=_short(_get(obj, "takeaway", str, where), MAX_TAKEAWAY),
        notes=_get(obj, "notes", str, where),
        view=View(
            topic=_opt_str(view, "topic", vwhere),
            questions=tuple(
                _str_list(_get(view, "questions", list, vwhere), f"{vwhere}'s questions")
            ),
            breakdown=_opt_str(view, "breakdown", vwhere),
            filter=filter_from_json(_get(view, "filter", dict, vwhere), f"{vwhere}'s filter"),
            layout=layout,
            show_empty=show_empty,
            multi_base=multi_base,
        ),
        quotes=tuple(quotes),
        marking=_slide_marking(obj, where),
        hidden=_flag(obj, "hidden", where),
        internal=_flag(obj, "internal", where),
        matrix=matrix_json.slide_spec(obj, where, _Bad),
    )


def _flag(obj: Mapping[str, Any], key: str, where: str) -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        raise _Bad(f"{where}'s {key!r} is not true or false")
    return value


def _slide_marking(obj: Mapping[str, Any], where: str) -> str:
    value = obj.get("marking", "")
    if not isinstance(value, str):
        raise _Bad(f"{where}'s marking is not text")
    if not value:
        return ""
    try:
        return normalise_marking(value)
    except ExplorerError as error:
        raise _Bad(f"{where}: {error.message.rstrip('.')}") from error


def briefing_from_json(obj: Any) -> Briefing:
    """A Briefing from parsed JSON; raises _Bad with the problem in words."""
    if not isinstance(obj, dict):
        raise _Bad("it is not a briefing (the file does not hold a JSON object)")
    if obj.get("schema") != SCHEMA:
        raise _Bad("it is not a briefing saved by this app")
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _Bad("the briefing has no format version")
    if version > SCHEMA_VERSION:
        raise _Bad(
            f"it was saved by a newer version of the app (format {version}; this app reads up to "
            f"{SCHEMA_VERSION})"
        )
    if version < 1:
        raise _Bad(f"format version {version} is not one this app knows")
    data = _get(obj, "data", dict, "the briefing")
    slides = tuple(
        _slide_from_json(s, i) for i, s in enumerate(_get(obj, "slides", list, "the briefing"), 1)
    )
    ids = [s.id for s in slides]
    if len(set(ids)) != len(ids):
        raise _Bad("two slides share the same id")
    try:
        stated = _get(obj, "marking", str, "the briefing")
        if not stated.strip():
            raise _Bad(
                "the briefing's protective marking is blank (it must say OFFICIAL or OFFICIAL-SENSITIVE)"
            )
        marking = normalise_marking(stated)
    except ExplorerError as error:
        raise _Bad(error.message.rstrip(".")) from error
    statistics = None
    if "statistics" in obj:
        try:
            statistics = stats.from_json(obj["statistics"])
        except ValueError as error:
            raise _Bad(str(error)) from None
    return Briefing(
        evidence=matrix_json.evidence_from_json(obj, _Bad),
        title=_short(_get(obj, "title", str, "the briefing"), MAX_TITLE),
        marking=marking,
        statistics=statistics,
        survey=_ref_from_json(data.get(SURVEY), SURVEY),
        qual=_ref_from_json(data.get(QUAL), QUAL),
        slides=slides,
        version=SCHEMA_VERSION,
        public=_flag(obj, "public", "the briefing"),
    )
