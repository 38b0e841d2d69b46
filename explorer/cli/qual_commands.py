"""`quotes`, `codes` and `describe FILE.qdpx`: the focus-group half of the command line.

`quotes` prints every coded passage (text with attribution lines, CSV or JSON), each with its
speaker and role (participant, facilitator or unknown) and where the file put it; `codes` prints
the code tree with the file's own counts, participant and group counts, optionally per attribute;
`describe` prints what the project file holds against what was loaded. `quotes` and `codes` say
the same reconciliation on stderr.
"""

from __future__ import annotations

import csv
import json
import os
import sys

from explorer.core.errors import ExplorerError
from explorer.core.qual.attribution import attribution, default_template
from explorer.core.qual.inventory import inventory_of
from explorer.core.qual.load import SUPPORTED, load_project
from explorer.core.qual.queries import QuoteQuery, code_frequencies, find_quotes, identifiability

ILLUSTRATIVE = "Illustrative: written for the product, not real participants' words"


def _where(items: list[str]) -> tuple[tuple[str, frozenset[str]], ...]:
    merged: dict[str, set[str]] = {}
    for item in items:
        attr, sep, value = item.partition("=")
        if not sep or not attr.strip() or not value.strip():
            raise ExplorerError(
                f"--where {item!r} is not in the form ATTRIBUTE=VALUE, e.g. Age=25–34."
            )
        merged.setdefault(attr.strip(), set()).update(v.strip() for v in value.split("|"))
    return tuple((a, frozenset(v)) for a, v in merged.items())


def _load(path: str):
    return load_project(path)


def _reconcile(project) -> int:
    """Say on stderr what the file held against what was loaded (after the output, so that an
    error stays one sentence); 0, the exit status."""
    name = os.path.basename(project.path) or project.name
    for line in inventory_of(project).lines():
        print(f"{name}: {line}", file=sys.stderr)
    return 0


def _row(q) -> dict:
    seg = q.segment
    users = q.project.users
    return {
        "text": seg.text,  # exactly the source's characters from start to end
        "quote": q.text,  # the words, without a speaker label the selection began with
        "source": q.source,
        "start": seg.start,
        "end": seg.end,
        "selection_guid": seg.guid,
        "file_start": seg.file_start if seg.file_start is not None else seg.start,
        "file_end": seg.file_end if seg.file_end is not None else seg.end,
        "speaker": q.speaker,
        "role": q.role,
        "exchange": [{"speaker": s, "role": r} for s, r in seg.exchange],
        "group": q.group,
        "attributes": q.attributes,
        "codes": list(q.codes),
        "memo": seg.memo,
        "coder": users[seg.creator].name if seg.creator in users else seg.creator,
        "created": seg.created,
    }


def run_quotes(args) -> int:
    where = _where(args.where or [])
    project = _load(args.project)
    codes = tuple(args.code or ())
    query = QuoteQuery(
        codes=codes,
        match="all" if args.all_codes else "any",
        where=where,
        groups=tuple(args.group or ()),
        search=args.search or "",
        speakers_only=args.participants_only,
        participants_only=args.participants_only,
        coders=tuple(args.coder or ()),
        include_blank=args.format == "json",
    )
    quotes = find_quotes(project, query)
    out = sys.stdout
    if args.format == "json":
        rows = [_row(q) for q in quotes]
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return _reconcile(project)
    if args.format == "csv":
        attrs = project.attribute_names
        writer = csv.writer(out, lineterminator="\n")
        head = ["text", "source", "start", "end", "speaker", "role", "group", "codes"]
        writer.writerow([*head, "selection_guid", "file_start", "file_end", *attrs])
        for q in quotes:
            row = _row(q)
            writer.writerow(
                [
                    q.text,
                    *(row[k] for k in head[1:6]),
                    "; ".join(q.codes),
                    *(row[k] for k in ("selection_guid", "file_start", "file_end")),
                    *(q.attributes.get(a, "") for a in attrs),
                ]
            )
        return _reconcile(project)
    if project.illustrative:
        print(ILLUSTRATIVE, file=out)
        print(file=out)
    template = default_template(project)
    for q in quotes:
        print(f"“{' '.join(q.text.split())}”", file=out)
        print(f"    — {attribution(q, template)}  [{'; '.join(q.codes)}]", file=out)
        print(file=out)
    people = identifiability(project, quotes)
    print(
        f"{len(quotes)} quote{'s' if len(quotes) != 1 else ''} from {people.participants} participant"
        f"{'s' if people.participants != 1 else ''}.",
        file=out,
    )
    if people.warn:
        print(f"Warning: {people.message}", file=out)
    return _reconcile(project)


