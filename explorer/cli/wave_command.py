"""`explorer waves`: a question across the waves of a tracker, as text or JSON."""

from __future__ import annotations

import argparse
import sys

from explorer.core.errors import ExplorerError


def run(args: argparse.Namespace) -> int:
    from explorer.cli.output import print_json
    from explorer.cli.stats_commands import prepare
    from explorer.cli.survey_commands import open_survey, print_warnings, resolve
    from explorer.core.survey.filters import parse_filters
    from explorer.core.survey.waves import Wave, match, track, waves_from_variable

    surveys = [
        open_survey(
            path,
            weight=args.weight,
            unweighted=args.unweighted,
            codebook=args.codebook,
            must_choose_weight=True,
        )
        for path in args.surveys
    ]
    first = surveys[0]
    question, by, _, description, options = prepare(first, args)
    if args.wave_var:
        if len(surveys) > 1:
            raise ExplorerError("Give either one file with --wave-var or one file per wave.")
        waves = waves_from_variable(first, resolve(first, args.wave_var))
        mismatches: list[str] = []
    else:
        if len(surveys) < 2:
            raise ExplorerError("Give one file per wave (at least two), or --wave-var.")
        names = [question, *([by] if by else [])]
        names += [text.partition("=")[0].strip() for text in args.filter]
        mismatches = match(surveys, [resolve(first, n) for n in names])
        waves = [Wave(f"Wave {i} ({s.name})", s) for i, s in enumerate(surveys, start=1)]
    texts = []
    for text in args.filter:
        name, sep, rest = text.partition("=")
        texts.append(f"{resolve(first, name.strip())}={rest}" if sep and name.strip() else text)
    filters = parse_filters(texts, first) if texts else None
    tracker = track(
        waves,
        question,
        answer=args.code,
        by=by,
        filters=filters,
        options=options,
        baseline=args.baseline - 1,
        mismatches=tuple(mismatches),
    )
    for survey in surveys:
        print_warnings(survey)
    if args.format == "json":
        data = tracker.to_json()
        data["filter"] = description
        print_json(data)
        return 0
    sys.stdout.write(render(tracker, description))
    return 0


def render(tracker, description: str) -> str:
    out = [f"{tracker.question}: {tracker.label}", f"Answer followed: {tracker.answer}", ""]
    for line in tracker.lines:
        out.append(line.column)
        for point in line.points:
            if point.percent is None:
                figure = "[c]"
            else:
                figure = f"{point.percent:5.1f}%  ({point.ci_low:.1f}–{point.ci_high:.1f})"
            marks = []
            if point.vs_previous:
                marks.append(f"{point.vs_previous} vs previous")
            if point.vs_baseline:
                marks.append(f"{point.vs_baseline} vs baseline")
            out.append(
                f"  {point.wave:<32} {figure:<24} n={point.unweighted_base:,} "
                f"eff={point.effective_base:,.0f}  {'; '.join(marks)}".rstrip()
            )
        out.append("")
    weighting = f"weighted by {tracker.weight}" if tracker.weighted else "unweighted"
    out.append(f"Base: {description}; {weighting}")
    out.append(tracker.detectable_sentence())
    out.extend(tracker.notes)
    if tracker.mismatches:
        out.append("Differences between the waves' files:")
        out.extend(f"  {m}" for m in tracker.mismatches)
    return "\n".join(out) + "\n"
