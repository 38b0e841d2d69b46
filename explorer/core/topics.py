"""The topic map: which survey questions and which focus-group codes speak to the same topic, read
from a small JSON file beside the data (data/sample/topics.json for the bundled sample).

File format (UTF-8 JSON): {"format": "briefing-explorer-topics", "version": 1, "topics": [{"id":
"ai", "title": "AI in policing", "description": "…", "questions": ["q_ai_general", "q_ai_*"],
"codes": ["Artificial intelligence", "Keep a human accountable"]}, …]}. A question is a variable
name or a shell-style pattern (`q_ai_*`, `q_trust_[mn]*`), matched without regard to case; a
code is a code name, and a code with children stands for its whole branch.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from explorer.core.errors import ExplorerError
from explorer.core.qual.model import Project
from explorer.core.safe_files import read_bytes
from explorer.core.sample_files import SAMPLE_TOPICS

FORMAT = "briefing-explorer-topics"

MAX_TOPIC_BYTES = 1024**2  # a topic map is a few kilobytes; anything bigger is not one
_ID = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Topic:
    id: str  # stable key, e.g. "ai"; what FilterState.topic holds
    title: str  # "AI in policing"
    questions: tuple[str, ...] = ()  # variable names or patterns ("q_ai_*")
    codes: tuple[str, ...] = ()  # code names; a parent stands for its branch
    description: str = ""


@dataclass(frozen=True)
class TopicMap:
    topics: tuple[Topic, ...] = ()
    path: str = ""

    def get(self, key: str | Topic | None) -> Topic | None:
        """The topic with this id or title (case-insensitive), or None."""
        if key is None or isinstance(key, Topic):
            return key
        folded = key.strip().casefold()
        for topic in self.topics:
            if folded in (topic.id.casefold(), topic.title.casefold()):
                return topic
        return None

    def _topic(self, topic: str | Topic) -> Topic:
        found = self.get(topic)
        if found is None:
            raise KeyError(f"no topic {topic!r}")
        return found

    def questions_for(self, topic: str | Topic, survey_variable_names: Iterable[str]) -> list[str]:
        """The survey's variables the topic names, in the survey's order, each once."""
        patterns = [p.casefold() for p in self._topic(topic).questions]
        return [
            name
            for name in dict.fromkeys(survey_variable_names)
            if any(fnmatchcase(name.casefold(), p) for p in patterns)
        ]

    def codes_for(self, topic: str | Topic, project: Project) -> list[str]:
        """Guids of the codes the topic names and of every code below them, in codebook order.

        Names the project does not have are left out (see `missing_codes`): a topic map is
        written for one coding frame but may be opened beside another.
        """
        wanted: set[str] = set()
        for name in self._topic(topic).codes:
            code = project.code_by_name(name)
            if code is not None:
                wanted |= project.descendants(code.guid)
        return [guid for guid in project.codes if guid in wanted]

    def missing_codes(self, topic: str | Topic, project: Project) -> list[str]:
        """The topic's code names that the project has no code for."""
        return [n for n in self._topic(topic).codes if project.code_by_name(n) is None]

    def unmatched_questions(
        self, topic: str | Topic, survey_variable_names: Iterable[str]
    ) -> list[str]:
        """The topic's question names or patterns that match no variable of the survey."""
        names = [n.casefold() for n in survey_variable_names]
        return [
            p
            for p in self._topic(topic).questions
            if not any(fnmatchcase(n, p.casefold()) for n in names)
        ]

    def topics_for_question(self, name: str) -> list[Topic]:
        folded = name.casefold()
        return [
            t for t in self.topics if any(fnmatchcase(folded, p.casefold()) for p in t.questions)
        ]

    def topics_for_code(self, guid: str, project: Project) -> list[Topic]:
        """Topics whose codes (branches included) hold the code `guid`."""
        return [t for t in self.topics if guid in self.codes_for(t, project)]


def _strings(value: object, where: str, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ExplorerError.for_file(path, f"{where} is not a list of non-empty names")
    return tuple(dict.fromkeys(v.strip() for v in value))


def parse_topic_map(data: object, path: str | os.PathLike[str] = "topics.json") -> TopicMap:
    """A TopicMap from already-decoded JSON; every problem is an ExplorerError naming `path`."""
    path = Path(path)
    entries = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ExplorerError.for_file(path, 'is not a topic map (it needs a "topics" list)')
    if isinstance(data, dict) and data.get("format", FORMAT) != FORMAT:
        raise ExplorerError.for_file(path, f"is a {data.get('format')!r} file, not a topic map")
    topics: list[Topic] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        where = f"topic {number}"
        if not isinstance(entry, dict):
            raise ExplorerError.for_file(path, f"{where} is not an object")
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip():
            raise ExplorerError.for_file(path, f"{where} has no title")
        title = title.strip()
        topic_id = entry.get("id") or _ID.sub("_", title.casefold()).strip("_")
        if not isinstance(topic_id, str):
            raise ExplorerError.for_file(path, f"{where} has an id that is not text")
        description = entry.get("description", "")
        if not isinstance(description, str):
            raise ExplorerError.for_file(path, f"{where} has a description that is not text")
        for key in (topic_id.casefold(), title.casefold()):
            if key in seen:
                raise ExplorerError.for_file(path, f"{where} repeats the topic {key!r}")
        seen |= {topic_id.casefold(), title.casefold()}
        topics.append(
            Topic(
                id=topic_id,
                title=title,
                questions=_strings(entry.get("questions"), f"{where}'s questions", path),
                codes=_strings(entry.get("codes"), f"{where}'s codes", path),
                description=description.strip(),
            )
        )
    return TopicMap(topics=tuple(topics), path=os.fspath(path))


def load_topic_map(path: str | os.PathLike[str] = SAMPLE_TOPICS) -> TopicMap:
    """The topic map in `path` (JSON); raises ExplorerError for a missing or malformed file."""
    raw = read_bytes(path, max_bytes=MAX_TOPIC_BYTES)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ExplorerError.for_file(path, f"is not valid JSON ({error})") from error
    return parse_topic_map(data, path)
