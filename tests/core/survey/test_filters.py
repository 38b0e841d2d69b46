"""Parsing "VAR=CODE,…" filters against a survey, and the human caption of a set of filters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.survey.filters import describe_filters, parse_filter, parse_filters
from explorer.core.survey.model import Kind, SourceInfo, Survey, Variable


@pytest.fixture
def survey() -> Survey:
    frame = pd.DataFrame(
        {
            "age": [1, 2, 3, 6, 1],
            "vote": [1, 2, 98, 1, 7],
            "c1": [1, 0, 1, 0, 0],
            "c2": [0, 0, 1, 1, 0],
            "note": ["a", "b", "c", "d", "e"],
        }
    )
    variables = {
        "age": Variable("age", "Age", Kind.NOMINAL, ((1.0, "18–24"), (2.0, "25–34"), (3.0, "35+"))),
        "vote": Variable(
            "vote", "Vote", Kind.NOMINAL, ((1.0, "Labour"), (2.0, "Conservative"), (98.0, "DK"))
        ),
        "c1": Variable("c1", "Privacy", Kind.NOMINAL),
        "c2": Variable("c2", "Misuse", Kind.NOMINAL),
        "$c": Variable("$c", "Concerns", Kind.MULTI, members=("c1", "c2"), counted_value=1.0),
        "note": Variable("note", "Note", Kind.TEXT),
    }
    return Survey.from_frame(frame, variables, SourceInfo("s.sav", "spss"))


def test_parse_codes(survey) -> None:
    assert parse_filter("age=1,2", survey) == ("age", (1.0, 2.0))
    assert parse_filter(" vote = 98 ", survey) == ("vote", (98.0,))
    # An unlabelled code that is present in the data is allowed.
    assert parse_filter("age=6", survey) == ("age", (6.0,))
    assert parse_filter("$c=c2", survey) == ("$c", ("c2",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("age", "not of the form"),
        ("=1", "not of the form"),
        ("age=", "not of the form"),
        ("age=1,,2", "empty code"),
        ("nope=1", "no variable named"),
        ("age=x", "not a number"),
        ("age=4", "has no code 4"),
        ("$c=c9", "not an item"),
        ("note=1", "cannot be filtered"),
    ],
)
def test_bad_filters_say_why(survey, text, message) -> None:
    with pytest.raises(ExplorerError, match=message):
        parse_filter(text, survey)


def test_filters_select_the_right_respondents(survey) -> None:
    filters = parse_filters(["age=1,2", "vote=1", "age=3"], survey)
    assert filters == {"age": (1.0, 2.0, 3.0), "vote": (1.0,)}
    age = np.array([1, 2, 3, 6, 1])
    vote = np.array([1, 2, 98, 1, 7])
    np.testing.assert_array_equal(survey.mask(filters), np.isin(age, [1, 2, 3]) & (vote == 1))


def test_describe(survey) -> None:
    assert describe_filters({}, survey) == "All respondents"
    assert describe_filters(None, survey) == "All respondents"
    caption = describe_filters({"age": (1.0, 2.0), "vote": (1.0,)}, survey)
    assert caption == "Age: 18–24, 25–34; Vote: Labour"
    assert describe_filters({"age": (6.0,)}, survey) == "Age: 6"
    assert describe_filters({"$c": ("c1", "c2")}, survey) == "Privacy, Misuse"
