"""`table`, `describe` and `sample`: the survey half of the command line.

Each prints to stdout; any problem becomes an `ExplorerError`, which `explorer.cli.main` turns into
one sentence on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from explorer.cli import stats_args
from explorer.cli.output import print_json, print_result
from explorer.cli.selection_args import add_codes, add_selection
from explorer.core.errors import ExplorerError


def add_threshold_argument(parser) -> None:
    parser.add_argument(
        "--suppress-below",
        type=_threshold,
        default=10,
        metavar="N",
        help="hide figures resting on fewer than N respondents, and any figure that would let a "
        "hidden one be worked out (default 10; docs/disclosure.md)",
    )


def _threshold(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 2 <= value <= 100:
        raise argparse.ArgumentTypeError(f"a whole number from 2 to 100, not {text!r}")
    return value


def register(commands) -> None:
    """Add the survey sub-commands to the `commands` sub-parser collection."""
    table = commands.add_parser(
        "table",
        help="print a weighted table of one question",
        description="Weighted percentages of a question, optionally by another variable.",
    )
    table.add_argument(
        "survey",
        metavar="SURVEY",
        help="survey file (.sav, .csv, .xlsx, …) or tracker folder (one Parquet file per wave)",
    )
    add_selection(table)
    table.add_argument(
        "--net",
        action="append",
        default=[],
        metavar="LABEL=CODES",
        help="add a net of the question's codes, e.g. 'Any contact=1,2,3' (repeatable)",
    )
    table.add_argument(
        "--band",
        action="append",
        default=[],
        metavar="VAR=EDGES",
        help="band a number at these lower edges, e.g. 'age=18,25,35,50,65'; --question or "
        "--by naming VAR then use the bands (repeatable)",
    )
    table.add_argument(
        "--multi-base",
        choices=("answered", "all"),
        default="answered",
        help="base of a multiple-response question: those who answered any item (default) "
        "or all respondents",
    )
    table.add_argument(
        "--show-empty",
        action="store_true",
        help="also show labelled codes nobody in the base chose (hidden by default)",
    )
    add_codes(table)
    table.add_argument("--decimals", type=int, default=0, choices=range(0, 4), metavar="N")
    add_threshold_argument(table)
    table.add_argument("--format", choices=("text", "csv", "json"), default="text")
    stats_args.add_arguments(table)
    table.set_defaults(run=run_table)

    describe = commands.add_parser(
        "describe", help="list a survey's variables", description="Variables, kinds and bases."
    )
    describe.add_argument("survey", metavar="SURVEY", help="survey file")
    describe.add_argument("--weight", metavar="VAR", help="weight by this variable")
    describe.add_argument(
        "--codebook", metavar="FILE", help="codebook for CSV/Excel data (see docs/codebook.md)"
    )
    describe.add_argument("--format", choices=("text", "json"), default="text")
    describe.set_defaults(run=run_describe)

    sample = commands.add_parser(
        "sample",
        help="write the illustrative London sample survey",
        description="Generate an illustrative London survey (synthetic respondents) as .sav.",
    )
    sample.add_argument("--respondents", type=int, default=1000, metavar="N")
    sample.add_argument("--out", required=True, metavar="FILE")
    sample.add_argument("--seed", type=int, default=None, metavar="S")
    sample.add_argument(
        "--tracker",
        action="store_true",
        help="write the illustrative four-wave tracker (one .sav per wave and the pooled file "
        "with a wave variable) into the folder --out",
    )
    sample.set_defaults(run=run_sample)


# --- loading ----------------------------------------------------------------------------------
def open_survey(
    path: str,
    *,
    weight: str | None = None,
    unweighted: bool = False,
    codebook: str | None = None,
    must_choose_weight: bool = False,
    columns: list[str] | None = None,
):
    """Load a survey through the project's loader; whatever else goes wrong is one sentence.

    `unweighted` applies no weight; `must_choose_weight` refuses (exit 2) a file with several
    weight-like variables when neither a weight nor `unweighted` was given, listing them.
    """
    from explorer.core.survey.load import load_survey
    from explorer.core.survey.weight_choice import with_weight

    if not os.path.exists(path):
        raise ExplorerError.for_file(path, "no such file")
    if codebook is not None and not os.path.isfile(codebook):
        raise ExplorerError.for_file(codebook, "no such codebook file")
    try:
        survey = load_survey(path, weight=weight, codebook=codebook, columns=columns)
    except ExplorerError:
        raise
    except Exception as error:  # the CLI's promise: a sentence, never a traceback
        raise ExplorerError.for_file(
            path, f"the file could not be read as a survey ({type(error).__name__})"
        ) from error
    if unweighted:
        return with_weight(survey, None)
    if must_choose_weight and survey.weight is None and len(survey.weight_candidates) > 1:
        raise ExplorerError.for_file(
            path,
            f"several variables look like weights ({', '.join(survey.weight_candidates)}); "
            "choose one with --weight VAR, or --unweighted",
        )
    return survey


def print_warnings(survey) -> None:
    """The load's data notes on stderr, so a table never hides what loading noticed."""
    for note in survey.warnings:
        print(f"note: {survey.name}: {note}", file=sys.stderr)


