"""Deciding what a delivered variable is: its Kind, its scale nets, whether it is an id, a weight or
part of a multiple-response set — from names, labels, value labels, measure level and the data.

Rules (every loader uses them, so a CSV and a .sav of the same survey come out the same):

* Dates → DATE, strings → TEXT (carried, never charted).
* Numbers without value labels → NUMERIC; so are ids (named like id/resp_id/serial, all unique)
  and numbers whose labels cover only a few of many distinct values (e.g. age with 999 "Refused").
* Numbers with value labels → SCALE when the labels form a symmetric 4–7 point scale built from a
  known pair of words (agree/disagree, support/oppose, trust/distrust, satisfied/dissatisfied,
  likely/unlikely, good/poor, approve/disapprove, confident, important, safe, effective, fair,
  worried…), with at most one middle point, plus non-substantive codes ("Don't know", "Refused",
  "Prefer not to say"…) at any code; or when the delivered measure is "ordinal". Else NOMINAL.
* A scale's nets are the codes on each side of the middle, never a non-substantive code: keys
  "support"/"oppose", "agree"/"disagree", "trust"/"distrust", "satisfied"/"dissatisfied",
  "likely"/"unlikely"; otherwise "top"/"bottom" ("Top 2"/"Bottom 2"; top = the positive side, or
  the lowest codes for an ordinal variable without recognised wording). Each scale gets one net
  score: ("net", "Net support", "support", "oppose") or ("net", "Net score", "top", "bottom").
* Multiple-response sets by prefix: ≥2 variables `prefix_*` that are 0/1 dichotomies (labelled
  Selected/Not selected, Yes/No, Mentioned/Not mentioned…, or unlabelled with only 0 and 1).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from explorer.core.survey.model import Kind, Net, Variable, format_code
from explorer.core.survey.prefix_groups import prefix_groups

if TYPE_CHECKING:  # imported where a Series is handled: numeric arrays need no pandas here
    import pandas as pd

_NON_SUBSTANTIVE = re.compile(
    r"\b(don\W?t know|do not know|dk|not sure|unsure|can\W?t (say|choose)|cannot (say|choose)|"
    r"can not (say|choose)|refused|refusal|declined to (answer|say)|"
    r"prefer(s|red)? not to (say|answer|disclose)|rather not (say|answer)|would rather not say|"
    r"don\W?t want to (say|answer)|do not wish to (say|answer)|no answer|not answered|no reply|"
    r"no response|not stated|not applicable|inapplicable|n/?a|dk/na|nap|iap|skipped|not asked|"
    r"no opinion|none of (these|the above) apply)\b",
    re.IGNORECASE,
)
# (positive word, negative word, keys named after them?) — the negative is also "not <positive>".
SCALE_WORDS: tuple[tuple[str, str, bool], ...] = (
    ("support", "oppose", True),
    ("agree", "disagree", True),
    ("trust", "distrust", True),
    ("satisfied", "dissatisfied", True),
    ("likely", "unlikely", True),
    ("approve", "disapprove", True),
    ("good", "poor", False),
    ("good", "bad", False),
    ("confident", "unconfident", False),
    ("important", "unimportant", False),
    ("safe", "unsafe", False),
    ("effective", "ineffective", False),
    ("fair", "unfair", False),
    ("worried", "unworried", False),
    ("favourable", "unfavourable", False),
    ("favorable", "unfavorable", False),
    ("positive", "negative", False),
)
_MIDDLE = re.compile(r"\b(neither|neutral|nor|mixed|in between|both equally)\b", re.IGNORECASE)
_ID_NAME = re.compile(
    r"^(id|uid|uuid|serial|respid|resp_?id|respondent(_?id)?|record(_?id)?|case(_?id)?|"
    r"caseno|interview(_?id)?|response_?id|[a-z]*_id)$",
    re.IGNORECASE,
)
_WEIGHT_NAME = re.compile(
    r"^(weight|wt|wgt|wght|weighting)$|_(weight|wt|wgt)$|^(weight|wgt|wt)_", re.IGNORECASE
)
_WEIGHT_LABEL = re.compile(r"\bweight(ing)?\b", re.IGNORECASE)
_BODY_WEIGHT = re.compile(
    r"\b(kg|kilos?|kilograms?|lbs?|pounds|stones?|grams?|body)\b", re.IGNORECASE
)
_SELECTED = re.compile(
    r"^(yes|selected|mentioned|chosen|ticked|checked|picked|applies|true)\b", re.IGNORECASE
)
_NOT_SELECTED = re.compile(
    r"^(no|not (selected|mentioned|chosen|ticked|checked|picked)|unselected|unchecked|"
    r"does not apply|false)\b",
    re.IGNORECASE,
)
_NUMBERISH = re.compile(r"^\s*(under|over|up to|less than|more than|[<>£$€]|\d)", re.IGNORECASE)
# Ordered but not an attitude: amounts, bands, ranks and frequencies get no top-2 or net score.
_NOT_ATTITUDE = re.compile(
    r"\d|[£$€]|\b(decile|quintile|quartile|tercile|percentile|band|income|age|aged|years?|"
    r"months?|weeks?|days?|hours?|minutes?|daily|weekly|monthly|yearly|annually|every|once|twice|"
    r"times?|never|always|often|sometimes|occasionally|rarely|seldom|frequently|usually|"
    r"lowest|highest|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"\d+(st|nd|rd|th))\b",
    re.IGNORECASE,
)
_NOT_ATTITUDE_LABEL = re.compile(
    r"\b(income|earnings|salary|decile|quintile|quartile|age|how often|how many|how long|"
    r"frequency|number of|household size)\b",
    re.IGNORECASE,
)
# A labelled numeric variable whose labels cover fewer than this share of its values is a number.
_LABEL_COVERAGE = 0.5
_MANY_VALUES = 12


def is_non_substantive(label: str) -> bool:
    """True for "Don't know", "Refused", "Prefer not to say" and the like."""
    return bool(_NON_SUBSTANTIVE.search(label.replace("’", "'")))


def not_attitude(label: str, point_labels: Sequence[str]) -> bool:
    """True for an ordered variable that measures an amount, rank or frequency, not an attitude:
    its wording asks about income, age, how often…, or most of its points read as numbers,
    bands, ranks or frequencies ("£10,000–£19,999", "Lowest decile", "Once a week")."""
    if _NOT_ATTITUDE_LABEL.search(label or ""):
        return True
    points = [t for t in point_labels if t.strip()]
    if not points:
        return True
    if all(_NUMBERISH.match(t) for t in points):
        return True
    return sum(bool(_NOT_ATTITUDE.search(t)) for t in points) * 2 > len(points)


def side_of(label: str, positive: str, negative: str) -> int:
    """+1 positive, -1 negative, 0 middle or neither, for one value label and one word pair."""
    text = label.replace("’", "'").lower()
    has_neg = bool(re.search(rf"\b{negative}\b", text)) or bool(
        re.search(rf"\bnot\b[\w\s]*\b{positive}\b", text)
    )
    has_pos = bool(re.search(rf"\b{positive}\b", text)) and not re.search(
        rf"\bnot\b[\w\s]*\b{positive}\b", text
    )
    if _MIDDLE.search(text) or (has_pos and has_neg):
        return 0
    return 1 if has_pos else -1 if has_neg else 0


def scale_nets(
    value_labels: Sequence[tuple[float, str]], non_substantive: Iterable[float] = ()
) -> tuple[tuple[Net, ...], tuple[tuple[str, str, str, str], ...]] | None:
    """The nets and net score of a worded symmetric scale, or None if the labels are not one."""
    skip = set(non_substantive)
    points = [(c, t) for c, t in value_labels if c not in skip and not is_non_substantive(t)]
    if not 4 <= len(points) <= 7:
        return None
    for positive, negative, named in SCALE_WORDS:
        sides = [side_of(text, positive, negative) for _, text in points]
        pos = [c for (c, _), s in zip(points, sides) if s > 0]
        neg = [c for (c, _), s in zip(points, sides) if s < 0]
        middle = len(points) - len(pos) - len(neg)
        if len(pos) < 2 or len(pos) != len(neg) or middle > 1:
            continue
        # The two sides must sit at opposite ends with the middle (if any) between them.
        order = "".join("+" if s > 0 else "-" if s < 0 else "0" for s in sides)
        if not re.fullmatch(r"\++0?-+|-+0?\++", order):
            continue
        if named:
            keys = (positive, negative)
            labels = (f"{positive.capitalize()} (net)", f"{negative.capitalize()} (net)")
            score = ("net", f"Net {positive}", positive, negative)
        else:
            keys, labels = ("top", "bottom"), ("Top 2 (net)", "Bottom 2 (net)")
            score = ("net", "Net score", "top", "bottom")
        nets = (Net(keys[0], labels[0], tuple(pos)), Net(keys[1], labels[1], tuple(neg)))
        return nets, (score,)
    return None


def ordinal_nets(
    value_labels: Sequence[tuple[float, str]], non_substantive: Iterable[float] = ()
) -> tuple[tuple[Net, ...], tuple[tuple[str, str, str, str], ...]]:
    """Top-2/bottom-2 by code order for an ordinal variable without recognised wording."""
    skip = set(non_substantive)
    codes = [c for c, t in value_labels if c not in skip and not is_non_substantive(t)]
    if len(codes) < 4:
        return (), ()
    nets = (
        Net("top", "Top 2 (net)", tuple(codes[:2])),
        Net("bottom", "Bottom 2 (net)", tuple(codes[-2:])),
    )
    return nets, (("net", "Net score", "top", "bottom"),)


def is_id_like(name: str, values: np.ndarray | pd.Series) -> bool:
    """True for a respondent identifier: named like one and unique on every row."""
    if not _ID_NAME.match(name):
        return False
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        if values.dtype.kind == "f" and np.isnan(values).any():
            return False
        return bool(np.unique(values).size == values.size)
    import pandas as pd

    series = pd.Series(values)
    return bool(series.notna().all() and series.is_unique)


def _declared_missing(code: float, missing_values: frozenset[float], ranges) -> bool:
    return code in missing_values or any(lo <= code <= hi for lo, hi in ranges)


def infer_variable(
    name: str,
    label: str,
    values: np.ndarray | pd.Series,
    *,
    value_labels: Mapping[float, str] | Sequence[tuple[float, str]] = (),
    measure: str = "unknown",
    missing_values: Iterable[float] = (),
    missing_ranges: Iterable[tuple[float, float]] = (),
    kind: Kind | None = None,
    codes: Callable[[], np.ndarray] | None = None,
) -> Variable:
    """The Variable for one delivered column, deciding its Kind and nets by the module's rules.

    `values` are the raw data (codes for numbers); `kind` forces a kind (from a codebook). Codes
    found in the data but not labelled are added with the code as their label. A float numpy
    array is read without pandas; `codes()`, if given, is its sorted distinct non-NaN values
    (`np.unique`'s), found faster by the caller.
    """
    label = str(label or name)
    missing = frozenset(float(v) for v in missing_values)
    ranges = tuple((float(lo), float(hi)) for lo, hi in missing_ranges)
    items = value_labels.items() if isinstance(value_labels, Mapping) else value_labels
    labelled = sorted(((float(c), str(t)) for c, t in items), key=lambda pair: pair[0])
    base = Variable(name, label, Kind.NUMERIC, missing_values=missing, missing_ranges=ranges)
    base = replace(base, measure=measure or "unknown")

    if kind in (Kind.TEXT, Kind.DATE):
        return replace(base, kind=kind)
    if codes is not None:
        numbers = None  # numbers (narrowed, maybe): `codes()` answers what the data hold
        found = None
    elif kind is None and isinstance(values, np.ndarray) and values.dtype.kind == "f":
        numbers = values  # numbers already: their distinct codes are found only if needed
        found = None
    else:
        import pandas as pd

        series = pd.Series(values)
        if kind is None:
            if pd.api.types.is_datetime64_any_dtype(series.dtype):
                return replace(base, kind=Kind.DATE)
            if not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(
                series.dtype
            ):
                numeric = pd.to_numeric(series, errors="coerce")
                if numeric.notna().sum() < series.notna().sum():
                    return replace(base, kind=Kind.TEXT)
                series = numeric
        else:
            series = pd.to_numeric(series, errors="coerce")
        numbers = series
        found = np.unique(series.dropna().to_numpy(dtype=np.float64))

    if kind is Kind.WEIGHT:
        return replace(base, kind=Kind.WEIGHT)
    if kind is Kind.NUMERIC or (kind is None and not labelled):
        return replace(base, kind=Kind.NUMERIC, value_labels=tuple(labelled))
    if numbers is None:  # all distinct and none missing: as many codes as values
        id_like = bool(_ID_NAME.match(name)) and codes().size == len(values)
    else:
        id_like = kind is None and is_id_like(name, numbers)
    if id_like:
        return replace(base, kind=Kind.NUMERIC, value_labels=tuple(labelled))
    if found is not None:
        data_codes = found
    elif codes is not None:
        data_codes = codes()
    else:
        data_codes = np.unique(numbers[~np.isnan(numbers)])
    covered = np.isin(data_codes, [c for c, _ in labelled]).sum()
    if (
        kind is None
        and len(data_codes) > _MANY_VALUES
        and covered < _LABEL_COVERAGE * len(data_codes)
    ):
        return replace(base, kind=Kind.NUMERIC, value_labels=tuple(labelled))

    known = {c for c, _ in labelled}
    extra = [(float(c), format_code(float(c))) for c in data_codes if float(c) not in known]
    if len(extra) > 200:  # a number with a few labels, not a coded question
        return replace(base, kind=Kind.NUMERIC, value_labels=tuple(labelled))
    full = tuple(sorted(labelled + extra, key=lambda pair: pair[0]))
    non_substantive = [c for c, t in full if _declared_missing(c, missing, ranges)]
    non_substantive += [c for c, t in full if is_non_substantive(t)]
    var = replace(base, kind=Kind.NOMINAL, value_labels=full)
    if kind is Kind.NOMINAL:
        return var
    worded = scale_nets(labelled, non_substantive)
    if worded is not None:
        return replace(var, kind=Kind.SCALE, nets=worded[0], net_scores=worded[1])
    if kind is Kind.SCALE or measure == "ordinal":
        if not_attitude(label, [t for c, t in labelled if c not in non_substantive]):
            # Ordered bands of a number (age 18–24, income deciles, how often): ordered, but no
            # top-2 nets or net score, which only mean something for attitudes.
            return replace(var, kind=Kind.SCALE)
        nets, scores = ordinal_nets(full, non_substantive)
        return replace(var, kind=Kind.SCALE, nets=nets, net_scores=scores)
    return var


# --- weights ---------------------------------------------------------------------------------


def weight_candidates(variables: Mapping[str, Variable]) -> list[str]:
    """Numeric variables named or labelled like a weight, in file order."""
    found = []
    for var in variables.values():
        if var.kind not in (Kind.NUMERIC, Kind.WEIGHT):
            continue
        if _BODY_WEIGHT.search(var.label):
            continue  # "Weight in kilograms" measures people; it does not weight them
        if _WEIGHT_NAME.search(var.name) or _WEIGHT_LABEL.search(var.label):
            found.append(var.name)
    return found


def check_weights(name: str, values: np.ndarray) -> list[str]:
    """Data notes about a weight column (see `weighting.weight_notes`): how many respondents a
    zero, negative or missing weight leaves out, and a mean far from 1. Raises ValueError (a
    sentence) when no respondent has a weight above zero."""
    from explorer.core.survey.weighting import weight_notes

    return weight_notes(name, np.asarray(values, dtype=np.float64))


# --- multiple-response sets by prefix ------------------------------------------------------


def _numbers_of(frame, name: str):
    raw = getattr(frame, "raw", None)  # a SavFrame's numbers, without pandas
    values = raw(name) if raw is not None else None
    return frame[name] if values is None else values


def counted_code(
    var: Variable, values: np.ndarray | pd.Series | Callable[[], np.ndarray | pd.Series]
) -> float | None:
    """The "selected" code of a dichotomy item, or None if the variable is not one (`values`
    may be a function giving them: they are needed only when no label says)."""
    if var.kind not in (Kind.NOMINAL, Kind.NUMERIC):
        return None
    substantive = [(c, t) for c, t in var.value_labels if not var.is_missing(c)]
    labelled = [(c, t) for c, t in substantive if t != format_code(c)]
    if labelled:
        chosen = [c for c, t in labelled if _SELECTED.match(t.strip())]
        other = [c for c, t in labelled if _NOT_SELECTED.match(t.strip())]
        if len(chosen) == 1 and len(other) <= 1 and len(substantive) <= 2:
            return chosen[0]
        return None
    if callable(values):
        values = values()
    if not (isinstance(values, np.ndarray) and values.dtype.kind == "f"):
        import pandas as pd

        values = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=np.float64)
    present = values[~np.isnan(values)]  # only 0 and 1 held (checked without sorting them)
    if present.size and not np.any((present != 0.0) & (present != 1.0)):
        return 1.0
    return None


def common_label(labels: Sequence[str], fallback: str) -> str:
    first = min(labels)
    last = max(labels)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    common = first[:size]
    if size < len(first) and size < len(last) and common and common[-1].isalnum():
        # Don't cut a word in half: "Concern: priv|acy" → "Concern:".
        common = common.rsplit(" ", 1)[0] if " " in common else ""
    common = common.strip(" \t-–—:;,.(/|")
    return common or fallback


def prefix_sets(
    variables: Mapping[str, Variable], frame: pd.DataFrame, *, taken: Iterable[str] = ()
) -> list[Variable]:
    """MULTI variables for groups of ≥2 dichotomy items sharing a `prefix_` (see module doc)."""
    claimed = set(taken)

    def items():
        for var in variables.values():
            if var.name in claimed or "_" not in var.name.strip("_") or var.name not in frame:
                continue
            code = counted_code(var, partial(_numbers_of, frame, var.name))
            if code is not None:
                yield var.name, code

    return [
        Variable(
            prefix,
            common_label([variables[m].label for m in members], prefix),
            Kind.MULTI,
            members=members,
            counted_value=code,
        )
        for prefix, members, code in prefix_groups(items(), variables)
    ]
