"""The evidence matrix computed: for each theme (row) and each group of one shared profile
dimension (column), the survey's estimate of the theme's question for that group, the focus
groups' prevalence of the theme in that group, and an exemplar quote.

Nothing is counted twice here: the survey cell is `Session.table` (the computation behind
`explorer table`) under the cell's filter, and the focus-group cell is `find_quotes` (behind
`explorer quotes`) under the cell's participant filter. Focus-group counts are quantitized
qualitative data: labelled not statistically representative, never given an interval or a
significance letter. Fewer than three participants behind a cell flags it and withholds the
exemplar's attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from explorer.core import dimension_filters as dim_filters
from explorer.core import dimensions as dm
from explorer.core import filter_state as fs
from explorer.core.errors import ExplorerError
from explorer.core.evidence.themes import Theme, answer_row
from explorer.core.filter_state import FilterState
from explorer.core.session import Session

MIN_PARTICIPANTS = 3
NOT_REPRESENTATIVE = (
    "Focus-group counts are not statistically representative: participants were not sampled to "
    "stand for a population, so they carry no interval or significance test."
)
WITHHELD = f"attributes withheld: fewer than {MIN_PARTICIPANTS} participants"
NARROW_NOTE = (
    f"⚑ fewer than {MIN_PARTICIPANTS} participants: the cell may identify someone, so its "
    "quote's attributes are withheld."
)
# An exemplar is the first passage of at least this many words (if any), coded with the
# theme's first code where one is.
EXEMPLAR_WORDS = 8


@dataclass(frozen=True)
class Group:
    """A column: one value of the dimension, with its survey code and focus-group spellings."""

    key: str
    label: str
    survey_code: float | None
    qual_values: tuple[str, ...]


@dataclass(frozen=True)
class SurveyCell:
    question: str
    answer: str  # the answer's label ("Support (net)")
    percent: float | None
    ci_low: float | None
    ci_high: float | None
    unweighted_base: int
    effective_base: float
    flags: tuple[str, ...]  # the column's base flags ("low base", …)
    suppressed: bool


@dataclass(frozen=True)
class QualCell:
    participants: int  # distinct participants who raised the theme
    of: int  # participants in the group under the filter
    passages: int  # their passages coded with the theme

    @property
    def narrow(self) -> bool:
        """Fewer than three participants stand behind the cell (or the group)."""
        return 0 < self.participants < MIN_PARTICIPANTS or 0 < self.of < MIN_PARTICIPANTS


@dataclass(frozen=True)
class Exemplar:
    text: str
    attribution: str  # WITHHELD when the cell is narrow
    reference: str  # source, selection and characters, to find it in the coding tool


@dataclass(frozen=True)
class Cell:
    group: Group
    state: FilterState  # the respondents and participants the cell covers
    filter: tuple[str, ...]  # `explorer table --filter` arguments ("age_band=1")
    where: tuple[str, ...]  # `explorer quotes --where` arguments ("Age=18–24")
    survey: SurveyCell | None  # None: no question, or no survey counterpart for the group
    qual: QualCell | None  # None: no codes, or no focus-group counterpart for the group
    exemplar: Exemplar | None


@dataclass(frozen=True)
class Row:
    theme: Theme
    question_label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class EvidenceMatrix:
    by: str  # the dimension's key
    by_label: str
    groups: tuple[Group, ...]
    rows: tuple[Row, ...]
    survey_filter: str  # the filter in words, as it narrows each half
    qual_filter: str
    weight: str | None
    illustrative: bool

    def row(self, theme_id: str) -> Row | None:
        return next((r for r in self.rows if r.theme.id == theme_id), None)


def shared_dimension(session: Session, name: str) -> dm.Dimension:
    """The profile dimension named `name` (its key, survey variable, focus-group attribute or
    label, any case), which must be shared by the survey and the focus groups."""
    folded = name.strip().casefold()
    for dim in session.dimensions:
        names = (dim.key, dim.survey_variable or "", dim.qual_attribute or "", dim.label)
        if folded in (n.casefold() for n in names if n):
            if dim.scope != dm.BOTH:
                raise ExplorerError(
                    f"{name!r} is a profile dimension of the {dim.scope.replace(' only', '')} "
                    "only; the matrix needs one both halves share."
                )
            return dim
    shared = ", ".join(d.survey_variable or d.key for d in session.dimensions if d.scope == dm.BOTH)
    raise ExplorerError(
        f"There is no profile dimension named {name!r}; those both halves share are {shared}."
    )


def _number(code: float | str) -> str:
    if isinstance(code, str):
        return code
    return str(int(code)) if float(code).is_integer() else repr(float(code))


def _filters(state: FilterState, session: Session) -> tuple[str, ...]:
    filters = dim_filters.survey_filters(state, session.dimensions)
    return tuple(f"{var}={','.join(_number(c) for c in codes)}" for var, codes in filters.items())


def _wheres(where: dict[str, frozenset[str]]) -> tuple[str, ...]:
    return tuple(f"{attr}={'|'.join(sorted(values))}" for attr, values in where.items())


def _survey_cell(session: Session, theme: Theme, state: FilterState) -> SurveyCell | None:
    if session.survey is None or theme.question is None:
        return None
    table = session.table(theme.question, state)
    row = answer_row(table, theme.answer)
    if row is None:
        return None
    column, cell = table.columns[0], row.cells[0]
    return SurveyCell(
        question=theme.question,
        answer=row.label,
        percent=cell.percent,
        ci_low=cell.ci_low,
        ci_high=cell.ci_high,
        unweighted_base=column.unweighted_base,
        effective_base=column.effective_base,
        flags=column.flags,
        suppressed=cell.suppressed,
    )


def _qual(session: Session, theme: Theme, state: FilterState, where):
    from explorer.core.qual.attribution import attribution
    from explorer.core.qual.queries import QuoteQuery, find_quotes, identifiability

    project = session.project
    if project is None or not theme.codes or any(not v for v in where.values()):
        return None, None
    query = QuoteQuery(
        codes=theme.codes,
        where=tuple(sorted(where.items())),
        speakers_only=True,
        participants_only=True,
    )
    quotes = find_quotes(project, query)
    of = len(dim_filters.matching_cases(project, state, session.dimensions))
    qual = QualCell(identifiability(project, quotes).participants, of, len(quotes))
    if not quotes:
        return qual, None
    lead = set(theme.lead)
    full = [q for q in quotes if len(q.text.split()) >= EXEMPLAR_WORDS] or quotes
    pick = next((q for q in full if lead.intersection(q.segment.codes)), full[0])
    who = WITHHELD if qual.narrow else attribution(pick)
    return qual, Exemplar(pick.text, who, pick.reference)


def cell_state(state: FilterState, dim: dm.Dimension, group: Group) -> FilterState:
    """The filter a cell covers: `state`'s respondents and participants in `group`."""
    return fs.with_values(state, dim.key, [group.key])


