"""The quote browser: quotes matching the filter and topic, with search, a code tree to filter by,
speaker attribution from the project's own attributes, code colour chips, the turns around a
quote on demand, the analyst's memo, coder and date, "Copy with attribution" (optionally with the
reference that finds the passage again in the coding tool), a toggle for the facilitators' words
(kept, marked, hidden by default), the documents themselves, the illustrative notice and the
identifiability warning.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from explorer.core.filter_state import FilterState
from explorer.core.qual.attribution import attribution
from explorer.core.qual.inventory import inventory_of
from explorer.core.qual.model import FACILITATOR
from explorer.core.qual.queries import identifiability
from explorer.core.session import ILLUSTRATIVE_NOTICE, Session
from explorer.core.survey.formatting import counted
from explorer.ui import theme
from explorer.ui.code_tree import CodeTree, colour_icon
from explorer.ui.document_view import DocumentView
from explorer.ui.filter_controller import FilterController
from explorer.ui.plain_text import PlainBrowser, css_colour, escaped, plain_label, tooltip

SEARCH_DELAY_MS = 200  # typing is a burst too: search once the user pauses


def copy_text(quote, illustrative: bool, reference: bool = False) -> str:
    """“What they said” — Participant 07, woman, 25–34, Group 2 (+ the passage's reference in
    the coding tool when asked, + the notice when illustrative)."""
    text = f"“{quote.text.strip()}” — {attribution(quote)}"
    if reference and getattr(quote, "reference", ""):
        text += f"\n[{quote.reference}]"
    return f"{text}\n[{ILLUSTRATIVE_NOTICE}]" if illustrative else text


class QuoteBrowser(QWidget):
    pinRequested = Signal(object)  # a Quote the user wants on the current briefing slide

    def __init__(self, controller: FilterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._session = Session()
        self.quotes: list = []
        self._texts = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.notice = plain_label()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Illustrative data notice")
        layout.addWidget(self.notice)
        self.identifiable = plain_label()
        self.identifiable.setObjectName("identifiable")
        self.identifiable.setWordWrap(True)
        self.identifiable.setAccessibleName("Identifiability warning")
        self.identifiable.hide()
        layout.addWidget(self.identifiable)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search quotes (Ctrl+F)")
        self.search.setAccessibleName("Search quotes")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: controller.search(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.count = plain_label()
        self.count.setAccessibleName("Number of matching quotes")
        self.count.setWordWrap(True)
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.count)
        self.facilitators = QCheckBox("Show facilitators' words")
        self.facilitators.setAccessibleName("Show what the moderator or interviewer said")
        self.facilitators.setToolTip(
            "Moderators' and interviewers' coded words are kept, marked as theirs, and hidden "
            "from participant quotes unless this is ticked"
        )
        self.facilitators.toggled.connect(lambda _on: self.refresh(self._controller.state))
        options = QHBoxLayout()
        options.addWidget(self.facilitators)
        options.addStretch(1)
        self._options = options
        layout.addLayout(options)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Quote views")
        layout.addWidget(self.tabs, 1)
        quotes_page = QSplitter(Qt.Orientation.Vertical)
        self.codes = CodeTree(controller)
        quotes_page.addWidget(self.codes)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        # lay out wrapped quotes a screenful at a time, so hundreds of them never stall a filter
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(30)
        self.list.setAccessibleName("Matching quotes")
        self.list.currentRowChanged.connect(self._show_detail)
        quotes_page.addWidget(self.list)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.detail = PlainBrowser()
        self.detail.setAccessibleName("Selected quote")
        detail_layout.addWidget(self.detail)
        buttons = QHBoxLayout()
        self.context_button = QPushButton("Show context")
        self.context_button.setAccessibleName("Show the turns around the quote")
        self.context_button.setCheckable(True)
        self.context_button.toggled.connect(lambda _on: self._show_detail(self.list.currentRow()))
        self.copy_button = QPushButton("Copy with attribution")
        self.copy_button.setAccessibleName("Copy the quote with its attribution")
        self.copy_button.clicked.connect(self.copy_current)
        self.with_reference = QCheckBox("Copy with reference")
        self.with_reference.setAccessibleName("Copy the passage's reference in the coding tool too")
        self.with_reference.setToolTip(
            "Add the source, selection GUID and character positions, to find the passage again "
            "in NVivo, MAXQDA, ATLAS.ti or QualCoder"
        )
        self._options.addWidget(self.with_reference)
        self.pin_button = QPushButton("Pin to slide")
        self.pin_button.setAccessibleName("Pin the quote to the current briefing slide")
        self.pin_button.setToolTip("Pin this quote to the selected briefing slide (Ctrl+Shift+P)")
        self.pin_button.clicked.connect(self.pin_current)
        buttons.addWidget(self.context_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.pin_button)
        detail_layout.addLayout(buttons)
        quotes_page.addWidget(detail)
        quotes_page.setSizes([180, 360, 200])
        self.tabs.addTab(quotes_page, "Quotes")
        # Codes × attribute and co-occurrence are tabs of the main area (chart_area), with room.
        self.documents = DocumentView()
        self.tabs.addTab(self.documents, "Documents")
        controller.changed.connect(self.refresh)

    def set_session(self, session: Session) -> None:
        self._session = session
        self._texts: dict[str, str] = {}
        self.codes.set_session(session)
        project = session.project
        illustrative = project is not None and project.illustrative
        self.notice.setText(
            f"⚠ {ILLUSTRATIVE_NOTICE}. Quotes were written for the sample." if illustrative else ""
        )
        self.notice.setVisible(illustrative)
        self.documents.set_project(project)
        if project is not None and not project.segments:  # nothing coded yet: read the documents
            self.tabs.setCurrentWidget(self.documents)
        self.refresh(self._controller.state)

    # --- following the state ----------------------------------------------------------------
    def refresh(self, state: FilterState, _generation: int = 0) -> None:
        session = self._session
        if self.search.text() != state.search and not self._search_timer.isActive():
            self.search.blockSignals(True)
            self.search.setText(state.search)
            self.search.blockSignals(False)
        quotes = session.quotes(state, facilitators=self.facilitators.isChecked())
        self.codes.refresh(state, None if state.codes else quotes)
        same = [q.segment.guid for q in quotes] == [q.segment.guid for q in self.quotes]
        self.quotes = quotes
        if not same or self.list.count() != len(quotes):
            self._fill_list()
        self._update_counts(state)

    def _fill_list(self) -> None:
        session = self._session
        self.list.clear()
        codes = session.project.codes if session.project else {}
        for quote in self.quotes:
            key = quote.segment.guid
            text = self._texts.get(key)
            if text is None:  # attribution is the slow part; a quote's words never change
                text = self._texts[key] = f"“{quote.text.strip()}”\n— {attribution(quote)}"
            item = QListWidgetItem(text)
            item.setToolTip(tooltip("Codes: " + ", ".join(quote.codes)))
            first = quote.segment.codes[0] if quote.segment.codes else ""
            item.setIcon(colour_icon(codes[first].color if first in codes else ""))
            self.list.addItem(item)
        self.detail.clear()
        if self.quotes:
            self.list.setCurrentRow(0)

    def _update_counts(self, state: FilterState) -> None:
        session = self._session
        check = identifiability(session.project, self.quotes) if session.project else None
        if session.project is None or check is None:
            text = "No focus groups loaded"
        elif not session.project.segments:
            text = inventory_of(session.project).summary()
        else:
            people = check.participants
            text = f"{counted(len(self.quotes), 'quote')} from {counted(people, 'participant')}"
            if check.unknown:
                text += f" ({check.unknown} from unknown speakers)"
            said = sum(1 for q in self.quotes if q.role == FACILITATOR)
            if said:
                text += f" · {said} facilitator passage{'s' * (said != 1)} shown"
            if state.cross:
                text += " · answer selections filter the survey only"
        self.count.setText(text)
        warn = check is not None and check.warn
        self.identifiable.setText(f"⚠ {check.message}" if warn else "")
        self.identifiable.setVisible(warn)

    def _show_detail(self, row: int) -> None:
        if not (0 <= row < len(self.quotes)):
            self.detail.clear()
            return
        quote = self.quotes[row]
        t = theme.current()
        project = self._session.project
        chips = []
        for guid in quote.segment.codes:
            code = project.codes.get(guid) if project else None
            if code is None:
                continue
            colour = css_colour(code.color, t.grid)
            chips.append(
                f"<span style='background:{colour}; color:#000000'>&nbsp;■&nbsp;</span>"
                f"&nbsp;{escaped(project.code_label(guid))}"
            )
        body = f"<p><b>“{escaped(quote.text.strip())}”</b></p>"
        if self.context_button.isChecked():
            turns = quote.context(2, 2)
            lines = []
            for turn in turns:
                said = escaped(turn.text)
                if turn.index == quote.segment.turn:
                    said = f"<b>{said}</b>"
                who = (turn.speaker or "—") + (" (facilitator)" if turn.role == FACILITATOR else "")
                lines.append(f"<p><i>{escaped(who)}:</i> {said}</p>")
            body = "".join(lines)
        elif quote.segment.exchange:
            who = " → ".join(
                s + (" (facilitator)" if r == FACILITATOR else "")
                for s, r in quote.segment.exchange
            )
            body += f"<p><i>An exchange: {escaped(who)}</i></p>"
        self.detail.setHtml(
            body
            + f"<p>— {escaped(attribution(quote))}</p>"
            + "<p>"
            + " &nbsp; ".join(chips)
            + "</p>"
            + _analyst_notes(quote)
        )

    def current_text(self) -> str:
        row = self.list.currentRow()
        if not (0 <= row < len(self.quotes)):
            return ""
        return copy_text(
            self.quotes[row], self._session.project.illustrative, self.with_reference.isChecked()
        )

    def pin_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.quotes):
            self.pinRequested.emit(self.quotes[row])

    def copy_current(self) -> None:
        text = self.current_text()
        if text:
            QGuiApplication.clipboard().setText(text)


def _analyst_notes(quote) -> str:
    """The memo on the passage, who coded it and when, and where it is in the coding tool."""
    seg = quote.segment
    users = quote.project.users
    parts = []
    if seg.memo:
        parts.append(f"<p><b>Memo:</b> {escaped(seg.memo)}</p>")
    coder = users[seg.creator].name if seg.creator in users else seg.creator
    when = seg.created[:10]
    if coder or when:
        parts.append(
            f"<p><small>Coded{' by ' + escaped(coder) if coder else ''}"
            f"{' on ' + escaped(when) if when else ''}</small></p>"
        )
    parts.append(f"<p><small>{escaped(quote.reference)}</small></p>")
    return "".join(parts)