def resolve(survey, name: str) -> str:
    """A variable's name as stored, accepting any letter case (SPSS names are case-blind)."""
    if name in survey.variables:
        return name
    matches = [v for v in survey.variables if v.lower() == name.lower()]
    if len(matches) == 1:
        return matches[0]
    survey.variable(name)  # raises the standard "has no variable named" sentence
    return name


def _codes(text: str) -> frozenset[float]:
    codes = set()
    for part in text.split(","):
        if not part.strip():
            continue
        try:
            codes.add(float(part))
        except ValueError:
            raise ExplorerError(
                f"--exclude-codes takes numbers separated by commas (e.g. 98,99), not {text!r}."
            ) from None
    return frozenset(codes)


# --- table --------------------------------------------------------------------------------------
def run_table(args: argparse.Namespace) -> int:
    from explorer.core.survey.filters import describe_filters, parse_filters
    from explorer.core.survey.formatting import render_csv, render_text
    from explorer.core.survey.table import TableOptions
    from explorer.core.survey.tabulate import compute_table

    exclude = _codes(args.exclude_codes)
    # only the variables this table needs are read (with their MR members and weight candidates)
    needed = [args.question, args.by, args.weight, args.strata, args.cluster]
    needed += [text.partition("=")[0].strip() for text in args.filter]
    needed += [text.partition("=")[0].strip() for text in getattr(args, "band", [])]
    survey = open_survey(
        args.survey,
        weight=args.weight,
        unweighted=args.unweighted,
        codebook=args.codebook,
        must_choose_weight=True,
        columns=needed,
    )
    survey, banded = _derive_bands(survey, args.band)
    question = resolve(survey, args.question)
    question = banded.get(question, question)
    by = resolve(survey, args.by) if args.by else None
    by = banded.get(by, by)
    for text in args.net:
        from explorer.core.survey.derive import add_net, parse_net

        label, codes = parse_net(text)
        survey = add_net(survey, question, label, codes)
    texts = []
    for text in args.filter:
        name, sep, rest = text.partition("=")
        texts.append(f"{resolve(survey, name.strip())}={rest}" if sep and name.strip() else text)
    filters = parse_filters(texts, survey)
    options = TableOptions(
        weighted=not args.unweighted,
        include_missing=args.include_missing,
        exclude_codes=exclude,
        show_empty=args.show_empty,
        multi_base=args.multi_base,
        suppress_below=args.suppress_below,
        **stats_args.settings(args, lambda name: resolve(survey, name)),
    )
    table = compute_table(
        survey,
        question,
        by=by,
        mask=survey.mask(filters) if filters else None,
        options=options,
        filter_description=describe_filters(filters, survey),
    )
    print_warnings(survey)
    print_result(table, args.format, render_csv, render_text, decimals=args.decimals)
    return 0


