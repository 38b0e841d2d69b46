"""The topic navigator: the topic map's topics (and "All questions"), each listing its survey
questions and focus-group codes. Choosing a topic narrows charts and quotes; a question charts it.
The tree's current row is always the question on the chart, however it was chosen (the picker, its
search, undo, a restored view), so the two never disagree.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from explorer.core import view_state as vs
from explorer.core.filter_state import FilterState
from explorer.core.session import Session
from explorer.ui import reading_marks
from explorer.ui.filter_controller import FilterController
from explorer.ui.plain_text import tooltip

ALL = "All questions"
KIND, NAME = Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 1


class TopicNavigator(QTreeWidget):
    questionChosen = Signal(str)

    def __init__(self, controller: FilterController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._session = Session()
        self._topics: dict[str | None, QTreeWidgetItem] = {}
        self.setHeaderHidden(True)
        self.setAccessibleName("Topics, questions and codes")
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)
        controller.changed.connect(self.refresh)
        controller.viewChanged.connect(lambda _view: self.follow())

    def set_session(self, session: Session) -> None:
        self._session = session
        self.clear()
        self._topics = {}
        for topic in [None, *session.topic_names()]:
            item = QTreeWidgetItem(self, [session.topic_title(topic) if topic else ALL])
            item.setData(0, KIND, "topic")
            item.setData(0, NAME, topic)
            self._topics[topic] = item
            for question in session.listed_questions(topic):
                child = QTreeWidgetItem(item, [session.question_label(question)])
                child.setToolTip(0, tooltip(f"{question}: {session.question_label(question)}"))
                child.setData(0, KIND, "question")
                child.setData(0, NAME, question)
                if session.is_unread(question):  # a large .sav's question not read yet
                    reading_marks.mark_item(child, session, question)
            codes = session.topic_codes(topic) if topic else None
            if codes and session.project is not None:
                known = sorted(
                    (session.project.codes[g].name, g) for g in codes if g in session.project.codes
                )
                group = QTreeWidgetItem(item, [f"Codes ({len(known)})"])
                group.setData(0, KIND, "codes")
                for name, guid in known:
                    child = QTreeWidgetItem(group, [name])
                    child.setToolTip(0, tooltip(f"Show only quotes coded {name}"))
                    child.setData(0, KIND, "code")
                    child.setData(0, NAME, guid)
        self.refresh(self._controller.state)

    def refresh(self, state: FilterState, _generation: int = 0) -> None:
        reading_marks.recolour(self._session, topics=self._topics.values())  # a new theme
        for topic, item in self._topics.items():
            font = item.font(0)
            font.setBold(topic == state.topic)
            item.setFont(0, font)
            # "All questions" stays folded (the question picker lists them), so the topics are
            # one Down press apart rather than two dozen questions below
            item.setExpanded(topic is not None and topic == state.topic)
        self.follow(state)

    def question_item(self, state: FilterState | None = None) -> QTreeWidgetItem | None:
        """The row of the question the chart shows: under the selected topic, or under "All
        questions" when the topic does not list it."""
        state = self._controller.state if state is None else state
        question = vs.shown_question(
            self._controller.view, vs.topic_questions(self._session, state.topic)
        )
        for topic in (state.topic, None):
            parent = self._topics.get(topic)
            for index in range(parent.childCount() if parent is not None else 0):
                if parent.child(index).data(0, NAME) == question:
                    return parent.child(index)
        return None

    def follow(self, state: FilterState | None = None) -> None:
        """Make the charted question the current row, without choosing it again (only a click
        or Enter chooses). It is unfolded and scrolled to once a topic or a question was chosen;
        the first question shown by default leaves "All questions" folded, so the topics stay a
        few key presses apart."""
        state = self._controller.state if state is None else state
        item = self.question_item(state)
        if item is None:
            return
        parent = item.parent()
        chosen = state.topic is not None or self._controller.view.question is not None
        reveal = chosen or parent.isExpanded()
        moved = item is not self.currentItem()
        if moved:
            scrolls = self.hasAutoScroll()
            self.setAutoScroll(reveal and scrolls)  # scrolling to a row unfolds its parent
            self.setCurrentItem(item)
            self.setAutoScroll(scrolls)
        # scrolled to when it moved or was folded away, not on every change of the view (a tab,
        # a breakdown), which would undo the user's own scrolling of the tree
        if reveal and (moved or not parent.isExpanded()):
            parent.setExpanded(True)
            self.scrollToItem(item)

    def topic_item(self, topic: str | None) -> QTreeWidgetItem:
        return self._topics[topic]

    def _chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind = item.data(0, KIND)
        if kind == "topic":
            self._controller.topic(item.data(0, NAME))
        elif kind == "question":
            parent = item.parent()
            if parent is not None:
                self._controller.topic(parent.data(0, NAME))
            self.questionChosen.emit(item.data(0, NAME))
        elif kind == "code":
            self._controller.select_codes({item.data(0, NAME)})
