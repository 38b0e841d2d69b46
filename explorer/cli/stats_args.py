"""The significance and sample-design flags shared by `table`, `means` and `waves`:
`--correction`, `--confidence`, `--two-levels`, `--vs-rest`, `--strata`, `--cluster`.
"""

from __future__ import annotations

import argparse

from explorer.core.survey.significance import CORRECTIONS


def add_arguments(parser: argparse.ArgumentParser, *, design: bool = True) -> None:
    group = parser.add_argument_group("significance")
    group.add_argument(
        "--correction",
        choices=tuple(CORRECTIONS),
        default="bh",
        help="multiple-comparison correction within each row (default bh: Benjamini–Hochberg)",
    )
    group.add_argument(
        "--confidence",
        type=int,
        choices=(90, 95, 99),
        default=95,
        metavar="{90,95,99}",
        help="confidence level of intervals and tests, in %% (default 95)",
    )
    group.add_argument(
        "--two-levels",
        action="store_true",
        help="also mark, in lower case, differences significant at the next level down",
    )
    group.add_argument(
        "--vs-rest",
        action="store_true",
        help="test each column against the rest of the sample instead of pairwise letters",
    )
    if design:
        group.add_argument("--strata", metavar="VAR", help="the sample design's strata variable")
        group.add_argument(
            "--cluster", metavar="VAR", help="the sample design's cluster (PSU) variable"
        )


def settings(args: argparse.Namespace, resolve) -> dict:
    """TableOptions keyword arguments from the parsed flags (`resolve` maps variable names)."""
    out = {
        "correction": args.correction,
        "confidence": args.confidence / 100.0,
        "two_levels": args.two_levels,
        "compare": "rest" if args.vs_rest else "pairwise",
    }
    if getattr(args, "strata", None):
        out["strata"] = resolve(args.strata)
    if getattr(args, "cluster", None):
        out["cluster"] = resolve(args.cluster)
    return out
