"""`means` and `waves`: means of numeric and 0–10 questions, and a question across the waves of
a tracker. Errors are `ExplorerError`s (one sentence on stderr, exit status 2)."""

from __future__ import annotations

import argparse

from explorer.cli import stats_args
from explorer.cli.selection_args import add_codes, add_selection


def _common(parser: argparse.ArgumentParser) -> None:
    add_selection(parser)
    add_codes(parser)


def register(commands) -> None:
    means = commands.add_parser(
        "means",
        help="weighted mean, median and SD of a numeric or 0–10 question",
        description="Weighted mean (with its interval), SD and median, optionally by another "
        "variable with column t-tests.",
    )
    means.add_argument("survey", metavar="SURVEY", help="survey file")
    _common(means)
    means.add_argument("--decimals", type=int, default=1, choices=range(0, 4), metavar="N")
    means.add_argument("--format", choices=("text", "csv", "json"), default="text")
    stats_args.add_arguments(means)
    means.set_defaults(run=run_means)

    waves = commands.add_parser(
        "waves",
        help="a question across the waves of a tracker",
        description="A question's percentage in each wave, with intervals, each wave tested "
        "against the previous one and the baseline, and the minimum detectable change. Give "
        "several files of the same questionnaire (one per wave, in order) or one file with "
        "--wave-var.",
    )
    waves.add_argument("surveys", nargs="+", metavar="SURVEY", help="survey file(s)")
    _common(waves)
    waves.add_argument("--wave-var", metavar="VAR", help="the variable giving each wave")
    waves.add_argument(
        "--code",
        metavar="CODE|net:KEY",
        help="the answer to follow (a code, or a net such as net:trust; default the first)",
    )
    waves.add_argument(
        "--baseline", type=int, default=1, metavar="N", help="wave number to compare with"
    )
    waves.add_argument("--format", choices=("text", "json"), default="text")
    stats_args.add_arguments(waves, design=False)
    waves.set_defaults(run=run_waves)


def prepare(survey, args: argparse.Namespace):
    """(question, by, mask or None, filter description, TableOptions) from the common flags."""
    from explorer.cli.survey_commands import _codes, resolve
    from explorer.core.survey.filters import describe_filters, parse_filters
    from explorer.core.survey.table import TableOptions

    question = resolve(survey, args.question)
    by = resolve(survey, args.by) if args.by else None
    texts = []
    for text in args.filter:
        name, sep, rest = text.partition("=")
        texts.append(f"{resolve(survey, name.strip())}={rest}" if sep and name.strip() else text)
    filters = parse_filters(texts, survey)
    options = TableOptions(
        weighted=not args.unweighted,
        weight=resolve(survey, args.weight) if args.weight else None,
        include_missing=args.include_missing,
        exclude_codes=_codes(args.exclude_codes),
        **stats_args.settings(args, lambda name: resolve(survey, name)),
    )
    mask = survey.mask(filters) if filters else None
    return question, by, mask, describe_filters(filters, survey), options


def run_means(args: argparse.Namespace) -> int:
    from explorer.cli.output import print_result
    from explorer.cli.survey_commands import open_survey, print_warnings
    from explorer.core.survey.means import compute_means
    from explorer.core.survey.means_format import render_means_csv, render_means_text

    # only the variables these means need are read (with MR members and weight candidates)
    needed = [args.question, args.by, args.weight, args.strata, args.cluster]
    needed += [text.partition("=")[0].strip() for text in args.filter]
    survey = open_survey(
        args.survey,
        weight=args.weight,
        unweighted=args.unweighted,
        codebook=args.codebook,
        must_choose_weight=True,
        columns=needed,
    )
    question, by, mask, description, options = prepare(survey, args)
    means = compute_means(
        survey, question, by=by, mask=mask, options=options, filter_description=description
    )
    print_warnings(survey)
    print_result(means, args.format, render_means_csv, render_means_text, decimals=args.decimals)
    return 0


def run_waves(args: argparse.Namespace) -> int:
    from explorer.cli.wave_command import run

    return run(args)
