"""`matrix`: the evidence matrix on the command line — themes (topics or codes) by the groups of
a profile dimension both halves share, each cell the survey's estimate beside the focus groups'
prevalence and an exemplar, computed by the same core as the window (explorer.core.evidence).
"""

from __future__ import annotations

import json
import sys

from explorer.core.errors import ExplorerError


def register(commands) -> None:
    matrix = commands.add_parser(
        "matrix",
        help="the evidence matrix: survey numbers and focus-group voices by group",
        description="Themes by the groups of a shared profile dimension: each cell the survey's "
        "estimate of the theme's question and the focus groups' prevalence of the theme.",
    )
    matrix.add_argument("--survey", required=True, metavar="S", help="survey file")
    matrix.add_argument("--qual", required=True, metavar="Q", help="focus-group project")
    matrix.add_argument("--by", required=True, metavar="DIM", help="shared profile dimension")
    rows = matrix.add_mutually_exclusive_group()
    rows.add_argument(
        "--topic", action="append", metavar="T", help="a topic as a row (repeatable; default all)"
    )
    rows.add_argument("--codes", nargs="+", metavar="CODE", help="codes as rows")
    matrix.add_argument("--question", metavar="VAR", help="the survey question of every row")
    matrix.add_argument("--answer", metavar="CODE", help="the answer shown (a code or net key)")
    matrix.add_argument("--topics", metavar="FILE", help="topic map (default: topics.json beside)")
    matrix.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="VAR=CODE[,CODE…]",
        help="keep only these respondents and participants (as `explorer table --filter`)",
    )
    matrix.add_argument("--weight", metavar="VAR", help="weight by this variable")
    matrix.add_argument("--briefing", metavar="FILE", help="carry the summaries and tags from it")
    matrix.add_argument(
        "--participants",
        action="store_true",
        help="also list each participant's passages per theme (json: under 'participants')",
    )
    matrix.add_argument("--format", choices=("text", "json"), default="text")
    matrix.set_defaults(run=run_matrix)


def _answer(text: str | None):
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _columns(session, args) -> list | None:
    """What the survey's reader is asked for: the matrix's request, which names its columns from
    the file's metadata (`evidence.matrix_columns`), so only those are read."""
    from explorer.core.evidence.matrix_columns import matrix_request

    request = matrix_request(
        session,
        question=args.question,
        topics=args.topic or (),
        codes=bool(args.codes),
        filters=args.filter,
        weight=args.weight,
    )
    return [request]


def _load(args):
    """The focus groups and topic map first, then only the survey columns the matrix needs (its
    dimensions depend on the focus groups' attributes, so they must be known before the read)."""
    from explorer.core.session import Session, find_topics_beside, load_session
    from explorer.core.survey.load import load_survey

    topics = args.topics or find_topics_beside(args.survey, args.qual)
    base = load_session(None, args.qual, topics)
    survey = load_survey(args.survey, weight=args.weight, columns=_columns(base, args))
    return Session(survey, base.project, base.topics, base.links)


def run_matrix(args) -> int:
    from dataclasses import replace

    from explorer.core.evidence.matrix import build_matrix
    from explorer.core.evidence.matrix_json import matrix_lines, matrix_to_json
    from explorer.core.evidence.themes import code_themes, topic_themes
    from explorer.core.open_view import open_view

    session = _load(args)
    question = None
    if args.question:
        question = next(
            (v for v in session.survey.variables if v.casefold() == args.question.casefold()),
            None,
        )
        if question is None:
            raise ExplorerError.for_file(args.survey, f"has no variable named {args.question!r}")
    if args.codes:
        themes = code_themes(session, args.codes, question)
    else:
        themes = topic_themes(session, args.topic or ())
    if question or args.answer is not None:
        themes = [
            replace(t, question=question or t.question, answer=_answer(args.answer)) for t in themes
        ]
    state, _view = open_view(session, None, None, args.filter)
    matrix = build_matrix(session, state, args.by, themes)
    notes = None
    if args.briefing:
        from explorer.core.briefing.store import load_briefing

        notes = load_briefing(args.briefing).evidence
    from explorer.core.evidence import quantitize as qz

    people = qz.participant_themes(session, matrix) if args.participants else None
    if args.format == "json":
        from explorer.cli.output import finite

        data = matrix_to_json(matrix, notes)
        if people is not None:
            data["participants"] = qz.participants_to_json(matrix, people)
        json.dump(finite(data), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    lines = matrix_lines(matrix)
    if people is not None:
        ids = [r.theme.id for r in matrix.rows]
        lines += ["", "Passages per participant and theme (0: not raised): " + ", ".join(ids)]
        lines += [f"  {p.participant} ({p.group}): {list(p.passages)}" for p in people]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
