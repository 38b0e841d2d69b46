"""A finished Survey as plain files — one .npy per column (never a pickle) and JSON for the rest —
so the .sav reader's child process can hand back the narrow arrays and the variable model, and the
app itself never has to import pandas to open a .sav.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from explorer.core.survey.model import Kind, Net, SourceInfo, Survey, Variable


class NotTransferable(Exception):
    """A column holds values the files cannot carry exactly (the caller reads the old way)."""


def _number(value):
    if isinstance(value, float) and not math.isfinite(value):
        return {"float": repr(value)}
    return value


def _unnumber(value):
    return float(value["float"]) if isinstance(value, dict) else value


def _variable_json(var: Variable) -> dict:
    return {
        "name": var.name,
        "label": var.label,
        "kind": var.kind.value,
        "value_labels": [[_number(code), text] for code, text in var.value_labels],
        "missing_values": [_number(code) for code in sorted(var.missing_values)],
        "missing_ranges": [[_number(lo), _number(hi)] for lo, hi in var.missing_ranges],
        "nets": [[n.key, n.label, [_number(c) for c in n.codes]] for n in var.nets],
        "net_scores": [list(score) for score in var.net_scores],
        "members": list(var.members),
        "counted_value": _number(var.counted_value),
        "measure": var.measure,
        "banded_from": var.banded_from,
    }


def _variable(data: dict) -> Variable:
    return Variable(
        name=data["name"],
        label=data["label"],
        kind=Kind(data["kind"]),
        value_labels=tuple((_unnumber(c), t) for c, t in data["value_labels"]),
        missing_values=frozenset(_unnumber(c) for c in data["missing_values"]),
        missing_ranges=tuple((_unnumber(lo), _unnumber(hi)) for lo, hi in data["missing_ranges"]),
        nets=tuple(
            Net(k, label, tuple(_unnumber(c) for c in codes)) for k, label, codes in data["nets"]
        ),
        net_scores=tuple(tuple(score) for score in data["net_scores"]),
        members=tuple(data["members"]),
        counted_value=_unnumber(data["counted_value"]),
        measure=data["measure"],
        banded_from=data.get("banded_from"),
    )


def write_survey(survey: Survey, folder: Path) -> None:
    """Write `survey` into the (new, private) `folder`; NotTransferable if a column cannot be."""
    folder.mkdir()
    columns = []
    for i, (name, column) in enumerate(survey.columns.items()):
        if column.dtype.kind == "O":
            if not all(v is None or isinstance(v, str) for v in column):
                raise NotTransferable(name)
            columns.append({"name": name, "text": list(column)})
        else:
            np.save(folder / f"{i}.npy", np.ascontiguousarray(column), allow_pickle=False)
            columns.append({"name": name, "file": f"{i}.npy"})
    s = survey.source
    meta = {
        "variables": [_variable_json(v) for v in survey.variables.values()],
        "columns": columns,
        "source": [s.path, s.format, s.file_label, list(s.notes), s.sha256, s.modified],
        "weight": survey.weight,
        "illustrative": survey.illustrative,
        "warnings": list(survey.warnings),
        "weight_candidates": list(survey.weight_candidates),
        "weight_notes": list(survey.weight_notes),
    }
    (folder / "survey.json").write_text(json.dumps(meta, allow_nan=False), encoding="utf-8")


def read_survey(folder: Path) -> Survey:
    """The Survey written by `write_survey` (arrays loaded without pickles)."""
    meta = json.loads((folder / "survey.json").read_text(encoding="utf-8"))
    columns: dict[str, np.ndarray] = {}
    for entry in meta["columns"]:
        if "text" in entry:
            text = np.empty(len(entry["text"]), dtype=object)
            text[:] = entry["text"]
            columns[entry["name"]] = text
        else:
            columns[entry["name"]] = np.load(folder / entry["file"], allow_pickle=False)
    variables = {v["name"]: _variable(v) for v in meta["variables"]}
    path, fmt, label, notes, sha, modified = meta["source"]
    return Survey(
        variables,
        columns,
        SourceInfo(path, fmt, label, tuple(notes), sha, modified),
        weight=meta["weight"],
        illustrative=bool(meta["illustrative"]),
        warnings=list(meta["warnings"]),
        weight_candidates=tuple(meta.get("weight_candidates", ())),
        weight_notes=tuple(meta.get("weight_notes", ())),
    )
