"""Reading Triple-S surveys (https://triple-s.org, versions 1.1–2.0): the XML `.sss` schema plus its
data in a fixed-width `.asc`/`.dat` file or, from version 2.0, a CSV file.

Variable types: single → coded (NOMINAL/SCALE), multiple → one 0/1 item per category plus a MULTI
set (bitstring: one position per category in value order; spread: `<spread subfields= width=>`
slots holding the codes chosen), quantity → NUMERIC, character → TEXT, logical → 0/1 NOMINAL,
date (YYYYMMDD) → DATE. `use="weight"` marks the weight. The data file is named in the schema
(`<record href=>`) or sits beside it with the same stem.

Triple-S 2.0 `format="literal"` variables have letter codes (`<value code="A">`): they are numbered
1, 2, … in the schema's order, the letter kept in the label. Labels given as `<text lang=…>` use
the first text. The standard `<!DOCTYPE sss PUBLIC …>` line is accepted (it is never fetched);
entity declarations and external references are refused. A value that is not a valid code of its
variable becomes missing, with a data note, instead of refusing the whole file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import numpy as np
import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from explorer.core import safe_files
from explorer.core.errors import ExplorerError
from explorer.core.shown_text import visible
from explorer.core.survey import kinds
from explorer.core.survey.codebook import decode_text
from explorer.core.survey.model import Kind, Variable
from explorer.core.survey.parsed import Parsed, insert_before
from explorer.core.survey.triple_s_names import checked_declared, item_names

DATA_SUFFIXES = (".asc", ".dat", ".csv", ".txt")


@dataclass
class _Spec:
    name: str
    label: str
    type: str
    start: int
    finish: int
    values: list[tuple[float, str]] = field(default_factory=list)
    spread: tuple[int, int] | None = None  # (subfields, width)
    use: str = ""
    literal: dict[str, float] = field(default_factory=dict)  # letter code → number (2.0)


def read_triple_s(path: Path) -> Parsed:
    """The Parsed survey of a Triple-S schema (or of a data file with the schema beside it)."""
    if path.suffix.lower() in DATA_SUFFIXES and path.with_suffix(".sss").is_file():
        path = safe_files.checked_path(path.with_suffix(".sss"), what="Triple-S schema")
    root = _parse_xml(path)
    survey = root.find("survey")
    record = survey.find("record") if survey is not None else None
    if record is None:
        raise ExplorerError.for_file(path, "the Triple-S schema has no <survey><record> section")
    specs = [_spec(path, v) for v in record.findall("variable")]
    if not specs:
        raise ExplorerError.for_file(path, "the Triple-S schema describes no variables")
    is_csv = (record.get("format") or "fixed").strip().lower() == "csv"
    data_path = _data_file(path, record.get("href"), is_csv)
    skip = _int(
        path, record.get("skip") or (1 if is_csv else 0), "the number of lines to skip", 0, MAX_SKIP
    )
    rows = _rows(data_path, is_csv, skip)
    taken = checked_declared(path, [spec.name for spec in specs])
    frame: dict[str, pd.Series] = {}
    variables: dict[str, Variable] = {}
    weight = None
    warnings: list[str] = []
    for spec in specs:
        try:
            fields = [_field(row, spec, is_csv) for row in rows]
        except ValueError as error:
            raise ExplorerError.for_file(data_path, f"{spec.name}: {error}") from error
        if spec.type == "multiple":
            if not spec.values:
                warnings.append(f"The multiple-response variable {spec.name} has no categories.")
                continue
            names = item_names(spec.name, [code for code, _ in spec.values], taken, warnings)
            items, mr, bad = _multiple(spec, fields, is_csv, names)
            if bad:
                what = (
                    "code that is not one of its categories",
                    "codes that are not its categories",
                )
                warnings.append(_bad_note(spec.name, bad, what))
            for item_name, (values, var) in items.items():
                frame[item_name] = values
                variables[item_name] = var
            variables = insert_before(variables, mr.members[0], mr)
            continue
        values, var, bad = _simple(spec, fields)
        if bad:
            what = (
                ("letter code not in its list", "letter codes not in its list")
                if spec.literal
                else ("value that is not a number", "values that are not numbers")
            )
            warnings.append(_bad_note(spec.name, bad, what))
        frame[spec.name] = values
        variables[spec.name] = var
        if spec.use == "weight":
            weight = spec.name
    title_node = survey.find("title")
    title = (_text(title_node) if title_node is not None else "") or survey.findtext("name") or ""
    return Parsed(
        frame=pd.DataFrame(frame, index=pd.RangeIndex(len(rows))),
        variables=variables,
        format="triple-s",
        file_label=title.strip(),
        notes=tuple(
            t.strip() for t in (root.findtext("origin"), root.findtext("user")) if t and t.strip()
        ),
        warnings=warnings,
        weight_hint=weight,
    )


def _bad_note(name: str, bad: list[tuple[int, str]], what: tuple[str, str]) -> str:
    """ "Q1: 2 values that are not numbers (first in data row 3: 'xx') are treated as missing." """
    first_row, first_text = bad[0]
    one = len(bad) == 1
    return (
        f"{name}: {len(bad):,} {what[0] if one else what[1]} (first in data row {first_row}: "
        f"{first_text.strip()!r}) {'is' if one else 'are'} treated as missing."
    )


def _strict(data: bytes | str) -> Element:
    # The DOCTYPE line real Triple-S files carry is allowed (expat never fetches it); entities
    # (billion laughs) and external references (file or network) are still refused.
    return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)


def _parse_xml(path: Path) -> Element:
    raw = safe_files.read_bytes(path)
    # Let the XML declaration and BOM decide the encoding; fall back to decoding it ourselves.
    try:
        return _strict(raw)
    except DefusedXmlException as error:
        raise ExplorerError.for_file(
            path,
            "the Triple-S schema declares entities or external references, which are refused "
            "for safety",
        ) from error
    except (ParseError, ValueError, LookupError) as first:
        try:
            text = decode_text(raw)
            text = text[text.find("<") :] if "<" in text else text
            if text.startswith("<?xml"):
                text = text[text.find("?>") + 2 :]
            return _strict(text)
        except (ParseError, ValueError, LookupError, DefusedXmlException) as error:
            raise ExplorerError.for_file(
                path, "this is not a readable Triple-S schema (the XML is malformed)"
            ) from (error if isinstance(first, ParseError) else first)


# Limits checked before any work: a schema's numbers decide how much is read and allocated
# (a 7-line schema with subfields="200000000" once ran for 18 minutes).
MAX_POSITION = 1_000_000  # a fixed-width record this long is no survey
MAX_FIELD_WIDTH = 10_000  # one variable's characters (a long verbatim answer)
MAX_SUBFIELDS = 1_000  # one spread's answer slots
MAX_SKIP = 1_000  # header lines before the data


def _int(
    path: Path, text: str | None, what: str, low: int | None = None, high: int | None = None
) -> int:
    shown = visible(str(text), limit=40)
    try:
        value = int(str(text).strip())
    except ValueError:
        raise ExplorerError.for_file(path, f"{what} {shown!r} is not a whole number") from None
    if low is not None and value < low:
        raise ExplorerError.for_file(path, f"{what} is {value:,}, less than {low:,}")
    if high is not None and value > high:
        raise ExplorerError.for_file(path, f"{what} is {value:,}, more than the limit of {high:,}")
    return value


def _spec(path: Path, node: Element) -> _Spec:
    name = (node.findtext("name") or node.get("ident") or "").strip()
    if not name:
        raise ExplorerError.for_file(path, "a Triple-S variable has no name")
    position = node.find("position")
    if position is None or position.get("start") is None:
        raise ExplorerError.for_file(path, f"the Triple-S variable {name} has no position")
    start = _int(path, position.get("start"), f"the start position of {name}", 1, MAX_POSITION)
    finish = _int(
        path, position.get("finish") or position.get("start"), f"the end of {name}", 1, MAX_POSITION
    )
    if finish < start:
        raise ExplorerError.for_file(
            path, f"the Triple-S variable {name} has an impossible position"
        )
    if node.find("spread") is None and finish - start + 1 > MAX_FIELD_WIDTH:
        raise ExplorerError.for_file(
            path,
            f"the Triple-S variable {name} is {finish - start + 1:,} characters wide, more than "
            f"the limit of {MAX_FIELD_WIDTH:,}",
        )
    values = []
    literal: dict[str, float] = {}
    is_literal = (node.get("format") or "").strip().lower() == "literal"
    for value in node.iter("value"):
        code = (value.get("code") or "").strip()
        text = _text(value) or code
        if is_literal:
            if code and code not in literal:
                literal[code] = float(len(literal) + 1)
                values.append((literal[code], f"{text} ({code})" if text != code else code))
            continue
        try:
            values.append((float(code), text))
        except (TypeError, ValueError):
            continue
    spread = node.find("spread")
    spread_spec = None
    if spread is not None:
        subfields = _int(path, spread.get("subfields"), f"the spread of {name}", 1, MAX_SUBFIELDS)
        width = _int(
            path, spread.get("width") or "0", f"the spread width of {name}", 0, MAX_FIELD_WIDTH
        )
        spread_spec = (subfields, width or max(1, (finish - start + 1) // subfields))
    label = node.find("label")
    return _Spec(
        name=name,
        label=(_text(label) if label is not None else "") or name,
        type=(node.get("type") or "").strip().lower(),
        start=start,
        finish=finish,
        values=values,
        spread=spread_spec,
        use=(node.get("use") or "").strip().lower(),
        literal=literal,
    )


def _text(node: Element) -> str:
    """An element's text: its own, else its first `<text lang=…>` (Triple-S 2.0 languages)."""
    own = (node.text or "").strip()
    if own:
        return own
    for child in node.findall("text"):
        if (child.text or "").strip():
            return child.text.strip()
    return ""


