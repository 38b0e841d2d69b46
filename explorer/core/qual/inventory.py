"""What a project file holds against what was loaded: sources, codes, coded passages, cases and
users found and loaded, everything left out with why and how many coded passages went with it,
and how each source's positions were counted (see offsets.py).

Every loader fills one `Inventory`; the window's Data notes, the `quotes`/`codes` commands' stderr
and `python -m explorer describe FILE.qdpx` all print the same lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("sources", "codes", "coded passages", "cases", "users")


@dataclass
class Omission:
    what: str  # "media source", "PDF source", "selection outside the text", …
    items: int = 0
    passages: int = 0  # coded passages that went with them


@dataclass
class Inventory:
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    loaded: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    omitted: dict[str, Omission] = field(default_factory=dict)
    conventions: list[str] = field(default_factory=list)  # "'Group 1.txt': CRLF as one, …"
    unfit: list[str] = field(default_factory=list)  # sources where no convention fits
    facts: list[str] = field(default_factory=list)  # categories, annotations, blank passages…

    def omit(self, what: str, items: int = 1, passages: int = 0) -> None:
        entry = self.omitted.setdefault(what, Omission(what))
        entry.items += items
        entry.passages += passages

    @property
    def documents(self) -> int:
        return self.loaded["sources"]

    def summary(self) -> str:
        """One line: "10 documents and 307 codes, no coded passages yet" or what was loaded."""
        docs, codes = self.loaded["sources"], self.loaded["codes"]
        head = f"{_n(docs, 'document')} and {_n(codes, 'code')}"
        passages = self.loaded["coded passages"]
        if not passages:
            return f"{head}, no coded passages yet"
        found = self.found["coded passages"]
        tail = "" if found == passages else f" (of {found} in the file)"
        return f"{head}, {_n(passages, 'coded passage')} loaded{tail}"

    @property
    def complete(self) -> bool:
        """Everything the file holds was loaded (the first line says only that)."""
        return self.found == self.loaded

    def lines(self) -> list[str]:
        """Every line of the reconciliation, in words."""
        out = [
            "found / loaded: "
            + "; ".join(f"{kind} {self.found[kind]} / {self.loaded[kind]}" for kind in KINDS)
        ]
        for entry in self.omitted.values():
            carried = f", carrying {_n(entry.passages, 'coded passage')}" if entry.passages else ""
            out.append(f"not loaded: {entry.items} × {entry.what}{carried}")
        out += [f"positions: {line}" for line in self.conventions]
        out += [f"no position convention fits {line}" for line in self.unfit]
        out += self.facts
        return out


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def inventory_of(project) -> Inventory:
    """The project's inventory; loaders without one (spreadsheets, built projects) get one made
    from what the project holds, with nothing found that was not loaded."""
    if project.inventory is not None:
        return project.inventory
    inv = Inventory()
    counts = {
        "sources": len(project.sources),
        "codes": len(project.codes),
        "coded passages": len(project.segments),
        "cases": len(project.cases),
        "users": len(project.users),
    }
    inv.found.update(counts)
    inv.loaded.update(counts)
    return inv
