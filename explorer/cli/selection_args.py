"""The command-line options every survey command shares (`table`, `means`, `waves`): which
question, broken down by what, for which respondents, weighted how, and which codes count."""

from __future__ import annotations

import argparse


def add_selection(parser: argparse.ArgumentParser) -> None:
    """--question, --by, --filter, --weight / --unweighted and --codebook."""
    parser.add_argument("--question", "-q", required=True, metavar="VAR", help="question to show")
    parser.add_argument("--by", metavar="VAR", help="break it down by this variable")
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="VAR=CODE[,CODE…]",
        help="keep only these respondents (repeatable: AND across, OR within)",
    )
    weighting = parser.add_mutually_exclusive_group()
    weighting.add_argument("--weight", metavar="VAR", help="weight by this variable")
    weighting.add_argument(
        "--unweighted",
        action="store_true",
        help="apply no weight (everyone counts once, including zero-weight respondents)",
    )
    parser.add_argument(
        "--codebook", metavar="FILE", help="codebook for CSV/Excel data (see docs/codebook.md)"
    )


def add_codes(parser: argparse.ArgumentParser) -> None:
    """--exclude-codes and --include-missing."""
    parser.add_argument(
        "--exclude-codes",
        metavar="CODES",
        default="",
        help="drop these codes from the base, e.g. 98",
    )
    parser.add_argument(
        "--include-missing", action="store_true", help="keep user-missing codes in the base"
    )
