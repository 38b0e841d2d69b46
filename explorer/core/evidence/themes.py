"""The rows of an evidence matrix: themes, each a topic of the topic map or a focus-group code,
with the codes it stands for and the survey question (and the answer of it) it is read against.

A topic's question is its first charted question; a code's is the first question of the first
topic that holds the code (or the one the analyst names). The answer shown is the question's first
net when it has one ("Support (net)", "Trust (net)"), else its first answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from explorer.core.errors import ExplorerError
from explorer.core.session import Session
from explorer.core.survey.table import Table

TOPIC, CODE = "topic", "code"


@dataclass(frozen=True)
class Theme:
    """One row: what it is, which codes (guids, with every code below them) and which survey
    question and answer it is read against."""

    id: str  # the topic id, or the code's guid
    label: str
    kind: str  # TOPIC or CODE
    codes: tuple[str, ...]  # code guids, branches included
    code_names: tuple[str, ...]  # as `explorer quotes --code` takes them (paths where ambiguous)
    question: str | None = None
    answer: float | str | None = None  # a table row's code or net key; None: the default
    lead: tuple[str, ...] = ()  # the first named code's branch: exemplars come from it first


def _question_for_codes(session: Session, guids: set[str]) -> str | None:
    if session.topics is None or session.project is None:
        return None
    for topic in session.topics.topics:
        if guids & set(session.topic_codes(topic.id) or ()):
            questions = session.questions(topic.id)
            if questions:
                return questions[0]
    return None


def topic_themes(session: Session, topics: Sequence[str] = ()) -> list[Theme]:
    """A theme per named topic (id or title), or per topic of the map when none is named."""
    if session.topics is None:
        raise ExplorerError("No topic map is loaded, so there are no topics to make rows of.")
    chosen = list(topics) or [t.id for t in session.topics.topics]
    out = []
    for key in chosen:
        topic = session.topics.get(key)
        if topic is None:
            known = ", ".join(t.id for t in session.topics.topics)
            raise ExplorerError(f"The topic map has no topic {key!r}; its topics are {known}.")
        codes: list[str] = []
        names: list[str] = []
        lead: set[str] = set()
        if session.project is not None:
            project = session.project
            codes = session.topics.codes_for(topic, project)
            found = [project.code_by_name(n) for n in topic.codes]
            names = [project.code_path(c.guid, " > ") for c in found if c is not None]
            lead = next((project.descendants(c.guid) for c in found if c is not None), set())
        questions = session.questions(topic.id)
        out.append(
            Theme(
                id=topic.id,
                label=topic.title,
                kind=TOPIC,
                codes=tuple(codes),
                code_names=tuple(names),
                question=questions[0] if questions else None,
                lead=tuple(g for g in codes if g in lead),
            )
        )
    return out


def code_themes(session: Session, codes: Sequence[str], question: str | None = None) -> list[Theme]:
    """A theme per code (name, path or guid), read against `question` or its topic's."""
    from explorer.core.qual.queries import resolve_code

    project = session.project
    if project is None:
        raise ExplorerError("No focus groups are loaded, so there are no codes to make rows of.")
    out = []
    for name in codes:
        guid = resolve_code(project, name)
        branch = project.descendants(guid)
        out.append(
            Theme(
                id=guid,
                label=project.code_label(guid),
                kind=CODE,
                codes=tuple(g for g in project.codes if g in branch),
                code_names=(project.code_path(guid, " > "),),
                question=question or _question_for_codes(session, branch),
                lead=tuple(g for g in project.codes if g in branch),
            )
        )
    return out


def answer_row(table: Table, answer: float | str | None):
    """The row of `table` a theme reads: `answer` when given, else the first net, else the
    first answer; None when the table has no such row."""
    if answer is not None:
        for row in table.rows:
            if row.code == answer or (
                not isinstance(row.code, str)
                and not isinstance(answer, str)
                and float(row.code) == float(answer)
            ):
                return row
        return None
    nets = [r for r in table.rows if r.kind == "net"]
    codes = [r for r in table.rows if r.kind == "code"]
    return (nets or codes or [None])[0]


@dataclass(frozen=True)
class MatrixSpec:
    """What a matrix slide shows: the dimension its columns come from and its rows, each
    (TOPIC, topic id) or (CODE, code guid); `row` picks one row of it (None: them all)."""

    by: str
    themes: tuple[tuple[str, str], ...]
    row: str | None = None
    quotes: bool = True  # False: no exemplar quotes (a pack for a public audience)


def refs_of(themes: Sequence[Theme]) -> tuple[tuple[str, str], ...]:
    return tuple((t.kind, t.id) for t in themes)


def themes_from_refs(session: Session, refs: Sequence[tuple[str, str]]) -> list[Theme]:
    """The themes a saved spec names, in its order; ExplorerError for one the data lacks."""
    out: list[Theme] = []
    for kind, key in refs:
        if kind == TOPIC:
            out += topic_themes(session, [key])
        elif kind == CODE:
            out += code_themes(session, [key])
        else:
            raise ExplorerError(f"A matrix row of kind {kind!r} is neither a topic nor a code.")
    return out
