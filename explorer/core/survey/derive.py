"""Variables made on the fly from a loaded survey: a user's own nets ("Any contact (net)" = codes
1+2+3) and numeric banding (age → 18–24, 25–34, …, 65+). Each returns a new Survey sharing the
loaded arrays (a Survey never changes); nothing is written anywhere.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from explorer.core.errors import ExplorerError
from explorer.core.survey.lazy_columns import copied
from explorer.core.survey.model import Kind, Net, Survey, Variable, format_code

NET_SUFFIX = " (net)"


def _rebuilt(survey: Survey, variables: dict[str, Variable], columns=None) -> Survey:
    return Survey(
        variables,
        copied(survey.columns) if columns is None else columns,
        survey.source,
        weight=survey.weight,
        illustrative=survey.illustrative,
        warnings=list(survey.warnings),
        weight_candidates=survey.weight_candidates,
        weight_notes=survey.weight_notes,
    )


def _key(label: str) -> str:
    return "user:" + (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "net")


def add_net(survey: Survey, question: str, label: str, codes) -> Survey:
    """`survey` with a net of `codes` on the single-choice `question`, labelled "<label> (net)"
    and shown after the question's codes (and its own nets)."""
    var = survey.variable(question)
    if var.kind not in (Kind.NOMINAL, Kind.SCALE):
        raise ExplorerError(f"{question} is not a single-choice question, so it cannot get a net.")
    label = label.strip()
    if not label:
        raise ExplorerError("A net needs a label.")
    wanted = tuple(dict.fromkeys(float(c) for c in codes))
    if len(wanted) < 1:
        raise ExplorerError(f"The net {label!r} has no codes.")
    unknown = [format_code(c) for c in wanted if c not in var.codes]
    if unknown:
        raise ExplorerError(f"{question} has no code {', '.join(unknown)} (in the net {label!r}).")
    shown = label if label.endswith(NET_SUFFIX) else label + NET_SUFFIX
    key = _key(label)
    nets = tuple(n for n in var.nets if n.key != key) + (Net(key, shown, wanted),)
    variables = dict(survey.variables)
    variables[question] = replace(var, nets=nets)
    return _rebuilt(survey, variables)


def parse_net(text: str) -> tuple[str, list[float]]:
    """ "Any contact=1,2,3" → ("Any contact", [1.0, 2.0, 3.0]); ExplorerError otherwise."""
    label, sep, rest = text.rpartition("=")
    try:
        codes = [float(part) for part in rest.split(",") if part.strip()]
    except ValueError:
        codes = []
    if not sep or not label.strip() or not codes:
        raise ExplorerError(
            f"A net is written LABEL=CODE,CODE…, e.g. 'Any contact=1,2,3', not {text!r}."
        )
    return label.strip(), codes


# --- numeric banding ------------------------------------------------------------------------------
def parse_edges(text: str) -> list[float]:
    """ "18,25,35,50,65" → the lower edges of each band, increasing; ExplorerError otherwise."""
    try:
        edges = [float(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        edges = []
    if len(edges) < 1 or any(b <= a for a, b in zip(edges, edges[1:])):
        raise ExplorerError(
            f"Bands are written as increasing lower edges, e.g. 18,25,35,50,65, not {text!r}."
        )
    return edges


def band_labels(edges: list[float], *, whole: bool) -> list[str]:
    """ "Under 18", "18–24", …, "65+" for lower edges 18, 25, …, 65 (whole numbers: upper edge
    minus one; otherwise "18 to under 25")."""
    labels = [f"Under {format_code(edges[0])}"]
    for lo, hi in zip(edges, edges[1:]):
        if whole and float(lo).is_integer() and float(hi).is_integer():
            top = format_code(hi - 1)
            labels.append(format_code(lo) if top == format_code(lo) else f"{format_code(lo)}–{top}")
        else:
            labels.append(f"{format_code(lo)} to under {format_code(hi)}")
    labels.append(f"{format_code(edges[-1])}+")
    return labels


def add_bands(
    survey: Survey, variable: str, edges, *, name: str | None = None
) -> tuple[Survey, str]:
    """`survey` with a new ordered variable banding the numeric `variable` at `edges` (lower
    edges); returns it and the new variable's name. Missing or user-missing values stay missing;
    a band below the first edge is kept only if someone falls in it."""
    var = survey.variable(variable)
    if var.kind not in (Kind.NUMERIC, Kind.WEIGHT) and not (
        var.kind in (Kind.NOMINAL, Kind.SCALE) and len(var.codes) > 12
    ):
        raise ExplorerError(f"{variable} is not a number, so it cannot be banded.")
    edges = list(edges)
    values = survey.values(variable)
    values = np.where(var.missing_mask(values), np.nan, values)
    finite = values[~np.isnan(values)]
    whole = bool(finite.size == 0 or np.all(finite == np.round(finite)))
    labels = band_labels(edges, whole=whole)
    # band 1 = below the first edge, band k+1 = at or above edge k
    band = np.searchsorted(np.asarray(edges, dtype=np.float64), values, side="right").astype(float)
    band[np.isnan(values)] = np.nan
    codes = [(float(i), text) for i, text in enumerate(labels)]
    if not np.any(band == 0):
        codes = codes[1:]
    band = band + 1.0  # codes 1…: "Under <first>" is 1 when present
    codes = [(c + 1.0, t) for c, t in codes]
    new_name = name or _unique(survey, f"{variable}_band")
    label = f"{var.label or variable} (banded)"
    from explorer.core.survey.model import narrow

    columns = copied(survey.columns, {new_name: narrow(band)})
    variables = dict(survey.variables)
    variables[new_name] = Variable(
        new_name, label, Kind.SCALE, tuple(codes), measure="ordinal", banded_from=variable
    )
    return _rebuilt(survey, variables, columns), new_name


def parse_band(text: str) -> tuple[str, list[float]]:
    """ "age=18,25,35,50,65" → ("age", [18, 25, 35, 50, 65])."""
    name, sep, rest = text.partition("=")
    if not sep or not name.strip():
        raise ExplorerError(
            f"A banding is written VAR=EDGE,EDGE…, e.g. 'age=18,25,35,50,65', not {text!r}."
        )
    return name.strip(), parse_edges(rest)


def _unique(survey: Survey, name: str) -> str:
    out, n = name, 2
    while out in survey.variables:
        out, n = f"{name}{n}", n + 1
    return out