def _data_file(schema: Path, href: str | None, is_csv: bool) -> Path:
    candidates = []
    if href and href.strip() and not safe_files.looks_like_url(href):
        candidates.append(schema.parent / Path(href.strip()).name)
    suffixes = (".csv", *DATA_SUFFIXES) if is_csv else DATA_SUFFIXES
    for suffix in suffixes:
        candidates += [schema.with_suffix(suffix), schema.with_suffix(suffix.upper())]
    for candidate in candidates:
        if candidate.is_file() and candidate != schema:
            return safe_files.checked_path(candidate, what="Triple-S data file")
    raise ExplorerError.for_file(
        schema,
        f"the Triple-S data file was not found (looked for {schema.stem}.asc, .dat or .csv beside it)",
    )


def _rows(data_path: Path, is_csv: bool, skip: int) -> list:
    with safe_files.open_regular(data_path) as handle:
        raw = handle.read()
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExplorerError.for_file(
            data_path, "the data file contains NUL bytes, so it is not text"
        )
    text = decode_text(raw)
    if is_csv:
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as error:
            raise ExplorerError.for_file(
                data_path, f"the data is not readable CSV ({error})"
            ) from error
    else:
        rows = text.splitlines()
    rows = rows[skip:]
    return [r for r in rows if (any(c.strip() for c in r) if is_csv else r.strip())]


