"""Opening a survey file of any supported format: `load_survey` picks the reader by extension (or
content), then settles what every format shares — weight, multiple-response sets, provenance.

Readers (sav, tabular, triple_s, parquet) return a `Parsed`; `parsed.finish` turns it into a
`Survey`. An SPSS file is read, parsed and finished in a child process (`sav_child`).
"""

from __future__ import annotations

import os
from pathlib import Path

from explorer.core import atomic, safe_files
from explorer.core.errors import ExplorerError
from explorer.core.survey.model import Survey
from explorer.core.survey.parsed import Parsed, finish

__all__ = ["FORMATS", "Parsed", "finish", "load_survey", "read_parsed"]

FORMATS = ("spss", "csv", "xlsx", "triple-s", "parquet")
_ALIASES = {
    "sav": "spss",
    "zsav": "spss",
    "spss": "spss",
    "csv": "csv",
    "xlsx": "xlsx",
    "excel": "xlsx",
    "sss": "triple-s",
    "triple-s": "triple-s",
    "triples": "triple-s",
    "parquet": "parquet",
    "pq": "parquet",
}
_EXTENSIONS = {
    ".sav": "spss",
    ".zsav": "spss",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".sss": "triple-s",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_NOT_A_SURVEY = "is not an SPSS, CSV, Excel, Triple-S or Parquet file"


def load_survey(
    path: str | os.PathLike[str],
    *,
    weight: str | None = None,
    format: str | None = None,
    codebook: str | os.PathLike[str] | None = None,
    columns: list[str] | None = None,
    progress=None,
    first=None,
) -> Survey:
    """Load a survey file into a Survey, or raise ExplorerError with one sentence naming the file.

    `format` overrides the extension ("spss", "csv", "xlsx", "triple-s", "parquet"); `weight`
    names the weight variable (else one is detected by name/label); `codebook` is a CSV codebook
    for CSV/Excel data (see docs/codebook.md). `columns` (for .sav and Parquet files) reads only
    the variables a request needs, with their MR members and weight candidates (`column_subset`).
    A folder is a pooled tracker (one Parquet file per wave, see `tracker`): its columns are
    read when first used, whatever `columns` says.
    `progress(fraction, message)` hears the stages of a .sav read in its child process.
    `first=(wanted, on_first)`: a large .sav read whole is handed over twice (`sav_stream`):
    `on_first(survey, catalog)` first gets the Survey of the columns the first view needs
    (`wanted` names among them) and the file's catalogue of variables (`catalog`), then the whole
    Survey is returned.
    """
    # A folder is a tracker; only then is pyarrow.dataset (which brings pandas) imported, so the
    # window's process, which reads .sav files in a child, never pays for it.
    if format in (None, "parquet") and _local_folder(path):
        return _open_tracker(path, weight=weight)
    checked = safe_files.checked_path(path, what="survey file")
    kind = _format_of(checked, format)
    from explorer.core.survey import reader_process, sav_child, sav_stream

    if (
        kind == "spss"
        and first is not None
        and columns is None
        and sav_stream.worth_streaming(checked)
    ):
        wanted, on_first = first
        survey = sav_stream.read_survey_streamed(
            checked, wanted=wanted, on_first=on_first, weight=weight, progress=progress
        )
    elif (
        kind == "spss" and reader_process.ISOLATE
    ):  # the child reads and finishes it: arrays come back
        survey = sav_child.read_survey_isolated(
            checked, weight=weight, columns=columns, progress=progress
        )
    else:
        parsed = read_parsed(checked, kind, codebook=codebook, columns=columns)
        survey = finish(parsed, checked, weight=weight)
    # From now on no export or autosave may write onto the files the data came from.
    atomic.register_source_path(checked)
    for companion in _companions(checked, kind, codebook):
        atomic.register_source_path(companion)
    return survey


def _open_tracker(path, *, weight: str | None) -> Survey:
    """A folder of Parquet files, one per wave: opened lazily (`tracker`); its files are
    registered as source data, so no export may write onto them."""
    from explorer.core.survey.tracker import open_tracker

    survey = open_tracker(path, weight=weight)
    folder = Path(survey.source.path)
    for entry in folder.iterdir():
        atomic.register_source_path(entry)
    return survey


def _local_folder(path: str | os.PathLike[str]) -> bool:
    """A folder on this machine (never asked of a network path: that would go online)."""
    text = os.fspath(path)
    if safe_files.is_network_path(text) or safe_files.looks_like_url(text):
        return False
    return Path(text).expanduser().is_dir()


def _companions(path: Path, kind: str, codebook) -> list[Path]:
    """The other files a survey is read from: a Triple-S schema's data file (or the schema of a
    data file), a codebook named or found beside CSV/Excel data."""
    found: list[Path] = []
    if kind == "triple-s":
        for suffix in (".sss", ".xml", ".asc", ".dat", ".csv"):
            found += [path.with_suffix(suffix), path.with_suffix(suffix.upper())]
    elif kind in ("csv", "xlsx"):
        from explorer.core.survey.codebook import sidecar_for

        found.append(sidecar_for(path))
        if codebook is not None:
            found.append(Path(os.fspath(codebook)))
    return [p for p in found if p != path and p.is_file()]


def read_parsed(
    path: Path,
    kind: str,
    *,
    codebook: str | os.PathLike[str] | None = None,
    columns: list[str] | None = None,
) -> Parsed:
    """Run the reader for `kind` on an already checked path (`columns`: Parquet reads only
    what those variables need; the other text formats are read whole)."""
    if kind == "spss":
        from explorer.core.survey import sav

        return sav.read_sav(path)
    if kind in ("csv", "xlsx"):
        from explorer.core.survey import tabular

        return tabular.read_tabular(path, kind, codebook=codebook)
    if kind == "triple-s":
        from explorer.core.survey import triple_s

        return triple_s.read_triple_s(path)
    if kind == "parquet":
        from explorer.core.survey import parquet

        return parquet.read_parquet(path, columns)
    raise ExplorerError(f"{path.name} {_NOT_A_SURVEY}.", path)


def _format_of(path: Path, requested: str | None) -> str:
    if requested:
        kind = _ALIASES.get(requested.strip().lower())
        if kind is None:
            raise ExplorerError.for_file(
                path, f"{requested!r} is not a survey format (use one of {', '.join(FORMATS)})"
            )
        return kind
    by_extension = _EXTENSIONS.get(path.suffix.lower())
    if by_extension:
        return by_extension
    if path.suffix.lower() in (".asc", ".dat") and path.with_suffix(".sss").is_file():
        return "triple-s"
    sniffed = _sniff(path)
    if sniffed:
        return sniffed
    raise ExplorerError(f"{path.name} {_NOT_A_SURVEY}.", path)


def _sniff(path: Path) -> str | None:
    """The format from the first bytes, for files whose extension says nothing."""
    try:
        with safe_files.open_regular(path) as handle:
            head = handle.read(512)
    except OSError as error:
        raise ExplorerError.for_file(path, f"the file cannot be read ({error.strerror})") from error
    if head.startswith((b"$FL2", b"$FL3")):
        return "spss"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04") and path.suffix.lower() != ".zip":
        return "xlsx"
    text = head.decode("utf-16", errors="ignore") if head[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
    text = text or head.decode("utf-8", errors="ignore")
    if "<sss" in text:
        return "triple-s"
    return None
