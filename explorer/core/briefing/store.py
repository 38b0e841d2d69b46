"""Saving and opening briefings as human-readable, versioned JSON (`.briefing.json`): sorted keys,
indent 2, written atomically; opening checks every field and names the file in any error.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from explorer.core.atomic import atomic_write_text, register_briefing_path
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
from explorer.core.safe_files import (
    MAX_TEXT_BYTES,
    is_network_path,
    modified_date,
    read_bytes,
    sha256_of,
)

SCHEMA = "briefing-explorer/briefing"
SUFFIX = ".briefing.json"


# --- writing ---------------------------------------------------------------------------------
def _code_json(code: float | str) -> float | int | str:
    if isinstance(code, str):
        return code
    return int(code) if float(code).is_integer() else float(code)


def _sorted_codes(codes: frozenset) -> list[float | int | str]:
    return [
        _code_json(c)
        for c in sorted(
            codes,
            key=lambda c: (isinstance(c, str), str(c) if isinstance(c, str) else float(c), str(c)),
        )
    ]


def filter_to_json(state: FilterState) -> dict[str, Any]:
    """The respondent and quote filter (the topic is stored with the view)."""
    return {
        "dimensions": {key: sorted(values) for key, values in state.dimensions},
        "dimension_order": [key for key, _ in state.dimensions],
        "cross": {q: _sorted_codes(codes) for q, codes in state.cross},
        "cross_order": [q for q, _ in state.cross],
        "search": state.search,
        "codes": sorted(state.codes),
    }


def briefing_to_json(briefing: Briefing) -> dict[str, Any]:
    def ref(r: DataRef | None) -> dict[str, str] | None:
        if r is None:
            return None
        return {"path": r.path, "sha256": r.sha256, "name": r.name, "modified": r.modified}

    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "title": briefing.title,
        "marking": briefing.marking,
        **({"public": True} if briefing.public else {}),
        "data": {SURVEY: ref(briefing.survey), QUAL: ref(briefing.qual)},
        # written only when recorded, so a briefing without them reads as before
        **({"statistics": stats.to_json(briefing.statistics)} if briefing.statistics else {}),
        "slides": [
            {
                "id": s.id,
                "title": s.title,
                "takeaway": s.takeaway,
                "notes": s.notes,
                "view": {
                    "topic": s.view.topic,
                    "questions": list(s.view.questions),
                    "breakdown": s.view.breakdown,
                    "filter": filter_to_json(s.view.filter),
                    "layout": s.view.layout,
                    # written only when set, so a briefing without them reads as before
                    **({"show_empty": True} if s.view.show_empty else {}),
                    **(
                        {"multi_base": s.view.multi_base} if s.view.multi_base != "answered" else {}
                    ),
                },
                "quotes": [
                    {
                        "source": q.source,
                        "start": q.start,
                        "end": q.end,
                        "text": q.text,
                        "attribution": q.attribution,
                    }
                    for q in s.quotes
                ],
                # written only when set, so a briefing without them reads as before
                **({"marking": s.marking} if s.marking else {}),
                **({"hidden": True} if s.hidden else {}),
                **({"internal": True} if s.internal else {}),
                **({"matrix": matrix_json.spec_to_json(s.matrix)} if s.matrix else {}),
            }
            for s in briefing.slides
        ],
        **matrix_json.evidence_to_json(briefing.evidence),
    }


def dumps(briefing: Briefing) -> str:
    return (
        json.dumps(briefing_to_json(briefing), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )


def save_briefing(briefing: Briefing, path: str | os.PathLike[str]) -> None:
    """Write `briefing` to `path` as JSON, atomically (a crash leaves the previous save); from
    then on no export may overwrite it."""
    atomic_write_text(path, dumps(briefing))
    register_briefing_path(path)


# --- data references -------------------------------------------------------------------------
def data_ref_for(
    kind: str, data_path: str | os.PathLike[str], briefing_path: str | os.PathLike[str] | None
) -> DataRef:
    """A reference to `data_path` (hash, name, date), relative to the briefing's folder if possible."""
    data = Path(os.fspath(data_path)).absolute()
    stored = data.as_posix()
    if briefing_path is not None:
        folder = Path(os.fspath(briefing_path)).absolute().parent
        try:
            stored = Path(os.path.relpath(data, folder)).as_posix()
        except ValueError:  # another drive on Windows: keep the absolute path
            stored = data.as_posix()
    return DataRef(kind, stored, _digest(data), data.name, modified_date(data))


def _digest(data: Path) -> str:
    """A file's SHA-256, or a tracker folder's (its waves' footers: `tracker_files`)."""
    if data.is_dir():
        from explorer.core.survey.tracker_files import folder_fingerprint

        return folder_fingerprint(data)
    return sha256_of(data)


def resolve_ref_path(ref: DataRef, briefing_path: str | os.PathLike[str] | None) -> Path:
    """Where `ref` points, reading a relative path from the briefing file's folder."""
    stored = Path(ref.path)
    if stored.is_absolute() or briefing_path is None or is_network_path(ref.path):
        return stored  # a network path stays one, so it is refused as remote, never joined
    return Path(os.path.normpath(Path(os.fspath(briefing_path)).absolute().parent / stored))


# --- reading ---------------------------------------------------------------------------------
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


# Numbers in a briefing are codes, offsets and a format version: none needs more than 15 digits.
MAX_NUMBER_DIGITS = 15


class _TooBig(ValueError):
    pass


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _TooBig(f"a number in it has {len(text):,} digits, more than a briefing ever holds")
    return int(text)


def _bounded_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or len(text) > 64:
        raise _TooBig(f"a number in it ({text[:20]}…) is out of range")
    return value


def _no_constant(text: str) -> float:
    raise _TooBig(f"it holds {text}, which is not a number a briefing can hold")


def load_briefing(path: str | os.PathLike[str]) -> Briefing:
    """Open a `.briefing.json`; any problem is one ExplorerError sentence naming the file."""
    raw = read_bytes(path, max_bytes=MAX_TEXT_BYTES)
    try:
        obj = json.loads(
            raw.decode("utf-8-sig"),
            parse_int=_bounded_int,
            parse_float=_bounded_float,
            parse_constant=_no_constant,
        )
    except UnicodeDecodeError as error:
        raise ExplorerError.for_file(
            path, "the file is not UTF-8 text, so it is not a briefing"
        ) from error
    except _TooBig as error:
        raise ExplorerError.for_file(path, f"{error}, so it is not a briefing") from error
    except (ValueError, RecursionError) as error:
        line = getattr(error, "lineno", None)
        where = f" (line {line})" if line else ""
        raise ExplorerError.for_file(
            path, f"the file is not valid JSON{where}, so it cannot be opened as a briefing"
        ) from error
    try:
        briefing = briefing_from_json(obj)
        register_briefing_path(path)  # no export may overwrite the briefing it was made from
        return briefing
    except _Bad as error:
        raise ExplorerError.for_file(path, str(error)) from error
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError) as error:
        # A shape the checks above did not foresee: still one sentence, never a traceback.
        raise ExplorerError.for_file(
            path, "the briefing is damaged (a value has the wrong type), so it cannot be opened"
        ) from error
    except RecursionError as error:
        raise ExplorerError.for_file(
            path, "the file is nested too deeply to be a briefing"
        ) from error
