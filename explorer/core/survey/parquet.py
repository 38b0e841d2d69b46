"""Reading and writing Parquet surveys (large pooled trackers) with pyarrow: the variable model
travels in the file's key-value metadata, so a .sav converted with `write_parquet` round-trips.

Convention: metadata key "briefing_explorer" holds UTF-8 JSON
    {"version": 1, "file_label": str, "notes": [str], "weight": str | null, "illustrative": bool,
     "variables": [{"name", "label", "kind", "value_labels": [[code, label]…],
                    "missing_values": [code…], "missing_ranges": [[lo, hi]…],
                    "nets": [{"key", "label", "codes"}…], "net_scores": [[key, label, pos, neg]…],
                    "members": [name…], "counted_value": number | null, "measure": str}, …]}
Coded columns are stored in their narrowest integer type (null = system-missing; files written
before were float64 with NaN, and are read the same), other numbers as float64, text as strings,
dates as timestamps.
A Parquet file without that key is read like a CSV: kinds and labels inferred from the values.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from explorer.core import safe_files
from explorer.core.atomic import atomic_path
from explorer.core.errors import ExplorerError
from explorer.core.survey import tabular
from explorer.core.survey.column_subset import needed_columns
from explorer.core.survey.model import SYSMIS_INT, Kind, Net, Survey, Variable
from explorer.core.survey.parsed import Parsed

METADATA_KEY = b"briefing_explorer"
VERSION = 1


def read_parquet(path: Path, columns: list[str] | None = None) -> Parsed:
    """The Parsed survey of a Parquet file, using the stored variable model where there is one.

    `columns` names the variables a request needs: only those columns are read (with their
    multiple-response members and the weight-like variables, as `column_subset` decides from the
    schema and the stored model alone); None reads every column.
    """
    with safe_files.open_regular(path) as handle:
        head = handle.read(4)
    if head != b"PAR1":
        raise ExplorerError.for_file(path, "this is not a Parquet file")
    try:
        schema = pq.read_schema(path)
    except (pa.ArrowException, OSError, ValueError, TypeError, MemoryError) as error:
        raise ExplorerError.for_file(
            path, "the Parquet file is damaged or cannot be read"
        ) from error
    model = _stored_model(path, schema)
    wanted = None
    if columns is not None:  # the stored weight comes too, whatever its name
        asked = [*columns, (model or {}).get("weight")]
        wanted = needed_columns(asked, schema_meta(schema, model))
    try:
        table = pq.read_table(path, columns=wanted)
        frame = table.to_pandas()
    except (pa.ArrowException, OSError, ValueError, TypeError, MemoryError) as error:
        raise ExplorerError.for_file(
            path, "the Parquet file is damaged or cannot be read"
        ) from error
    frame.columns = [str(c) for c in frame.columns]
    if model is not None:
        if wanted is not None:
            model = dict(model, variables=_kept(model["variables"], set(frame.columns)))
        try:
            return _from_model(model, frame)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ExplorerError.for_file(
                path, "the survey description stored in the Parquet file is damaged"
            ) from error
    try:
        parsed = tabular.build(frame, None, "parquet")
    except ValueError as error:
        raise ExplorerError.for_file(path, str(error)) from error
    return parsed


def _stored_model(path: Path, schema: pa.Schema) -> dict | None:
    """The variable model this project's writer stored in the file's metadata, if any."""
    stored = (schema.metadata or {}).get(METADATA_KEY)
    if not stored:
        return None
    try:
        model = json.loads(stored.decode("utf-8"))
        if not isinstance(model, dict) or not isinstance(model["variables"], list):
            raise ValueError("no variables")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise ExplorerError.for_file(
            path, "the survey description stored in the Parquet file is damaged"
        ) from error
    return model


def schema_meta(schema: pa.Schema, model: dict | None) -> SimpleNamespace:
    """What `column_subset.needed_columns` reads of a file (names, labels, MR sets, value labels
    and missing codes), from a Parquet schema and the stored model alone: no data is read."""
    names = [str(name) for name in schema.names]
    items = {
        str(v.get("name")): v for v in (model or {}).get("variables", ()) if isinstance(v, dict)
    }
    labels = [str(items.get(name, {}).get("label") or "") for name in names]
    sets = {
        name: {"variable_list": list(v.get("members") or ())}
        for name, v in items.items()
        if v.get("kind") == Kind.MULTI.value
    }
    # value labels and missing codes as pyreadstat gives them (`matrix_columns` reads them)
    value_labels = {
        name: {float(c): str(t) for c, t in v.get("value_labels") or ()}
        for name, v in items.items()
        if v.get("value_labels")
    }
    missing = {
        name: [{"lo": c, "hi": c} for c in v.get("missing_values") or ()]
        + [{"lo": lo, "hi": hi} for lo, hi in v.get("missing_ranges") or ()]
        for name, v in items.items()
    }
    return SimpleNamespace(
        column_names=names,
        column_labels=labels,
        mr_sets=sets,
        variable_value_labels=value_labels,
        missing_ranges=missing,
    )


def _kept(variables: list[dict], present: set[str]) -> list[dict]:
    """The stored variables whose data was read: columns present, sets whose members all are."""
    out = []
    for item in variables:
        if item.get("kind") == Kind.MULTI.value:
            if set(item.get("members") or ()) <= present:
                out.append(item)
        elif item.get("name") in present:
            out.append(item)
    return out


def _from_model(model: dict, frame: pd.DataFrame) -> Parsed:
    if int(model.get("version", 0)) > VERSION:
        raise ValueError("written by a newer version")
    variables: dict[str, Variable] = {}
    for item in model["variables"]:
        var = variable_from_json(item)
        if var.kind is not Kind.MULTI and var.name not in frame.columns:
            raise KeyError(var.name)
        variables[var.name] = var
    for name in frame.columns:
        if name not in variables:  # columns added after conversion: infer them
            frame[name], variables[name] = tabular.infer_column(name, frame[name])
    notes = tuple(str(n) for n in model.get("notes") or ())
    label = str(model.get("file_label") or "")
    if model.get("illustrative") and "illustrative" not in f"{label} {notes}".lower():
        notes += ("Illustrative data.",)
    return Parsed(
        frame=frame,
        variables=variables,
        format="parquet",
        file_label=label,
        notes=notes,
        weight_hint=model.get("weight") or None,
    )


def variable_to_json(var: Variable) -> dict:
    """One Variable as the plain JSON object of the metadata convention."""
    return {
        "name": var.name,
        "label": var.label,
        "kind": var.kind.value,
        "value_labels": [[code, text] for code, text in var.value_labels],
        "missing_values": sorted(var.missing_values),
        "missing_ranges": [list(pair) for pair in var.missing_ranges],
        "nets": [{"key": n.key, "label": n.label, "codes": list(n.codes)} for n in var.nets],
        "net_scores": [list(score) for score in var.net_scores],
        "members": list(var.members),
        "counted_value": var.counted_value,
        "measure": var.measure,
    }


def variable_from_json(item: dict) -> Variable:
    """The Variable stored by `variable_to_json`."""
    counted = item.get("counted_value")
    return Variable(
        name=str(item["name"]),
        label=str(item.get("label") or item["name"]),
        kind=Kind(item["kind"]),
        value_labels=tuple((float(c), str(t)) for c, t in item.get("value_labels") or ()),
        missing_values=frozenset(float(c) for c in item.get("missing_values") or ()),
        missing_ranges=tuple((float(lo), float(hi)) for lo, hi in item.get("missing_ranges") or ()),
        nets=tuple(
            Net(str(n["key"]), str(n["label"]), tuple(float(c) for c in n["codes"]))
            for n in item.get("nets") or ()
        ),
        net_scores=tuple(tuple(str(x) for x in s) for s in item.get("net_scores") or ()),
        members=tuple(str(m) for m in item.get("members") or ()),
        counted_value=None if counted is None else float(counted),
        measure=str(item.get("measure") or "unknown"),
    )


def write_parquet(survey: Survey, path: str | os.PathLike[str]) -> None:
    """Write `survey` (data and variable model) as a Parquet file, atomically."""
    target = Path(path)
    data = {}
    for name, column in survey.columns.items():
        kind = survey.variables[name].kind if name in survey.variables else Kind.NUMERIC
        if kind is Kind.TEXT or column.dtype.kind == "O":
            data[name] = pd.Series(column, dtype=object).astype("string")
        elif kind is Kind.DATE or column.dtype.kind == "M":
            data[name] = pd.to_datetime(pd.Series(column), errors="coerce")
        elif column.dtype.kind in "iu":  # codes in their narrow integer type, null = missing
            sentinel = SYSMIS_INT.get(column.dtype)
            missing = column == sentinel if sentinel is not None else None
            data[name] = pd.arrays.ArrowExtensionArray(pa.array(column, mask=missing))
        else:
            data[name] = survey.values(name).astype(np.float64)
    frame = pd.DataFrame(data, index=pd.RangeIndex(survey.n))
    model = {
        "version": VERSION,
        "file_label": survey.source.file_label,
        "notes": list(survey.source.notes),
        "weight": survey.weight,
        "illustrative": survey.illustrative,
        "variables": [variable_to_json(v) for v in survey.variables.values()],
    }
    table = pa.Table.from_pandas(frame, preserve_index=False)
    metadata = dict(table.schema.metadata or {})
    metadata[METADATA_KEY] = json.dumps(model, ensure_ascii=False).encode("utf-8")
    table = table.replace_schema_metadata(metadata)
    try:
        with atomic_path(target) as tmp:
            pq.write_table(table, os.fspath(tmp))
    except (OSError, pa.ArrowException) as error:
        raise ExplorerError.for_file(target, f"could not be written ({error})") from error