def _field(row, spec: _Spec, is_csv: bool) -> str:
    if is_csv:
        # Positions are field numbers; a spread may use several consecutive fields.
        cells = row[spec.start - 1 : spec.finish]
        return (
            " ".join(c.strip() for c in cells) if spec.finish > spec.start else (cells or [""])[0]
        )
    return row[spec.start - 1 : spec.finish]


def _simple(spec: _Spec, fields: list[str]):
    """The column, its Variable and the (data row, text) of every value made missing."""
    if spec.type == "character":
        values = pd.Series([f.strip() or None for f in fields], dtype=object)
        return values, Variable(spec.name, spec.label, Kind.TEXT), []
    if spec.type == "date":
        values = pd.to_datetime(
            pd.Series([f.strip() or None for f in fields]), format="%Y%m%d", errors="coerce"
        )
        return values, Variable(spec.name, spec.label, Kind.DATE), []
    numbers = np.full(len(fields), np.nan)
    bad: list[tuple[int, str]] = []
    for row, text in enumerate(fields):
        text = text.strip()
        if not text:
            continue
        if spec.literal:
            code = spec.literal.get(text)
        else:
            try:
                code = float(text)
            except ValueError:
                code = None
            if code is not None and not np.isfinite(code):
                code = None
        if code is None:
            bad.append((row + 1, text))
        else:
            numbers[row] = code
    numbers = pd.Series(numbers, dtype=np.float64)
    if spec.type == "logical":
        labels = [(0.0, "No"), (1.0, "Yes")]
        var = kinds.infer_variable(
            spec.name, spec.label, numbers, value_labels=labels, kind=Kind.NOMINAL
        )
        return numbers, var, bad
    if spec.type == "single":
        var = kinds.infer_variable(spec.name, spec.label, numbers, value_labels=spec.values)
        return numbers, var, bad
    kind = Kind.WEIGHT if spec.use == "weight" else Kind.NUMERIC
    return numbers, kinds.infer_variable(spec.name, spec.label, numbers, kind=kind), bad


def _multiple(spec: _Spec, fields: list[str], is_csv: bool, names: list[str]):
    """0/1 item columns (named `names`: `<name>_<code>` unless taken) and the MULTI set."""
    codes = [code for code, _ in spec.values]
    selected = np.zeros((len(fields), len(codes)), dtype=np.float64)
    blank = np.array([not f.strip() for f in fields])
    index = {code: i for i, code in enumerate(codes)}
    bad: list[tuple[int, str]] = []
    for row, text in enumerate(fields):
        if spec.spread is not None:
            subfields, width = spec.spread
            if is_csv:
                chosen = [c for c in text.replace(";", " ").split() if c]
            else:
                chosen = [text[k * width : (k + 1) * width] for k in range(subfields)]
            for cell in chosen:
                cell = cell.strip()
                if not cell:
                    continue
                code = spec.literal.get(cell) if spec.literal else _float_or_none(cell)
                if code is not None and code in index:
                    selected[row, index[code]] = 1
                elif code != 0:
                    bad.append((row + 1, cell))
        else:
            bits = text.strip() if is_csv else text
            for i, bit in enumerate(bits[: len(codes)]):
                selected[row, i] = 1.0 if bit == "1" else 0.0
    if spec.spread is None:  # blank spread slots just mean nothing (more) was chosen
        selected[blank] = np.nan
    items = {}
    for i, (_code, text) in enumerate(spec.values):
        item = names[i]
        values = pd.Series(selected[:, i])
        var = kinds.infer_variable(
            item,
            f"{spec.label}: {text}",
            values,
            value_labels=[(0.0, "Not selected"), (1.0, "Selected")],
            kind=Kind.NOMINAL,
        )
        items[item] = (values, var)
    mr = Variable(spec.name, spec.label, Kind.MULTI, members=tuple(items), counted_value=1.0)
    return items, mr, bad


def _float_or_none(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if np.isfinite(value) else None
