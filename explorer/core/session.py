"""The loaded data the window shows: a survey, a focus-group project, a topic map and the shared
filter dimensions, with the questions every view asks of them under a FilterState (no Qt).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from explorer.core import dimension_filters as dim_filters
from explorer.core import dimensions as dm
from explorer.core import filter_words
from explorer.core.errors import ExplorerError
from explorer.core.filter_state import FilterState
from explorer.core.qual.model import Project

# re-exported: callers name the sample through the session module
from explorer.core.sample_files import SAMPLE_DIR as SAMPLE_DIR
from explorer.core.sample_files import SAMPLE_QUAL as SAMPLE_QUAL
from explorer.core.sample_files import SAMPLE_SURVEY as SAMPLE_SURVEY
from explorer.core.sample_files import SAMPLE_TOPICS as SAMPLE_TOPICS
from explorer.core.survey.model import Kind, Survey
from explorer.core.survey.table import Table, TableOptions
from explorer.core.warm_up import warm_up_reading as warm_up_reading  # where callers found it

ILLUSTRATIVE_NOTICE = "Illustrative data: no real person gave these answers or said these words"


@dataclass
class Session:
    """What is loaded; replaced whole (never edited) when the user opens other files."""

    survey: Survey | None = None
    project: Project | None = None
    topics: Any = None  # explorer.core.topics.TopicMap, when one is loaded
    links: tuple[dm.DimensionLink, ...] = dm.DEFAULT_LINKS
    # How tables are made unless a caller says otherwise: the disclosure threshold (settings,
    # --suppress-below) travels here to every chart, table and export of the session.
    options: TableOptions = TableOptions()
    # A large .sav's first hand-over: the file's catalogue of variables (survey.catalog.Catalog),
    # so the questions still being read are listed; None once the whole survey is there.
    pending: Any = None
    dimensions: list[dm.Dimension] = field(init=False)
    # Tables by (question, breakdown, options, the state's respondent filters): the data never
    # changes within a Session, and topic, search and code selection do not change a table.
    _tables: OrderedDict = field(init=False, repr=False, compare=False)
    _lock: threading.Lock = field(init=False, repr=False, compare=False)
    _unread: dict = field(init=False, repr=False, compare=False)
    # Question lists by topic: asked for by the chart area and the topic tree at every change,
    # and at 100,000 variables each list takes ~90 ms to work out.
    _question_lists: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.dimensions = dm.build_dimensions(self.survey, self.project, self.links)
        read = self.survey.variables if self.survey is not None else {}
        self._unread = self.pending.questions(read) if self.pending is not None else {}
        self._tables = OrderedDict()
        self._question_lists = {}
        self._lock = threading.Lock()

    def _remember(self, store: OrderedDict, key: Any, make: Callable[[], Any], size: int) -> Any:
        with self._lock:
            if key in store:
                store.move_to_end(key)
                return store[key]
        value = make()
        with self._lock:
            store[key] = value
            while len(store) > size:
                store.popitem(last=False)
        return value

    # --- what is loaded ---------------------------------------------------------------------
    @property
    def illustrative(self) -> bool:
        return bool(
            (self.survey is not None and self.survey.illustrative)
            or (self.project is not None and self.project.illustrative)
        )

    @property
    def names(self) -> str:
        parts = []
        if self.survey is not None:
            parts.append(self.survey.name)
        if self.project is not None:
            parts.append(os.path.basename(self.project.path) or self.project.name)
        return " + ".join(parts) or "No data"

    def dimension(self, key: str) -> dm.Dimension | None:
        return next((d for d in self.dimensions if d.key == key), None)

    # --- topics -----------------------------------------------------------------------------
    def topic_names(self) -> list[str]:
        """Topic ids, in the map's order (what FilterState.topic holds)."""
        if self.topics is None:
            return []
        return [t.id for t in self.topics.topics]

    def topic_title(self, topic: str | None) -> str:
        found = self._topic(topic) if topic else None
        return found.title if found is not None else "All questions"

    def _topic(self, name: str | None) -> Any:
        return self.topics.get(name) if self.topics is not None and name else None

    def questions(self, topic: str | None = None) -> list[str]:
        """Charted questions (not profile variables nor items of a set), of `topic` if given."""
        found = self._question_lists.get(topic)
        if found is None:
            found = self._question_lists[topic] = self._questions_of(topic)
        return list(found)

    def _questions_of(self, topic: str | None) -> list[str]:
        if self.survey is None:
            return []
        profile = {d.survey_variable for d in self.dimensions}
        members = {m for v in self.survey.variables.values() for m in v.members}
        names = [
            v.name
            for v in self.survey.charted_variables()
            if v.name not in profile and v.name not in members
        ]
        found = self._topic(topic) if topic else None
        if found is None:
            return names
        wanted = list(self.topics.questions_for(found, list(self.survey.variables)))
        # a topic may name an item of a set: chart the set that holds it
        out: list[str] = []
        for name in wanted:
            holder = next(
                (v.name for v in self.survey.variables.values() if name in v.members), name
            )
            if holder in names and holder not in out:
                out.append(holder)
        return out

    # --- questions still being read (a large .sav's first hand-over) ------------------------
    def unread(self) -> dict[str, str]:
        """The file's questions not read yet (name → label, in file order); empty once the
        whole survey is there. No figure is ever computed for them."""
        return self._unread

    def is_unread(self, name: str | None) -> bool:
        return name in self._unread

    def listed_questions(self, topic: str | None = None) -> list[str]:
        """Every question of `topic` to list: those read (`questions`) and those still being
        read, in file order."""
        read = self.questions(topic)
        if not self._unread:
            return read
        unread = list(self._unread)
        found = self._topic(topic) if topic else None
        if found is not None:
            unread = [
                name
                for name in unread
                if self.topics.questions_for(found, [name, *self.pending.members(name)])
            ]
        return self.pending.order(read + unread, self.survey.variables)

    def unread_breakdowns(self) -> list[str]:
        """Questions still being read that a chart may be broken down by once they are (single
        questions with value labels, in file order)."""
        return [name for name in self._unread if not self.pending.members(name)]

    def topic_codes(self, topic: str | None) -> set[str] | None:
        """Code guids of `topic` (with their children), or None for "all codes"."""
        found = self._topic(topic) if topic else None
        if found is None or self.project is None:
            return None
        out: set[str] = set()
        for guid in self.topics.codes_for(found, self.project):
            out |= self.project.descendants(getattr(guid, "guid", guid))
        return out

    def breakdowns(self) -> list[str]:
        """Variables a chart can be broken down by: the survey's profile dimensions."""
        return [d.survey_variable for d in self.dimensions if d.survey_variable]

    def breakdown_choices(self) -> list[str]:
        """Everything a chart can be broken down by: the profile dimensions, then every
        single-choice (categorical) question."""
        from explorer.core.survey.model import Kind

        profile = self.breakdowns()
        if self.survey is None:
            return profile
        categorical = (Kind.NOMINAL, Kind.SCALE)
        questions = [
            q
            for q in self.questions()
            if q not in profile and self.survey.variables[q].kind in categorical
        ]
        return profile + questions

    # --- survey -----------------------------------------------------------------------------
    def mask(self, state: FilterState) -> np.ndarray:
        """Respondents kept by `state` (read-only; remembered by the survey per filter, within
        its byte bound: a store here too kept 32 masks, 320 MB at ten million respondents)."""
        if self.survey is None:
            return np.zeros(0, dtype=bool)
        return dim_filters.survey_mask(self.survey, state, self.dimensions)

    def _filters(self, state: FilterState) -> dict[str, tuple]:
        """`state` as the survey's filters (variable → codes), as `Survey.mask` takes them."""
        return {
            k: v
            for k, v in dim_filters.survey_filters(state, self.dimensions).items()
            if k in self.survey.variables
        }

    def base(self, state: FilterState) -> tuple[int, float]:
        """(unweighted, weighted) respondents kept by `state`."""
        if self.survey is None:
            return 0, 0.0
        from explorer.core.survey import cube_filter
        from explorer.core.survey.weighting import table_weights

        # From the tables' cells when they exist: the status bar asks on the GUI thread
        found = cube_filter.kept_cells(self.survey, self.breakdowns(), self._filters(state))
        if found is not None:
            return cube_filter.base_of(found)
        keep = self.mask(state)
        unweighted = int(np.count_nonzero(keep))
        if self.survey.weight is None:
            return unweighted, float(unweighted)
        weights = table_weights(self.survey)  # cached: no copy of the weights per change
        return unweighted, float(weights[keep].sum())

    def describe(self, state: FilterState, half: str | None = None) -> str:
        """`state` in words; `half` "survey" or "qual" names only what filters that half."""
        return filter_words.describe(state, self.dimensions, self.survey, half=half)

    def table(
        self,
        question: str,
        state: FilterState,
        *,
        by: str | None = None,
        options: TableOptions | None = None,
    ) -> Table:
        if self.survey is None:
            raise ExplorerError("No survey is loaded.")
        from explorer.core.survey.tabulate import compute_table

        options = options or self.options
        survey = self.survey
        key = (question, by, options, state.dimensions, state.cross)
        # The state as the survey's filters, with the filter dimensions: the table is counted
        # from its cube when it has one, else over the (cached) mask of the same filters.
        filters = self._filters(state)
        dims = tuple(self.breakdowns())
        return self._remember(
            self._tables,
            key,
            lambda: compute_table(
                survey,
                question,
                by=by,
                options=options,
                filter_description=self.describe(state, "survey"),
                filters=filters,
                dimensions=dims,
            ),
            256,
        )

    def means(self, question: str, state: FilterState, *, by: str | None = None):
        """The question's means (explorer.core.survey.means) — for a banded number, the means of
        the number it bands — or None if it has no mean."""
        if self.survey is None or question not in self.survey.variables:
            return None
        from explorer.core.survey.means import can_average, compute_means

        var = self.survey.variables[question]
        if not can_average(var):
            source = self.survey.variables.get(var.banded_from or "")
            if source is None or not can_average(source):
                return None
            question = source.name
        key = ("means", question, by, self.options, state.dimensions, state.cross)
        survey, options = self.survey, self.options
        return self._remember(
            self._tables,
            key,
            lambda: compute_means(
                survey,
                question,
                by=by,
                mask=self.mask(state),
                options=options,
                filter_description=self.describe(state),
            ),
            256,
        )

    def question_label(self, question: str) -> str:
        if question in self._unread:
            return self._unread[question]
        if self.survey is None or question not in self.survey.variables:
            return question
        return self.survey.variables[question].label

    def is_multi(self, question: str) -> bool:
        var = self.survey.variables.get(question) if self.survey is not None else None
        return var is not None and var.kind is Kind.MULTI

    # --- focus groups -----------------------------------------------------------------------
    def quote_query(self, state: FilterState) -> Any:
        """The QuoteQuery for `state`: selected codes (else the topic's), participants, search."""
        from explorer.core.qual.queries import QuoteQuery

        codes: tuple[str, ...] = ()
        if state.codes:
            known = self.project.codes if self.project is not None else {}
            # a code that is gone from the project (a reopened briefing) matches nothing
            codes = tuple(sorted(c for c in state.codes if c in known)) or ("\0no-code",)
        else:
            topic_codes = self.topic_codes(state.topic)
            if topic_codes is not None:
                codes = tuple(sorted(topic_codes)) or ("\0no-code",)
        where = tuple(sorted(dim_filters.quote_where(state, self.dimensions).items()))
        return QuoteQuery(codes=codes, where=where, search=state.search)

    def quotes(self, state: FilterState, *, facilitators: bool = False) -> list[Any]:
        """Quotes (explorer.core.qual.queries.Quote) matching `state`; facilitators' words
        (moderator, interviewer) only when asked for. Source (document set, source variable),
        coder and coding-date filters narrow them too."""
        if self.project is None:
            return []
        from dataclasses import replace

        from explorer.core.qual.queries import find_quotes

        query = self.quote_query(state)
        if query.codes == ("\0no-code",):
            return []
        found = find_quotes(self.project, replace(query, speakers_only=not facilitators))
        keep = self.passage_filter(state)  # source, coder, coding date
        return found if keep is None else [q for q in found if keep(q.segment)]

    def passage_filter(self, state: FilterState) -> Callable[[Any], bool] | None:
        """Whether a passage passes `state`'s source, coder and coding-date filters; None when
        none is on."""
        if self.project is None:
            return None
        from explorer.core.passage_dimensions import passage_filter

        return passage_filter(self.project, state, self.dimensions)

    def participants(self, state: FilterState) -> set[str]:
        if self.project is None:
            return set()
        return dim_filters.matching_cases(self.project, state, self.dimensions)


# Loading lives in session_load (re-exported: callers find it here). Imported last: it makes
# Sessions, so it imports this module's Session when it runs, not when it is imported.
from explorer.core.session_load import (  # noqa: E402,F401
    Progress,
    find_topics_beside,
    load_session,
)
