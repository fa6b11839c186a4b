"""Dates resolved against the publication date; counts kept as numbers."""

from datetime import date

import pytest

from claimgraph.graph.extract import extract_annotation
from claimgraph.graph.extract.temporal import counts, resolve

MON = date(2025, 11, 24)  # a Monday


@pytest.mark.parametrize("text,expected", [
    ("said on Sunday", date(2025, 11, 23)), ("until Thursday", date(2025, 11, 27)),
    ("on Monday", MON), ("by Christmas", date(2025, 12, 25)), ("next week", date(2025, 12, 1)),
    ("Nov. 27", date(2025, 11, 27)), ("27 November 2024", date(2024, 11, 27)),
    ("yesterday", date(2025, 11, 23)), ("by February", date(2026, 2, 1)),
    ("before the end of the year", date(2025, 12, 31)),
])
def test_resolve(text, expected):
    assert [r.date for r in resolve(text, MON)] == [expected]


def test_without_publication_date_nothing_is_guessed():
    assert [r.date for r in resolve("on Sunday", None)] == [None]


def test_counts():
    assert counts("deadlines for taking Pokrovsk 16 times, three times more, 1,000 soldiers") == [16, 3]


def test_deadline_statement_carries_count_due_date_and_date_said():
    ann = extract_annotation("Head\nTrump has given Ukraine until Thursday to respond. "
                             "The expert points out that Putin has set deadlines for taking Pokrovsk 16 times.",
                             date_published="2025-11-24")
    trump = next(s for s in ann["statements"] if s["speaker"] == "donald-trump")
    assert trump["kind"] == "deadline" and trump["asserts"][0]["due"] == "2025-11-27"
    putin = next(s for s in ann["statements"] if s["speaker"] == "vladimir-putin")
    assert putin["asserts"][0] == {"id": putin["id"] + "-deadline", "type": "deadline",
                                   "set_by": "vladimir-putin", "count": 16, "location": "pokrovsk",
                                   "objective": "taking Pokrovsk"}
    ann = extract_annotation("Head\nRubio said on Sunday that talks went well.", date_published="2025-11-24")
    assert ann["statements"][0]["date_said"] == "2025-11-23"
