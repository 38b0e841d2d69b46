"""The bundled sample briefing (data/sample/london.briefing.json): the Police Foundation write-up's
story told as slides, each pairing survey evidence with voices from the focus groups.

Run `python -m explorer.core.briefing.sample` to rebuild it (and so refresh its data hashes) after
the sample survey or focus-group project is regenerated. `CLAIMS` records which computed figure
each percentage in a takeaway reports, so a test can hold the words to the data.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from explorer.core.briefing.model import Briefing, PinnedQuote, Slide, View
from explorer.core.briefing.store import data_ref_for, save_briefing
from explorer.core.filter_state import FilterState
from explorer.core.sample_files import SAMPLE_BRIEFING as BRIEFING_PATH
from explorer.core.sample_files import SAMPLE_QUAL as QUAL_PATH
from explorer.core.sample_files import SAMPLE_SURVEY as SURVEY_PATH

_NAMESPACE = uuid.UUID("6f0c3a52-5d1e-4c7a-9a55-1b2f0c9e4d17")


@dataclass(frozen=True)
class Claim:
    """A percentage in a takeaway and the table cell it reports (within 1 point, or at least)."""

    percent: int
    question: str
    row: float | str  # a code, or a net key such as "net:trust"
    column: float | str = "all"  # a breakdown code, or "all"
    at_least: bool = False


@dataclass(frozen=True)
class _Plan:
    key: str
    title: str
    takeaway: str
    notes: str
    topic: str
    questions: tuple[str, ...]
    breakdown: str | None
    codes: tuple[str, ...]  # focus-group code names selected on the slide
    layout: str = "chart+quotes"
    cross: tuple[tuple[str, tuple[float, ...]], ...] = ()
    claims: tuple[Claim, ...] = ()
    hints: tuple[str, ...] = ()  # words that make a quote a better fit for the slide


PLANS: tuple[_Plan, ...] = (
    _Plan(
        "trust-institutions",
        "Londoners trust the Met more than they trust government",
        "48% trust the Met, more than trust their local council or the UK Government; twice as "
        "many trust technology firms as distrust them.",
        "Trust here is 'trust a lot' plus 'trust somewhat'. The point for the Met: there is a base "
        "of trust to build on, and technology companies are not widely distrusted either.",
        "trust",
        ("q_trust_met", "q_trust_localgov", "q_trust_natgov", "q_trust_techfirms"),
        None,
        ("Trust in the Met",),
        layout="chart",
        claims=(Claim(48, "q_trust_met", "net:trust"),),
        hints=("trust", "council", "government", "Met"),
    ),
    _Plan(
        "trust-politics",
        "Trust in the Met now splits by politics more than by ethnicity",
        "62% of Labour and 60% of Conservative voters trust the Met, against 31% of Green voters; "
        "40% of Green voters distrust it.",
        "White and ethnic minority Londoners differ by only a few points (50% vs 46%); the gap by "
        "voting intention is far wider. Reform UK voters are split (41% trust, 35% distrust).",
        "trust",
        ("q_trust_met",),
        "vote_intention",
        ("Trust in the Met", "Political framing of policing"),
        claims=(
            Claim(62, "q_trust_met", "net:trust", 1.0),
            Claim(60, "q_trust_met", "net:trust", 2.0),
            Claim(31, "q_trust_met", "net:trust", 4.0),
            Claim(40, "q_trust_met", "net:distrust", 4.0),
        ),
        hints=("trust", "politic", "vote", "Labour", "Tory", "Green", "Reform"),
    ),
    _Plan(
        "tough-on-crime",
        "Londoners are tougher on crime than you might expect",
        "63% agree Britain is not tough enough on criminals (35% strongly); even among 18–24s, "
        "49% agree.",
        "Agreement rises with age. In the groups the mood was despondent rather than hostile: "
        "everyday crime such as shoplifting and phone theft feels given up on.",
        "tough",
        ("q_tough",),
        "age_band",
        (
            "Everyday crime given up on (shoplifting, phone theft, local disorder)",
            "Despondent, not hostile",
        ),
        claims=(
            Claim(63, "q_tough", "net:agree"),
            Claim(35, "q_tough", 1.0),
            Claim(49, "q_tough", "net:agree", 1.0),
        ),
        hints=("shoplift", "phone", "nothing", "given up", "doing their best", "tough"),
    ),
    _Plan(
        "victims",
        "One in seven were victims of crime last year, and most would report it",
        "15% were victims of crime in the past year, and the younger people are, the more likely "
        "they were to be a victim; 46% say they would report every crime.",
        "The write-up puts it at 21% of under-35s against 5% of over-65s (here too few victims "
        "aged 65+ answered for that cell to be shown). Only about 6% would generally not report. The "
        "service victims get is therefore directly relevant to a large minority of Londoners.",
        "victims",
        ("q_victim", "q_report"),
        "age_band",
        ("Personal experience of being let down", "Inconsistent response"),
        claims=(
            Claim(15, "q_victim", 1.0),
            Claim(46, "q_report", 1.0),
        ),
        hints=("reported", "report", "crime number", "nobody"),
    ),
    _Plan(
        "modernising",
        "Broad support for modernising, but little confidence the police keep up",
        "80% support the police adopting new technology, using the information they hold and "
        "connecting their systems; 34% think criminals are better at technology, 19% the police.",
        "Around 8 in 10 on each of the three modernising questions. A police service seen as "
        "behind the curve erodes confidence, whether or not it really is behind.",
        "modernising",
        ("q_support_newtech", "q_support_useinfo", "q_support_connect", "q_tech_capability"),
        None,
        ("Under-resourced and over-stretched", "Sympathy for officers"),
        claims=(
            Claim(80, "q_support_newtech", "net:support"),
            Claim(80, "q_support_useinfo", "net:support"),
            Claim(80, "q_support_connect", "net:support"),
            Claim(34, "q_tech_capability", 1.0),
            Claim(19, "q_tech_capability", 3.0),
        ),
        hints=("technology", "stretched", "not enough", "doing their best", "behind"),
    ),
    _Plan(
        "familiar-tech",
        "Familiar technology is accepted; live facial recognition is debated",
        "Support is higher for ANPR, CCTV and drones, which people know from daily life, than for "
        "live facial recognition.",
        "People accepted the tools they understood. Live facial recognition and AI raised more "
        "searching questions and were less well understood.",
        "familiar_tech",
        ("q_tech_anpr", "q_tech_cctv", "q_tech_drones", "q_tech_lfr"),
        None,
        ("ANPR", "CCTV", "Drones"),
        hints=("ANPR", "CCTV", "drone", "number plate"),
    ),
    _Plan(
        "lfr",
        "Live facial recognition: more support than opposition, on conditions",
        "More Londoners support police use of live facial recognition than oppose it, but support "
        "depends on context, signage, safeguards and what happens to the data.",
        "This is where the groups debated most. Conditions named: where it is used, whether people "
        "are told, who keeps the images and for how long.",
        "lfr",
        ("q_tech_lfr",),
        None,
        ("Depends on context", "Transparency and signage", "Data storage and retention"),
        hints=("facial", "sign", "depends", "stored", "data"),
    ),
    _Plan(
        "lfr-opposers",
        "Those who oppose facial recognition worry about privacy, misuse and breaches",
        "Among Londoners who oppose live facial recognition, concern about privacy, future misuse "
        "and data breaches is far higher than among Londoners as a whole.",
        "The chart is filtered to those who somewhat or strongly oppose live facial recognition "
        "(a cross-filter). Compare with the same question for everyone in the app.",
        "lfr",
        ("$concerns",),
        None,
        ("Privacy", "Future misuse", "Misidentification and bias"),
        cross=(("q_tech_lfr", (4.0, 5.0)),),
        hints=("privacy", "misuse", "data", "wrong person", "hack", "face"),
    ),
    _Plan(
        "ai",
        "Wary of AI in general, supportive of specific uses",
        "Asked about AI generally, 40% oppose and 33% support; yet 60% or more support using it to "
        "predict where resources are needed, identify repeat offenders or link crimes.",
        "The hesitation about AI in the abstract does not survive concrete use cases. In the "
        "groups AI was seen as inevitable and useful for search, but never as a replacement for "
        "human judgement.",
        "ai",
        ("q_ai_general", "q_ai_resources", "q_ai_repeat", "q_ai_link"),
        None,
        ("Search and pattern recognition", "Should not replace human judgement"),
        claims=(
            Claim(40, "q_ai_general", "net:oppose"),
            Claim(33, "q_ai_general", "net:support"),
            Claim(60, "q_ai_resources", "net:support", at_least=True),
            Claim(60, "q_ai_repeat", "net:support", at_least=True),
            Claim(60, "q_ai_link", "net:support", at_least=True),
        ),
        hints=("AI", "computer", "human", "person", "search"),
    ),
    _Plan(
        "public-asks",
        "What the public asks in return",
        "Show us clearly how it works, prove it is useful, explain the safeguards, and keep a "
        "human accountable.",
        "Legitimacy will depend on explainability as well as effectiveness. The ask is for "
        "information: people did not know what most of these tools do.",
        "modernising",
        ("q_support_newtech",),
        None,
        (
            "Show how it works",
            "Prove it is useful",
            "Explain the safeguards",
            "Keep a human accountable",
        ),
        layout="quotes",
        hints=("explain", "show", "prove", "safeguard", "accountab", "person", "understand"),
    ),
    _Plan(
        "resources",
        "Technology is not a substitute for resources: people want both",
        "People welcome technology that makes officers' jobs easier, but not instead of properly "
        "funded policing and justice.",
        "Framing it as a choice between technology and more officers may be fiscal realism, but "
        "it will not satisfy the public for long.",
        "resources",
        ("q_ai_resources", "q_ai_paperwork"),
        None,
        ("Technology or more officers: want both", "Justice system under-funded"),
        hints=("both", "officers", "money", "fund", "courts", "either"),
    ),
)


def slide_id(key: str) -> str:
    """A stable id per planned slide, so rebuilding the sample does not churn the file."""
    return str(uuid.uuid5(_NAMESPACE, key))


CLAIMS: dict[str, tuple[Claim, ...]] = {slide_id(p.key): p.claims for p in PLANS}


def _pick_quotes(
    project,
    codes: Sequence[str],
    hints: Sequence[str],
    taken: set[tuple[str, int]],
    groups: dict[str, int],
) -> list[PinnedQuote]:
    """Up to two readable quotes from different speakers, one per selected code where possible,
    spread across the groups (the least-quoted group so far first)."""
    from explorer.core.qual.attribution import attribution
    from explorer.core.qual.queries import QuoteQuery, find_quotes

    picked: list[PinnedQuote] = []
    speakers: set[tuple[str, str]] = set()
    folded = tuple(h.casefold() for h in hints)
    for name in codes:
        if len(picked) == 2:
            break
        quotes = find_quotes(project, QuoteQuery(codes=(name,), include_children=False))
        readable = [
            q
            for q in quotes
            if 70 <= len(q.text) <= 260
            and (q.segment.source, q.segment.start) not in taken
            and (q.group, q.speaker) not in speakers
            and q.attributes.get("Location", "London") == "London"
        ]
        if not readable:
            continue

        def fit(q) -> tuple[bool, int]:
            # On-theme words first, then the least-quoted group; min() keeps the first of ties.
            return (not any(h in q.text.casefold() for h in folded), groups.get(q.group, 0))

        quote = min(readable, key=fit)
        taken.add((quote.segment.source, quote.segment.start))
        speakers.add((quote.group, quote.speaker))
        groups[quote.group] = groups.get(quote.group, 0) + 1
        seg = quote.segment
        picked.append(PinnedQuote(seg.source, seg.start, seg.end, seg.text, attribution(quote)))
    return picked


def build_sample_briefing(project=None) -> Briefing:
    """The sample briefing, with quotes pinned from `project` when it is given."""
    slides = []
    taken: set[tuple[str, int]] = set()
    groups: dict[str, int] = {}
    for plan in PLANS:
        guids: frozenset[str] = frozenset()
        quotes: list[PinnedQuote] = []
        if project is not None:
            found = [project.code_by_name(name) for name in plan.codes]
            missing = [n for n, c in zip(plan.codes, found) if c is None]
            if missing:
                raise SystemExit(f"The focus-group project has no code named {missing[0]!r}.")
            guids = frozenset(c.guid for c in found if c is not None)
            quotes = _pick_quotes(project, plan.codes, plan.hints, taken, groups)
        state = FilterState(
            cross=tuple((q, frozenset(codes)) for q, codes in plan.cross), codes=guids
        )
        view = View(plan.topic, plan.questions, plan.breakdown, state, plan.layout)
        slides.append(
            Slide(slide_id(plan.key), plan.title, plan.takeaway, plan.notes, view, tuple(quotes))
        )
    survey_ref = (
        data_ref_for("survey", SURVEY_PATH, BRIEFING_PATH) if SURVEY_PATH.exists() else None
    )
    qual_ref = data_ref_for("qual", QUAL_PATH, BRIEFING_PATH) if QUAL_PATH.exists() else None
    from explorer.core.briefing.sample_matrix import matrix_notes, matrix_slides

    return Briefing(
        title="A safer city through technology? What Londoners think (illustrative sample)",
        marking="OFFICIAL",
        survey=survey_ref,
        qual=qual_ref,
        slides=(*slides, *matrix_slides(slide_id)),
        evidence=matrix_notes(),
    )


def main(argv: Sequence[str] | None = None) -> int:
    from explorer.core.qual.load import load_project

    out = Path(argv[0]) if argv else BRIEFING_PATH
    project = load_project(QUAL_PATH) if QUAL_PATH.exists() else None
    save_briefing(build_sample_briefing(project), out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
