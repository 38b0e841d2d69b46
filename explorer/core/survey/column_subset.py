"""Which of a .sav file's columns a request needs, from the file's metadata alone, so a command
that tabulates three variables reads three columns (plus what they depend on), not sixty.

A requested variable brings its multiple-response set's members (SPSS MR sets, and `prefix_`
groups), and every weight-like variable comes too, so that the weight is detected exactly as
when the whole file is read.
"""

from __future__ import annotations

from collections.abc import Iterable

from explorer.core.survey.kinds import _BODY_WEIGHT, _WEIGHT_LABEL, _WEIGHT_NAME


def needed_columns(requested: Iterable, meta) -> list[str] | None:
    """The file's columns (in file order) that `requested` variables need, or None to read every
    column (nothing requested, or a name the file does not have: the loader then says so).

    An item may also be a request that names its columns from the metadata itself (it has
    `columns_of(meta)`, e.g. `evidence.matrix_columns.MatrixColumns`): its names are taken."""
    requested = list(requested)
    for item in [i for i in requested if hasattr(i, "columns_of")]:
        named = item.columns_of(meta)
        if named is None:
            return None
        requested += named
    requested = [i for i in requested if not hasattr(i, "columns_of")]
    names = list(meta.column_names)
    by_lower = {name.lower(): name for name in names}
    labels = dict(zip(names, meta.column_labels or [None] * len(names)))
    sets = {key.lstrip("$").lower(): spec for key, spec in (meta.mr_sets or {}).items()}
    keep: set[str] = set()
    asked = [name for name in requested if name]
    if not asked:
        return None
    for raw in asked:
        name = raw.strip().lstrip("$")
        found = False
        if name.lower() in by_lower:
            keep.add(by_lower[name.lower()])
            found = True
        spec = sets.get(name.lower())
        if spec:
            keep.update(m for m in spec.get("variable_list", ()) if m in labels)
            found = True
        stem = name.rstrip("_").lower() + "_"
        group = [n for n in names if n.lower().startswith(stem)]
        if group and name.lower() not in by_lower:
            keep.update(group)  # a `prefix_` multiple-response group named by its prefix
            found = True
        if not found:
            return None
    for name in names:
        label = labels.get(name) or ""
        if _BODY_WEIGHT.search(label):
            continue
        if _WEIGHT_NAME.search(name) or _WEIGHT_LABEL.search(label):
            keep.add(name)
    return [name for name in names if name in keep]
