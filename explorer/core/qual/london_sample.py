"""The bundled London focus groups: reads the readable sources in data/sample/focus_groups/
(transcripts, participants, codebook, codings) into a `Project` and writes it as a .qdpx.

Run `python -m explorer.core.qual.london_sample` after editing the sources; the build is
deterministic (uuid5 guids, sorted inputs), so an unchanged source gives an identical project.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from explorer.core.errors import ExplorerError
from explorer.core.qual.model import MODERATOR, Case, Code, Project, Segment, Source, Turn, User
from explorer.core.qual.turns import case_index, link_speakers, split_turns
from explorer.core.sample_files import SAMPLE_QUAL as QDPX_PATH
from explorer.core.sample_files import SAMPLE_SOURCES as SOURCE_DIR

PROJECT_NAME = "London focus groups (illustrative)"
DESCRIPTION = (
    "Illustrative sample data: focus-group turns written for Briefing Explorer to reflect the "
    "themes the Police Foundation reports; no real participant said them."
)
AUTHOR = "Briefing Explorer sample"

# A fixed namespace so that guids depend only on names: rebuilding gives identical bytes.
NAMESPACE = uuid.UUID("6f1d2b8e-4a57-5c1e-9e0b-7d3c2a1f0b42")
PSEUDONYM = re.compile(r"P\d\d+")
TURN_REF = re.compile(r"(?P<speaker>P\d\d+)#(?P<ordinal>\d+)|(?P<paragraph>\d+)")
COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


def guid(kind: str, *names: object) -> str:
    """A stable guid for a named thing, upper case as REFI-QDA tools write them."""
    return str(uuid.uuid5(NAMESPACE, "/".join([kind, *map(str, names)]))).upper()


def _read_csv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise ExplorerError.for_file(path, f"has no column {', '.join(missing)}")
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ExplorerError.for_file(path, f"cannot be read ({error})") from error


def read_codes(path: Path) -> dict[str, Code]:
    """codebook.csv: parent, code, description, color; a parent row comes before its children."""
    codes: dict[str, Code] = {}
    by_name: dict[str, str] = {}
    for line, row in enumerate(_read_csv(path, ("parent", "code", "description", "color")), 2):
        name, parent = row["code"], row["parent"]
        if not name:
            raise ExplorerError.for_file(path, f"line {line} has no code name")
        if name.casefold() in by_name:
            raise ExplorerError.for_file(path, f"line {line} repeats the code {name!r}")
        if parent and parent.casefold() not in by_name:
            raise ExplorerError.for_file(
                path, f"line {line} names the parent {parent!r} before it is defined"
            )
        if row["color"] and not COLOR.fullmatch(row["color"]):
            raise ExplorerError.for_file(path, f"line {line} has the colour {row['color']!r}")
        code = Code(
            guid=guid("code", name),
            name=name,
            parent=by_name[parent.casefold()] if parent else None,
            color=row["color"].upper(),
            description=row["description"],
        )
        codes[code.guid] = code
        by_name[name.casefold()] = code.guid
    return codes


def read_participants(path: Path) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """participants.csv: pseudonym then one column per attribute, in the file's order."""
    rows = _read_csv(path, ("pseudonym", "Group"))
    out: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, 2):
        name = row.pop("pseudonym")
        if not PSEUDONYM.fullmatch(name):
            raise ExplorerError.for_file(path, f"line {line} has {name!r}, not a pseudonym P01…")
        if name in seen:
            raise ExplorerError.for_file(path, f"line {line} repeats the pseudonym {name}")
        seen.add(name)
        out.append((name, tuple(row.items())))
    return out


def _transcript_stems(folder: Path) -> list[str]:
    # London groups first, in number order, then any other transcripts by name.
    stems = [p.stem for p in folder.glob("*.txt")]
    return sorted(stems, key=lambda s: (not s.startswith("group"), len(s), s))


def _find_turn(turns: tuple[Turn, ...], ref: str) -> Turn | None:
    match = TURN_REF.fullmatch(ref)
    if match is None:
        return None
    if match["paragraph"]:
        index = int(match["paragraph"]) - 1
        return turns[index] if 0 <= index < len(turns) else None
    spoken = [t for t in turns if t.speaker == match["speaker"]]
    ordinal = int(match["ordinal"])
    return spoken[ordinal - 1] if 1 <= ordinal <= len(spoken) else None


