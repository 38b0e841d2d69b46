"""Where a tracker folder's labels (variable and value labels, kinds, missing codes, nets,
multiple-response sets, the weight) live, read without reading any data:

1. `labels.json` in the folder, when there is one: the same JSON object this project's Parquet
   writer stores (see `parquet.py`: {"version": 1, "file_label", "notes", "weight",
   "illustrative", "variables": [{"name", "label", "kind", "value_labels", …}, …]}). A variable
   it does not describe is inferred from its values, as for a single Parquet file.
2. Else the key-value metadata "briefing_explorer" that `parquet.write_parquet` puts in each
   wave file: the newest wave's (the last file that has it) describes the variables, and the
   value labels of every wave are pooled, so a code only an earlier wave used keeps its label.
3. Else nothing: every column is inferred from its values (`tracker.open_tracker` scans them once,
   one column at a time, at open).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from explorer.core import safe_files
from explorer.core.errors import ExplorerError
from explorer.core.survey.model import Kind, Variable
from explorer.core.survey.parquet import METADATA_KEY, VERSION, variable_from_json
from explorer.core.survey.tracker_files import Waves

MAX_LABELS_BYTES = 64 * 1024 * 1024


def stored_model(waves: Waves) -> tuple[dict, list[Variable]] | None:
    """The folder's survey description and its variables (file order), or None if it has none."""
    if waves.labels_file is not None:
        model = _read_sidecar(waves.labels_file)
        return model, _variables(model, waves.labels_file)
    # One wave's description at a time (each is parsed, pooled and let go): holding all ten
    # parsed at once left the interpreter's memory a few MB larger after the open.
    last: tuple[dict, list[Variable]] | None = None
    pooled: dict[str, dict[float, str]] = {}
    for path, schema in zip(waves.files, waves.schemas):
        stored = (schema.metadata or {}).get(METADATA_KEY)
        if not stored:
            continue
        model = _parsed(stored, path)
        variables = _variables(model, path)
        for var in variables:  # oldest first: the newer wave's wording wins
            pooled.setdefault(var.name, {}).update(var.value_labels)
        last = model, variables
        del stored
    if last is None:
        return None
    model, variables = last
    variables = [
        replace(v, value_labels=tuple(sorted(pooled[v.name].items())))
        if v.kind in (Kind.NOMINAL, Kind.SCALE) and v.name in pooled
        else v
        for v in variables
    ]
    return model, variables


def _read_sidecar(path: Path) -> dict:
    try:
        checked = safe_files.checked_path(path, max_bytes=MAX_LABELS_BYTES, what="labels file")
        with safe_files.open_regular(checked) as handle:
            raw = handle.read()
    except OSError as error:
        raise ExplorerError.for_file(
            path, f"the labels file cannot be read ({error.strerror})"
        ) from error
    return _parsed(raw, path)


def _parsed(raw: bytes, path: Path) -> dict:
    try:
        model = json.loads(raw.decode("utf-8"))
        if not isinstance(model, dict) or not isinstance(model.get("variables"), list):
            raise ValueError("no list of variables")
    except (ValueError, UnicodeDecodeError) as error:
        raise ExplorerError.for_file(
            path, "the survey description (labels) is not valid JSON with a list of variables"
        ) from error
    if int(model.get("version", 1) or 1) > VERSION:
        raise ExplorerError.for_file(
            path, "the survey description was written by a newer version of Briefing Explorer"
        )
    return model


def _variables(model: dict, path: Path) -> list[Variable]:
    try:
        return [variable_from_json(item) for item in model["variables"]]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ExplorerError.for_file(
            path, f"a variable in the survey description is damaged ({type(error).__name__})"
        ) from error
