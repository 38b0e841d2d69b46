"""The significance and design settings a briefing's figures were made with (correction,
confidence, two levels, pairwise or vs the rest, the smallest effective base tested, strata and
clusters), recorded when the briefing is saved, so that an export from the command line tests its
letters as the window did.

Written into the briefing file only when recorded; a briefing without them is exported with the
defaults. Empty categories and the multiple-response base belong to each slide's view instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from explorer.core.survey.table import TableOptions

FIELDS = ("correction", "confidence", "two_levels", "compare", "min_test_base", "strata", "cluster")


def recorded(options: TableOptions) -> TableOptions:
    """Only the settings a briefing records (everything else at its default)."""
    return replace(TableOptions(), **{name: getattr(options, name) for name in FIELDS})


def applied(
    options: TableOptions, statistics: TableOptions | None, survey: Any = None
) -> TableOptions:
    """`options` with a briefing's recorded settings (unchanged when it recorded none); a strata
    or cluster variable that `survey` (when given) lacks is dropped, not an error on every slide."""
    if statistics is None:
        return options
    out = replace(options, **{name: getattr(statistics, name) for name in FIELDS})
    if survey is not None:
        names = survey.variables
        out = replace(
            out,
            strata=out.strata if out.strata in names else None,
            cluster=out.cluster if out.cluster in names else None,
        )
    return out


def to_json(statistics: TableOptions) -> dict[str, Any]:
    return {name: getattr(statistics, name) for name in FIELDS}


def from_json(obj: Any) -> TableOptions:
    """The recorded settings; ValueError (a sentence) for anything else."""
    if not isinstance(obj, Mapping):
        raise ValueError("its statistics settings are not an object")
    kinds = {
        "correction": str,
        "confidence": float,
        "two_levels": bool,
        "compare": str,
        "min_test_base": int,
        "strata": (str, type(None)),
        "cluster": (str, type(None)),
    }
    values = {}
    for name, kind in kinds.items():
        value = obj.get(name, getattr(TableOptions(), name))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            raise ValueError(f"its statistics setting {name!r} is not valid")
        values[name] = value
    if values["min_test_base"] < 0:
        raise ValueError("its statistics setting 'min_test_base' is negative")
    try:
        return replace(TableOptions(), **values)  # checks correction, confidence and compare
    except ValueError as error:
        raise ValueError(f"its statistics settings are not valid ({error})") from None