def build_matrix(
    session: Session, state: FilterState, by: str, themes: Sequence[Theme]
) -> EvidenceMatrix:
    """The matrix of `themes` by the groups of dimension `by` under `state` (its profile
    filters and survey answers; its topic, codes and search text are the rows' business)."""
    dim = shared_dimension(session, by)
    state = FilterState(dimensions=state.dimensions, cross=state.cross)
    allowed = state.allowed(dim.key)
    groups = tuple(
        Group(v.key, v.label, v.survey_code, v.qual_values)
        for v in dim.values
        if not allowed or v.key in allowed
    )
    rows = []
    for theme in themes:
        cells = []
        for group in groups:
            covered = cell_state(state, dim, group)
            where = dim_filters.quote_where(covered, session.dimensions)
            survey = (
                _survey_cell(session, theme, covered) if group.survey_code is not None else None
            )
            qual, exemplar = _qual(session, theme, covered, where)
            cells.append(
                Cell(
                    group=group,
                    state=covered,
                    filter=_filters(covered, session),
                    where=_wheres(where),
                    survey=survey,
                    qual=qual,
                    exemplar=exemplar,
                )
            )
        label = session.question_label(theme.question) if theme.question else ""
        rows.append(Row(theme, label, tuple(cells)))
    survey = session.survey
    return EvidenceMatrix(
        by=dim.key,
        by_label=dim.label,
        groups=groups,
        rows=tuple(rows),
        survey_filter=session.describe(state, "survey"),
        qual_filter=session.describe(state, "qual"),
        weight=survey.weight if survey is not None else None,
        illustrative=session.illustrative,
    )


def without_exemplars(m: EvidenceMatrix) -> EvidenceMatrix:
    """`m` with no exemplar quote in any cell (for a pack without quotes)."""
    rows = tuple(
        replace(r, cells=tuple(replace(c, exemplar=None) for c in r.cells)) for r in m.rows
    )
    return replace(m, rows=rows)
