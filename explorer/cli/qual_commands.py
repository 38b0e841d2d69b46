"""`quotes` and `codes`: the focus-group half of the command line.

`quotes` prints what participants said (text with attribution lines, CSV or JSON); `codes` prints
the code tree with segment, participant and group counts, optionally per participant attribute.
"""

from __future__ import annotations

import csv
import json
import sys

from explorer.core.errors import ExplorerError
from explorer.core.qual.attribution import attribution
from explorer.core.qual.load import load_project
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


def run_quotes(args) -> int:
    where = _where(args.where or [])
    project = load_project(args.project)
    codes = tuple(args.code or ())
    query = QuoteQuery(
        codes=codes,
        match="all" if args.all_codes else "any",
        where=where,
        groups=tuple(args.group or ()),
        search=args.search or "",
    )
    quotes = find_quotes(project, query)
    out = sys.stdout
    if args.format == "json":
        rows = [
            {
                "text": q.text,
                "source": q.source,
                "start": q.segment.start,
                "end": q.segment.end,
                "speaker": q.speaker,
                "group": q.group,
                "attributes": q.attributes,
                "codes": list(q.codes),
            }
            for q in quotes
        ]
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if args.format == "csv":
        attrs = project.attribute_names
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["text", "source", "start", "end", "speaker", "group", "codes", *attrs])
        for q in quotes:
            writer.writerow(
                [
                    q.text,
                    q.source,
                    q.segment.start,
                    q.segment.end,
                    q.speaker,
                    q.group,
                    "; ".join(q.codes),
                    *(q.attributes.get(a, "") for a in attrs),
                ]
            )
        return 0
    if project.illustrative:
        print(ILLUSTRATIVE, file=out)
        print(file=out)
    for q in quotes:
        print(f"“{' '.join(q.text.split())}”", file=out)
        print(f"    — {attribution(q)}  [{'; '.join(q.codes)}]", file=out)
        print(file=out)
    people = identifiability(project, quotes)
    print(
        f"{len(quotes)} quote{'s' if len(quotes) != 1 else ''} from {people.participants} participant"
        f"{'s' if people.participants != 1 else ''}.",
        file=out,
    )
    if people.narrow:
        print(f"Warning: {people.message}", file=out)
    return 0


def run_codes(args) -> int:
    project = load_project(args.project)
    rows = code_frequencies(project, by=args.by)
    out = sys.stdout
    if args.format == "json":
        json.dump(
            [
                {
                    "code": r.name,
                    "guid": r.code,
                    "depth": r.depth,
                    "value": r.value,
                    "segments": r.segments,
                    "participants": r.participants,
                    "groups": r.groups,
                }
                for r in rows
            ],
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
        return 0
    if args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "depth", args.by or "value", "segments", "participants", "groups"])
        for r in rows:
            writer.writerow(
                [
                    r.name,
                    r.depth,
                    "" if r.value is None else r.value,
                    r.segments,
                    r.participants,
                    r.groups,
                ]
            )
        return 0
    if project.illustrative:
        print(ILLUSTRATIVE, file=out)
        print(file=out)
    width = max((len(r.name) + 2 * r.depth for r in rows), default=10) + 2
    print(f"{'code':<{width}}{'segments':>9}{'people':>8}{'groups':>8}", file=out)
    for r in rows:
        if r.value is None:
            label = "  " * r.depth + r.name
        else:
            label = "  " * (r.depth + 1) + f"{args.by} = {r.value}"
        print(f"{label:<{width}}{r.segments:>9}{r.participants:>8}{r.groups:>8}", file=out)
    return 0


def register(commands) -> None:
    quotes = commands.add_parser("quotes", help="quotes from a coded focus-group project")
    quotes.add_argument("project", help=".qdpx, .qde, .csv or .xlsx file")
    quotes.add_argument("--code", action="append", metavar="NAME", help="code name (repeatable)")
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
    quotes.set_defaults(run=run_quotes)

    codes = commands.add_parser("codes", help="the code tree with counts")
    codes.add_argument("project", help=".qdpx, .qde, .csv or .xlsx file")
    codes.add_argument("--by", metavar="ATTR", help="also count per value of this attribute")
    codes.add_argument("--format", choices=("text", "csv", "json"), default="text")
    codes.set_defaults(run=run_codes)
