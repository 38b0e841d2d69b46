"""Saving and opening briefings as human-readable, versioned JSON (`.briefing.json`): sorted keys,
indent 2, written atomically; opening checks every field and names the file in any error.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from explorer.core.atomic import atomic_write_text, register_briefing_path
from explorer.core.briefing import matrix_json
from explorer.core.briefing import statistics as stats
from explorer.core.briefing.from_json import (  # noqa: F401 (read through this module too)
    MAX_TAKEAWAY,
    MAX_TITLE,
    SCHEMA,
    _Bad,
    briefing_from_json,
    filter_from_json,
)
from explorer.core.briefing.model import (
    QUAL,
    SCHEMA_VERSION,
    SURVEY,
    Briefing,
    DataRef,
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