def _derive_bands(survey, texts: list[str]):
    """The survey with each `--band VAR=EDGES` added, and VAR → its banded variable's name."""
    from explorer.core.survey.derive import add_bands, parse_band

    banded: dict[str, str] = {}
    for text in texts:
        name, edges = parse_band(text)
        name = resolve(survey, name)
        survey, banded[name] = add_bands(survey, name, edges)
    return survey, banded


# --- describe -----------------------------------------------------------------------------------
def describe_survey(survey) -> dict[str, Any]:
    """The survey's variables, kinds, labels and unweighted valid bases, as plain data."""
    from explorer.core.survey.model import Kind

    variables = []
    for var in survey.variables.values():
        entry: dict[str, Any] = {
            "name": var.name,
            "label": var.label,
            "kind": var.kind.value,
            "valid_n": _valid_n(survey, var),
        }
        if var.value_labels:
            entry["codes"] = [
                {"code": _number(code), "label": text, "missing": var.is_missing(code)}
                for code, text in var.value_labels
            ]
        if var.nets:
            entry["nets"] = [{"key": n.key, "label": n.label} for n in var.nets]
        if var.kind is Kind.MULTI:
            entry["members"] = list(var.members)
            entry["counted_value"] = _number(var.counted_value)
        variables.append(entry)
    return {
        "file": survey.name,
        "format": survey.source.format,
        "file_label": survey.source.file_label,
        "respondents": survey.n,
        "weight": survey.weight,
        "weight_candidates": list(survey.weight_candidates),
        "illustrative": survey.illustrative,
        "variables": variables,
        "mr_sets": [v["name"] for v in variables if v["kind"] == Kind.MULTI.value],
        "warnings": list(survey.warnings),
    }


def _valid_n(survey, var) -> int:
    column = survey.columns.get(var.name)
    if column is not None and column.dtype.kind not in "iuf":
        return int(sum(value is not None and value == value for value in column))
    try:
        return int(survey.valid(var.name).sum())
    except ExplorerError:
        return 0


def _number(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def run_describe(args: argparse.Namespace) -> int:
    survey = open_survey(args.survey, weight=args.weight, codebook=args.codebook)
    info = describe_survey(survey)
    if args.format == "json":
        print_json(info)
        return 0
    out = [
        f"{info['file']}: {info['respondents']:,} respondents, {len(info['variables'])} variables",
        f"Weight: {info['weight'] or 'none (unweighted)'}",
    ]
    if info["file_label"]:
        out.append(f"Label: {info['file_label']}")
    if info["illustrative"]:
        out.append("Illustrative sample data: synthetic respondents, not real answers.")
    out.append("")
    rows = [("name", "kind", "valid n", "label")]
    rows += [(v["name"], v["kind"], f"{v['valid_n']:,}", v["label"]) for v in info["variables"]]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for name, kind, valid, label in rows:
        out.append(f"{name:<{widths[0]}}  {kind:<{widths[1]}}  {valid:>{widths[2]}}  {label}")
    sets = [v for v in info["variables"] if "members" in v]
    if sets:
        out += ["", "Multiple-response sets:"]
        out += [f"  {v['name']}: {', '.join(v['members'])}" for v in sets]
    if info["warnings"]:
        out += ["", "Warnings:"] + [f"  {w}" for w in info["warnings"]]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


# --- sample -------------------------------------------------------------------------------------
def run_sample(args: argparse.Namespace) -> int:
    if args.respondents < 1:
        raise ExplorerError("--respondents must be at least 1.")
    try:
        from explorer.core.survey.sample import write_sample
    except ImportError as error:
        raise ExplorerError("The sample generator is not available in this build.") from error

    kwargs = {"respondents": args.respondents}
    if args.seed is not None:
        kwargs["seed"] = args.seed
    if args.tracker:
        from explorer.core.atomic import make_folder
        from explorer.core.survey.sample.tracker import write_tracker

        make_folder(args.out)
        for path in write_tracker(args.out, **kwargs):
            print(f"Wrote {path}")
        return 0
    write_sample(args.out, **kwargs)
    print(f"Wrote {args.respondents:,} illustrative respondents to {args.out}")
    return 0
