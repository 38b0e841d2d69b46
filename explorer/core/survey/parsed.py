"""What a format reader hands back (`Parsed`: raw codes and the variable model) and `finish`, which
makes the survey-level decisions every format shares: the weight, prefix multiple-response sets,
narrow columns and provenance. Readers import this module; none imports `load`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from explorer.core import safe_files
from explorer.core.errors import ExplorerError
from explorer.core.survey.model import Kind, SourceInfo, Survey, Variable, narrow

if TYPE_CHECKING:  # imported where a frame is handled: opening a .sav needs no pandas here
    import pandas as pd

_ILLUSTRATIVE = re.compile(r"\billustrative\b", re.IGNORECASE)


@dataclass
class Parsed:
    """What a format reader delivers: raw codes and the per-variable model, before survey-level
    decisions (weight, prefix MR sets, provenance) that `finish` makes the same way for all."""

    # one column per non-MULTI variable: codes, numbers, text or dates (for a wide CSV, a
    # `wide.ArrayFrame` of arrays answering the same questions)
    frame: pd.DataFrame
    variables: dict[str, Variable]  # file order; MULTI sets may already be among them
    format: str
    file_label: str = ""
    notes: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    weight_hint: str | None = None  # a weight the file itself declares (Triple-S use="weight")


def finish(
    parsed: Parsed, path: Path, *, weight: str | None = None, sha256: str | None = None
) -> Survey:
    """Settle weight and prefix MR sets, narrow the columns and attach provenance (`sha256`: the
    file's hash if the caller already has it)."""
    from explorer.core.survey import kinds, weighting

    frame = parsed.frame
    if frame.shape[1] == 0 or not parsed.variables:
        raise ExplorerError.for_file(path, "the file has no variables")
    if len(frame) == 0:
        raise ExplorerError.for_file(path, "the file has no respondents (0 rows of data)")
    warnings = list(parsed.warnings)
    variables = _capped_labels(parsed.variables, warnings)

    taken = {m for v in variables.values() if v.kind is Kind.MULTI for m in v.members}
    for mr in kinds.prefix_sets(variables, frame, taken=taken):
        variables = insert_before(variables, mr.members[0], mr)

    requested = weight or parsed.weight_hint
    candidates = _candidates(variables)
    chosen = _choose_weight(variables, path, requested, candidates)
    weight_notes: list[str] = []
    if chosen is None and len(candidates) > 1:
        weight_notes.append(weighting.several_candidates_note(candidates))
    if chosen is not None:
        try:
            values = _numbers(frame, chosen)
            weight_notes += weighting.weight_notes(chosen, values)
        except ValueError as error:
            if requested is not None:
                raise ExplorerError.for_file(path, str(error)) from error
            # Only guessed from its name: a body weight in kilograms is no reason to refuse a file.
            weight_notes.append(
                f"{chosen} looks like a weight, but {error}; the survey is unweighted."
            )
            chosen = None
    if chosen is not None:
        variables[chosen] = replace(variables[chosen], kind=Kind.WEIGHT)
    warnings += weight_notes

    columns = {name: _stored(frame, name, variables.get(name)) for name in frame.columns}
    text = f"{parsed.file_label} {' '.join(parsed.notes)}"
    source = SourceInfo(
        path=str(path),
        format=parsed.format,
        file_label=parsed.file_label,
        notes=tuple(parsed.notes),
        sha256=sha256 or safe_files.sha256_of(path),
        modified=safe_files.modified_date(path),
    )
    return Survey(
        variables,
        columns,
        source,
        weight=chosen,
        illustrative=bool(_ILLUSTRATIVE.search(text)),
        warnings=warnings,
        weight_candidates=tuple(candidates),
        weight_notes=tuple(weight_notes),
    )


# No real questionnaire needs more (SPSS itself keeps 256 bytes of a variable label and 120 of a
# value label); a label of 200,000 characters from a hostile file took gigabytes to lay out.
MAX_LABEL = 1000
MAX_VALUE_LABEL = 500


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _capped_labels(variables: dict[str, Variable], warnings: list[str]) -> dict[str, Variable]:
    """Labels longer than anyone can read, cut (with a note naming each variable cut)."""
    out: dict[str, Variable] = {}
    for name, var in variables.items():
        if len(var.label) <= MAX_LABEL and all(
            len(text) <= MAX_VALUE_LABEL for _code, text in var.value_labels
        ):  # the usual case, checked without copying the labels (100,000 columns)
            out[name] = var
            continue
        values = tuple((code, _cut(text, MAX_VALUE_LABEL)) for code, text in var.value_labels)
        if len(var.label) > MAX_LABEL or values != var.value_labels:
            longest = max([len(var.label), *(len(t) for _c, t in var.value_labels)])
            warnings.append(
                f"{name}: labels of up to {longest:,} characters were cut to "
                f"{MAX_LABEL:,} (variable) and {MAX_VALUE_LABEL:,} (answers)"
            )
            var = replace(var, label=_cut(var.label, MAX_LABEL), value_labels=values)
        out[name] = var
    return out


def insert_before(variables: dict[str, Variable], anchor: str, new: Variable):
    out: dict[str, Variable] = {}
    for name, var in variables.items():
        if name == anchor:
            out[new.name] = new
        out[name] = var
    out.setdefault(new.name, new)
    return out


def _candidates(variables: dict[str, Variable]) -> list[str]:
    """Weights the file declares, else variables named or labelled like one (file order)."""
    from explorer.core.survey import kinds

    declared = [v.name for v in variables.values() if v.kind is Kind.WEIGHT]
    return declared or kinds.weight_candidates(variables)


def _choose_weight(
    variables: dict[str, Variable], path: Path, requested: str | None, candidates: list[str]
) -> str | None:
    if requested is not None:
        var = variables.get(requested)
        if var is None:
            raise ExplorerError.for_file(
                path, f"there is no variable named {requested!r} to weight by"
            )
        if var.kind not in (Kind.NUMERIC, Kind.WEIGHT, Kind.NOMINAL, Kind.SCALE):
            raise ExplorerError.for_file(
                path, f"{requested} is not numeric, so it cannot be a weight"
            )
        return requested
    return candidates[0] if len(candidates) == 1 else None


def _numbers(frame, name: str) -> np.ndarray:
    """A column as float64 numbers (NaN where not a number); a SavFrame's without pandas."""
    raw = getattr(frame, "raw", None)
    values = raw(name) if raw is not None else None
    if values is not None:
        return values
    import pandas as pd

    return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=np.float64)


def _stored(frame, name: str, var: Variable | None) -> np.ndarray:
    """A column as stored; a wide table's numeric arrays (`wide.ArrayFrame`) go straight in."""
    stored = getattr(frame, "stored", None)
    if stored is not None and (var is None or var.kind not in (Kind.TEXT, Kind.DATE)):
        done = stored(name)
        if done is not None:
            return done
    return _column(frame[name], var)


def _column(series: pd.Series, var: Variable | None) -> np.ndarray:
    """The stored array: text as objects (None for blank), dates as datetime64, codes narrowed."""
    import pandas as pd

    if var is not None and var.kind is Kind.TEXT:
        values = series.astype(object).to_numpy()
        return np.array([None if _blank(v) else str(v) for v in values], dtype=object)
    if var is not None and var.kind is Kind.DATE:
        try:
            return pd.to_datetime(series, errors="coerce").to_numpy()
        except (TypeError, ValueError, OverflowError):
            return series.astype(object).to_numpy()
    numeric = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64)
    return narrow(numeric)


def _blank(value: object) -> bool:
    import pandas as pd

    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return value is pd.NA or value is pd.NaT
