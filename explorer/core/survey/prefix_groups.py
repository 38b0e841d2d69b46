"""Which dichotomy items make a multiple-response set by their names alone: two or more sharing a
`prefix_` and one counted code, the prefix not itself a variable. One rule for the loaders, which
find the counted codes from the data (`kinds.prefix_sets`), and for a streamed file's catalogue,
which finds them from the metadata (`catalog`).
"""

from __future__ import annotations

from collections.abc import Container, Iterable


def prefix_groups(
    items: Iterable[tuple[str, float]], names: Container[str]
) -> list[tuple[str, tuple[str, ...], float]]:
    """(prefix, members, counted code) of each group of ≥2 dichotomy items — (name, counted
    code), in file order — sharing a `prefix_` and one counted code, the prefix not itself one
    of `names`."""
    groups: dict[str, list[tuple[str, float]]] = {}
    for name, code in items:
        if "_" in name.strip("_"):
            groups.setdefault(name.rsplit("_", 1)[0] + "_", []).append((name, code))
    out = []
    for prefix, found in groups.items():
        codes = {code for _, code in found}
        if len(found) >= 2 and len(codes) == 1 and prefix not in names:
            out.append((prefix, tuple(name for name, _ in found), codes.pop()))
    return out