def run_codes(args) -> int:
    project = _load(args.project)
    # every coded passage counts, the facilitator's too: the counts the coding tool shows
    rows = code_frequencies(project, by=args.by, speakers_only=False)
    out = sys.stdout
    if args.format == "json":
        json.dump(
            [
                {
                    "code": r.name,
                    "path": r.path,
                    "guid": r.code,
                    "depth": r.depth,
                    "value": r.value,
                    "coded": r.coded,
                    "segments": r.segments,
                    "facilitator": r.facilitator,
                    "participants": r.participants,
                    "groups": r.groups,
                    "description": project.codes[r.code].description,
                    "color": project.codes[r.code].color,
                    "codable": project.codes[r.code].codable,
                }
                for r in rows
            ],
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
        return _reconcile(project)
    if args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "code",
                "path",
                "depth",
                args.by or "value",
                "coded",
                "segments",
                "facilitator",
                "participants",
                "groups",
            ]
        )
        for r in rows:
            writer.writerow(
                [
                    r.name,
                    r.path,
                    r.depth,
                    "" if r.value is None else r.value,
                    r.coded,
                    r.segments,
                    r.facilitator,
                    r.participants,
                    r.groups,
                ]
            )
        return _reconcile(project)
    if project.illustrative:
        print(ILLUSTRATIVE, file=out)
        print(file=out)
    width = max((len(r.name) + 2 * r.depth for r in rows), default=10) + 2
    print(
        f"{'code':<{width}}{'coded':>7}{'with sub-codes':>16}{'facilitator':>13}{'people':>8}"
        f"{'groups':>8}",
        file=out,
    )
    for r in rows:
        if r.value is None:
            label = "  " * r.depth + r.name
        else:
            label = "  " * (r.depth + 1) + f"{args.by} = {r.value}"
        print(
            f"{label:<{width}}{r.coded:>7}{r.segments:>16}{r.facilitator:>13}"
            f"{r.participants:>8}{r.groups:>8}",
            file=out,
        )
    return _reconcile(project)


def run_describe_project(args) -> int:
    from explorer.core.qual.describe import describe_project, render_text

    project = load_project(args.survey)
    info = describe_project(project)
    if args.format == "json":
        json.dump(info, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(info))
    return 0


def _describe_dispatch(survey_run):
    def run(args) -> int:
        path = args.survey
        if os.path.splitext(path)[1].casefold() in (".qdpx", ".qde"):
            return run_describe_project(args)
        return survey_run(args)

    return run


def register(commands) -> None:
    quotes = commands.add_parser("quotes", help="quotes from a coded focus-group project")
    quotes.add_argument("project", help=".qdpx, .qde, .csv or .xlsx file")
    quotes.add_argument(
        "--code",
        action="append",
        metavar="NAME",
        help='code name or path, e.g. "Trust > Local police" (repeatable)',
    )
    quotes.add_argument("--all-codes", action="store_true", help="a quote must carry every --code")
    quotes.add_argument(
        "--where",
        action="append",
        metavar="ATTR=VALUE",
        help="participant attribute filter, e.g. Age=25–34 (repeatable; A|B for either)",
    )
    quotes.add_argument("--group", action="append", metavar="G", help="focus group (repeatable)")
    quotes.add_argument("--search", metavar="TEXT", help='words and "phrases" that must all appear')
    quotes.add_argument("--format", choices=("text", "csv", "json"), default="text")
    quotes.add_argument(
        "--participants-only",
        action="store_true",
        help="leave out facilitators' passages and those whose speaker is unknown",
    )
    quotes.add_argument("--coder", action="append", metavar="USER", help="coded by (repeatable)")
    quotes.set_defaults(run=run_quotes)

    codes = commands.add_parser("codes", help="the code tree with counts")
    codes.add_argument("project", help=".qdpx, .qde, .csv or .xlsx file")
    codes.add_argument("--by", metavar="ATTR", help="also count per value of this attribute")
    codes.add_argument("--format", choices=("text", "csv", "json"), default="text")
    codes.set_defaults(run=run_codes)

    # `describe` is the survey's command; a REFI-QDA project given to it is described here
    describe = commands.choices.get("describe")
    if describe is not None:
        describe.set_defaults(run=_describe_dispatch(describe.get_default("run")))
        describe.epilog = f"A focus-group project ({', '.join(SUPPORTED[:2])}) is described too."
