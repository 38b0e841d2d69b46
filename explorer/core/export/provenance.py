"""What every export says about itself: protective marking, illustrative notice, the data files
with their dates and SHA-256, the filter and when it was exported; plus formula neutralisation.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field

from explorer.core.briefing.marking import ILLUSTRATIVE_NOTICE, banner
from explorer.core.briefing.model import QUAL, SURVEY, DataRef
from explorer.core.qual.model import Project
from explorer.core.safe_files import modified_date
from explorer.core.survey.model import Survey
from explorer.core.survey.table import TableOptions

_DEFAULTS = TableOptions()

# A spreadsheet treats a cell starting with these as a formula (fullwidth forms included, which
# some spreadsheet programs fold to ASCII), so text starting with one is written as plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


# Characters a spreadsheet skips before it looks for a formula: spaces, tabs, line breaks and other
# control characters, and invisible format characters (zero-width space, direction marks).
_LEADING_IGNORED = re.compile(
    r"^[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]*"
)


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet might run `text` as a formula: it starts with = + - @ (or a
    fullwidth form) once leading whitespace and control characters are stripped, or starts with
    a tab or line break itself."""
    if text.startswith(FORMULA_STARTS):
        return True
    return _LEADING_IGNORED.sub("", text, count=1).startswith(FORMULA_STARTS)


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading single quote; else unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


@dataclass(frozen=True)
class Provenance:
    """The context an export is stamped with."""

    marking: str = "OFFICIAL"
    illustrative: bool = False
    sources: tuple[DataRef, ...] = ()
    filter_description: str = ""
    title: str = ""
    exported_at: str = field(
        default_factory=lambda: _dt.datetime.now().isoformat(timespec="minutes")
    )
    # Disclosure control in force when the numbers were computed (TableOptions' thresholds).
    suppress_below: int = _DEFAULTS.suppress_below
    low_base: int = _DEFAULTS.low_base
    very_low_base: int = _DEFAULTS.very_low_base

    @property
    def disclosure(self) -> dict[str, int]:
        return {
            "suppress_below": self.suppress_below,
            "low_base": self.low_base,
            "very_low_base": self.very_low_base,
        }

    @property
    def disclosure_line(self) -> str:
        return (
            f"Disclosure control: cells resting on fewer than {self.suppress_below} respondents "
            "are hidden, and so are any cells that would let a hidden one be worked out from the "
            f"totals; bases under {self.low_base} are flagged low and under "
            f"{self.very_low_base} very low"
        )

    def header_lines(self, filter_description: str | None = None) -> list[str]:
        """Title, marking, notice, data sources (name, date, hash), filter and export time."""
        lines = [self.title] if self.title else []
        lines.append(banner(self.marking))
        if self.illustrative:
            lines.append(ILLUSTRATIVE_NOTICE)
        lines.extend(source_line(ref) for ref in self.sources)
        description = (
            filter_description if filter_description is not None else self.filter_description
        )
        if description:
            lines.append(f"Filter: {description}")
        lines.append(self.disclosure_line)
        lines.append(f"Exported: {self.exported_at}")
        return lines

    @property
    def footer_lines(self) -> list[str]:
        lines = [ILLUSTRATIVE_NOTICE] if self.illustrative else []
        return [*lines, banner(self.marking)]


def source_line(ref: DataRef) -> str:
    what = "Survey" if ref.kind == SURVEY else "Focus groups" if ref.kind == QUAL else "Data"
    dated = f", file dated {ref.modified}" if ref.modified else ""
    digest = f", SHA-256 {ref.sha256}" if ref.sha256 else ""
    return f"{what}: {ref.name}{dated}{digest}"


def survey_ref(survey: Survey) -> DataRef:
    """A data reference for a loaded survey, from what its loader recorded."""
    info = survey.source
    return DataRef(SURVEY, info.path, info.sha256, os.path.basename(info.path), info.modified)


def project_ref(project: Project) -> DataRef:
    modified = ""
    if project.path and os.path.isfile(project.path):
        modified = modified_date(project.path)
    name = os.path.basename(project.path) if project.path else project.name
    return DataRef(QUAL, project.path, project.sha256, name, modified)


def provenance_for(
    *,
    marking: str = "OFFICIAL",
    survey: Survey | None = None,
    project: Project | None = None,
    filter_description: str = "",
    title: str = "",
    options: TableOptions | None = None,
) -> Provenance:
    """Provenance from the loaded data: sources, illustrative if either half says so, and the
    disclosure thresholds of `options` (the defaults when None)."""
    options = options or _DEFAULTS
    sources = []
    if survey is not None:
        sources.append(survey_ref(survey))
    if project is not None:
        sources.append(project_ref(project))
    illustrative = bool(
        (survey is not None and survey.illustrative)
        or (project is not None and project.illustrative)
    )
    return Provenance(
        marking=banner(marking),
        illustrative=illustrative,
        sources=tuple(sources),
        filter_description=filter_description,
        title=title,
        suppress_below=options.suppress_below,
        low_base=options.low_base,
        very_low_base=options.very_low_base,
    )
