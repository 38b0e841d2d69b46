"""Choosing (or dropping) the weight of a loaded survey: a new Survey sharing the same arrays,
weighted by another variable or by none, with its data notes about the weight replaced.
"""

from __future__ import annotations

from dataclasses import replace

from explorer.core.errors import ExplorerError
from explorer.core.survey.model import Kind, Survey
from explorer.core.survey.weighting import no_weight_note, raw_weights, weight_notes


def with_weight(survey, name: str | None):
    """A Survey that shares `survey`'s data but is weighted by `name` (None: unweighted), with
    its data notes about the weight replaced; ExplorerError if `name` cannot be a weight."""
    if name == survey.weight:
        return survey
    notes: list[str] = []
    variables = dict(survey.variables)
    if name is not None:
        var = survey.variable(name)
        if var.kind in (Kind.MULTI, Kind.TEXT, Kind.DATE):
            raise ExplorerError(f"{name} is not numeric, so it cannot be used as a weight.")
        try:
            notes = weight_notes(name, raw_weights(survey, name))
        except ValueError as error:
            raise ExplorerError.for_file(survey.source.path, str(error)) from None
        variables[name] = replace(var, kind=Kind.WEIGHT)
    elif survey.weight_candidates:
        notes = [no_weight_note(survey.weight_candidates)]
    kept = [w for w in survey.warnings if w not in survey.weight_notes]
    return Survey(
        variables,
        survey.columns,
        survey.source,
        weight=name,
        illustrative=survey.illustrative,
        warnings=kept + notes,
        weight_candidates=survey.weight_candidates,
        weight_notes=tuple(notes),
    )