def read_segments(
    path: Path, sources: dict[str, Source], codes: dict[str, Code], user: str
) -> list[Segment]:
    """codings.csv: source stem, turn ("P07#3" = P07's third turn, or a 1-based paragraph),
    an optional verbatim quote within the turn, and ";"-separated code names."""
    by_name = {c.name.casefold(): c.guid for c in codes.values()}
    spans: dict[tuple[str, int, int], list[str]] = {}
    meta: dict[tuple[str, int, int], Turn] = {}
    for line, row in enumerate(_read_csv(path, ("source", "turn", "quote", "codes")), 2):
        source = sources.get(row["source"])
        if source is None:
            raise ExplorerError.for_file(path, f"line {line} names no transcript {row['source']!r}")
        turn = _find_turn(source.turns, row["turn"])
        if turn is None:
            raise ExplorerError.for_file(
                path, f"line {line} names no turn {row['turn']!r} in {row['source']}"
            )
        if turn.speaker == MODERATOR:
            raise ExplorerError.for_file(path, f"line {line} codes a moderator turn")
        start, end = turn.start, turn.end
        if row["quote"]:
            at = turn.text.find(row["quote"])
            if at < 0:
                raise ExplorerError.for_file(
                    path,
                    f"line {line} quotes text that is not in {row['source']} turn {row['turn']}",
                )
            start, end = turn.start + at, turn.start + at + len(row["quote"])
        names = [n.strip() for n in row["codes"].split(";") if n.strip()]
        if not names:
            raise ExplorerError.for_file(path, f"line {line} has no code")
        key = (source.guid, start, end)
        for name in names:
            code = by_name.get(name.casefold())
            if code is None:
                raise ExplorerError.for_file(path, f"line {line} names no code {name!r}")
            if code not in spans.setdefault(key, []):
                spans[key].append(code)
        meta[key] = turn
    order = {src.guid: i for i, src in enumerate(sources.values())}
    stem_of = {src.guid: stem for stem, src in sources.items()}
    segments = []
    for key in sorted(spans, key=lambda k: (order[k[0]], k[1], k[2])):
        source_guid, start, end = key
        turn = meta[key]
        stem = stem_of[source_guid]
        segments.append(
            Segment(
                guid=guid("segment", stem, start, end),
                source=source_guid,
                start=start,
                end=end,
                text=sources[stem].text[start:end],
                codes=tuple(spans[key]),
                case=turn.case,
                speaker=turn.speaker,
                turn=turn.index,
                creator=user,
            )
        )
    return segments


def build_project(folder: str | Path = SOURCE_DIR) -> Project:
    """The sample as a `Project`, from the readable sources alone (no file is written)."""
    folder = Path(folder)
    codes = read_codes(folder / "codebook.csv")
    people = read_participants(folder / "participants.csv")
    cases = {
        (g := guid("case", name)): Case(guid=g, name=name, attributes=attrs)
        for name, attrs in people
    }
    index = case_index(cases)
    user = User(guid=guid("user", AUTHOR), name=AUTHOR)

    sources: dict[str, Source] = {}  # by file stem, as codings.csv names them
    spoken_in: dict[str, list[str]] = {}  # case guid → the sources where the case speaks
    for stem in _transcript_stems(folder):
        path = folder / f"{stem}.txt"
        try:
            text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
        except (OSError, UnicodeDecodeError) as error:
            raise ExplorerError.for_file(path, f"cannot be read ({error})") from error
        source_guid = guid("source", stem)
        turns = split_turns(source_guid, text, index)
        for turn in turns:
            if turn.speaker != MODERATOR and turn.case is None:
                raise ExplorerError.for_file(
                    path, f"paragraph {turn.index + 1} has no participant or moderator label"
                )
            if turn.case is not None and source_guid not in spoken_in.setdefault(turn.case, []):
                spoken_in[turn.case].append(source_guid)
        speakers = [cases[t.case] for t in turns if t.case is not None]
        groups = _distinct(c.attribute("Group") for c in speakers)
        places = _distinct(c.attribute("Location") for c in speakers)
        group = ", ".join(groups)
        sources[stem] = Source(
            guid=source_guid,
            name=f"{group}, {', '.join(places)}" if places else stem,
            text=text,
            group=group,
            description=f"Illustrative transcript ({stem}.txt), one turn per paragraph.",
            turns=turns,
        )

    cases = {g: replace(c, source_guids=tuple(spoken_in.get(g, ()))) for g, c in cases.items()}
    segments = read_segments(folder / "codings.csv", sources, codes, user.guid)
    project = Project(
        name=PROJECT_NAME,
        codes=codes,
        cases=cases,
        sources={s.guid: s for s in sources.values()},
        segments=segments,
        users={user.guid: user},
        description=DESCRIPTION,
        illustrative="illustrative" in DESCRIPTION.casefold(),
    )
    link_speakers(project)  # roles and exchanges exactly as the .qdpx reader gives them
    return project


def _distinct(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Build the sample project and write it as a .qdpx (default: data/sample/…)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--sources", type=Path, default=SOURCE_DIR)
    parser.add_argument("--output", type=Path, default=QDPX_PATH)
    args = parser.parse_args(argv)
    from explorer.core.qual.qde_writer import write_qdpx

    try:
        project = build_project(args.sources)
        write_qdpx(project, args.output)
    except ExplorerError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 2
    print(f"wrote {args.output} ({len(project.segments)} coded segments)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
