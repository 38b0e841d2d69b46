"""Which survey columns an evidence matrix needs, worked out from the file's metadata alone (names,
labels, value labels, multiple-response sets), so `explorer matrix` reads those and not the rest.

A matrix depends on more than its rows' questions: its profile dimensions are worked out from the
whole survey (the first variable that matches a focus-group attribute takes it), a topic's question
is the first charted one of the variables it names, and an item of a multiple-response set is
charted as its set. So the request keeps every variable that could change any of that:

* every variable that could be a profile dimension: a profile name (`dimensions._PROFILE_NAMES`),
  a linked variable, a name or label matching a focus-group attribute;
* every variable a row's topic names (or, for code rows, that any topic names), or the one
  question given instead; the filters' variables; the weight and every weight-like variable;
* then, until nothing changes: the whole multiple-response set of any kept item, and every
  possible dichotomy sharing a kept possible dichotomy's `prefix_` (a prefix set is whole or
  absent, as in a full read).

With every dimension-making variable kept, the session's dimensions are those of the full read, so
the matrix is too (tests/cli/test_matrix_columns.py compares the two). The request is handed to the
reader in place of a list of names (`column_subset.needed_columns` asks it `columns_of(meta)`), so
a .sav is still opened once, in its isolated child.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from explorer.core.dimensions import _PROFILE_NAMES, _name_key
from explorer.core.survey.kinds import _BODY_WEIGHT, _SELECTED, _WEIGHT_LABEL, _WEIGHT_NAME
from explorer.core.survey.model import format_code


@dataclass(frozen=True)
class MatrixColumns:
    """What a matrix request names, in plain data (it travels to the reader's child process)."""

    attributes: tuple[str, ...]  # the focus groups' attribute names
    links: tuple[str, ...]  # survey variables named by a dimension link
    patterns: tuple[str, ...]  # the topic map's question names and patterns the rows may use
    names: tuple[str, ...]  # variables named outright: the question, filters, weight

    def columns_of(self, meta) -> list[str] | None:
        """The file's columns (in file order) the matrix needs, or None to read every column (a
        named variable the file does not have: the full read then says so as it always did)."""
        return _Columns(meta).needed(self)


class _Columns:
    """The file's variables as the metadata describes them."""

    def __init__(self, meta) -> None:
        self.names = [str(n) for n in meta.column_names]
        given = list(getattr(meta, "column_labels", None) or [None] * len(self.names))
        self.labels = {n: (str(text or "").strip() or n) for n, text in zip(self.names, given)}
        self.sets: dict[str, list[str]] = {}
        for raw, spec in (getattr(meta, "mr_sets", None) or {}).items():
            members = [m for m in (spec or {}).get("variable_list", ()) if m in self.labels]
            self.sets[str(raw).lstrip("$").casefold()] = members
        self.value_labels = getattr(meta, "variable_value_labels", None) or {}
        self.missing = getattr(meta, "missing_ranges", None) or {}
        self.by_fold = {n.casefold(): n for n in self.names}

    # --- naming -------------------------------------------------------------------------------
    def resolve(self, name: str) -> set[str] | None:
        """The columns a variable name stands for (a column, an MR set, a `prefix_` set), any
        letter case; None when the file has no such variable."""
        folded = name.strip().casefold()
        if folded in self.by_fold:
            return {self.by_fold[folded]}
        if folded.lstrip("$") in self.sets:
            return set(self.sets[folded.lstrip("$")])
        stem = folded.rstrip("_") + "_"
        group = {n for n in self.names if _stem(n) is not None and _stem(n).casefold() == stem}
        return group or None

    def matching(self, patterns: Iterable[str]) -> set[str]:
        """The columns behind every variable (column, MR set, prefix set) a topic pattern names."""
        folded = [p.casefold() for p in patterns]
        if not folded:
            return set()
        out: set[str] = set()
        candidates = {n: {n} for n in self.names}
        for key, members in self.sets.items():
            candidates["$" + key] = set(members)
        for n in self.names:
            stem = _stem(n)
            if stem is not None:
                candidates.setdefault(stem, set()).add(n)
        for name, columns in candidates.items():
            if any(fnmatchcase(name.casefold(), p) for p in folded):
                out |= columns
        return out

    # --- what could change the result ---------------------------------------------------------
    def dimension_makers(self, request: MatrixColumns) -> set[str]:
        keys = {_name_key(a) for a in request.attributes}
        out = {n for n in self.names if _PROFILE_NAMES.match(n)}
        out |= {n for n in self.names if {_name_key(self.labels[n]), _name_key(n)} & keys}
        for link in request.links:
            out |= self.resolve(link) or set()
        return out

    def weight_like(self) -> set[str]:
        return {
            n
            for n in self.names
            if not _BODY_WEIGHT.search(self.labels[n])
            and (_WEIGHT_NAME.search(n) or _WEIGHT_LABEL.search(self.labels[n]))
        }

    def maybe_dichotomy(self, name: str) -> bool:
        """Whether `name` might be a 0/1 item of a prefix set (`kinds.counted_code`): False only
        when its value labels settle that it is not (labelled, with no "selected" label)."""
        labelled = [
            (code, text)
            for code, text in (self.value_labels.get(name) or {}).items()
            if isinstance(code, int | float) and str(text) != format_code(float(code))
        ]
        labelled = [(c, t) for c, t in labelled if not self._declared_missing(name, float(c))]
        if not labelled:
            return True  # decided by the data: keep it possible
        return any(_SELECTED.match(str(t).strip()) for _c, t in labelled)

    def _declared_missing(self, name: str, code: float) -> bool:
        for span in self.missing.get(name) or ():
            try:
                if float(span["lo"]) <= code <= float(span["hi"]):
                    return True
            except (KeyError, TypeError, ValueError):
                continue
        return False

    def closed(self, keep: set[str]) -> set[str]:
        """`keep` with the whole MR set of each kept item and every possible dichotomy sharing
        the stem of a kept possible dichotomy, until nothing more comes."""
        stems: dict[str, set[str]] = {}
        for n in self.names:
            if _stem(n) is not None and self.maybe_dichotomy(n):
                stems.setdefault(_stem(n), set()).add(n)
        todo = list(keep)
        keep = set(keep)
        while todo:
            name = todo.pop()
            more = set()
            for members in self.sets.values():
                if name in members:
                    more |= set(members)
            stem = _stem(name)
            if stem is not None and name in stems.get(stem, ()):
                more |= stems[stem]
            for extra in more - keep:
                keep.add(extra)
                todo.append(extra)
        return keep

    def needed(self, request: MatrixColumns) -> list[str] | None:
        keep: set[str] = set()
        for name in request.names:
            found = self.resolve(name)
            if found is None:
                return None
            keep |= found
        keep |= self.matching(request.patterns)
        keep |= self.dimension_makers(request)
        keep |= self.weight_like()
        keep = self.closed(keep)
        return [n for n in self.names if n in keep]


def _stem(name: str) -> str | None:
    """The `prefix_` a prefix set of `name` would be named by (`kinds.prefix_sets`)."""
    if "_" not in name.strip("_"):
        return None
    return name.rsplit("_", 1)[0] + "_"


def matrix_request(
    session,
    *,
    question: str | None,
    topics: Iterable[str],
    codes: bool,
    filters: Iterable[str],
    weight: str | None,
) -> MatrixColumns:
    """The request of `explorer matrix` over a session holding its focus groups and topic map
    (no survey yet): `topics` the rows' topics (none: every topic), `codes` True for code rows
    (whose question comes from any topic holding the code)."""
    attributes = tuple(session.project.attribute_names) if session.project is not None else ()
    patterns: list[str] = []
    if question is None and session.topics is not None:
        chosen = [session.topics.get(key) for key in topics] if topics and not codes else []
        if not chosen or any(t is None for t in chosen):
            chosen = list(session.topics.topics)
        patterns = [p for topic in chosen for p in topic.questions]
    names = [question] if question else []
    names += [text.partition("=")[0].strip() for text in filters if "=" in text]
    names += [weight] if weight else []
    return MatrixColumns(
        attributes=attributes,
        links=tuple(link.survey_variable for link in session.links),
        patterns=tuple(patterns),
        names=tuple(n for n in names if n),
    )
