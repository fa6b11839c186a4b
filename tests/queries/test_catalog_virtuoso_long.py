"""Catalog answers with long values on Virtuoso 7.2: a busy speaker's track record.

Virtuoso keeps a sorted result in temporary rows of about 4 KB and refuses to store a longer
string there (``SR319: Max row length is exceeded when trying to store a string of N chars into
a temp col``; from about 8 KB ``SR478: Value of ANY type column too long``). A ``GROUP_CONCAT``
under an ``ORDER BY`` is carried through that sort, even from a sub-select, so ``track-record``
once failed at 1M triples for a speaker whose claim labels of one status passed 4 KB. Here one
speaker sets enough deadlines with long objectives to pass 4 KB in one status and 8 KB in
another.
"""

from __future__ import annotations

import pytest

from claimgraph.graph.annotation import annotation_to_graph
from claimgraph.queries.runner import QueryRunner
from tests.queries.test_catalog_virtuoso import answers, assert_same, store_pair
from tests.virtuoso import virtuoso  # noqa: F401 (fixture)

pytestmark = pytest.mark.virtuoso
# labels of ~250 characters: ~6 KB of expired deadlines (SR319), ~10 KB of open ones (SR478)
EXPIRED, OPEN = 24, 40
BUSY = "https://w3id.org/claimgraph/id/person/busy-speaker"


def busy_annotation() -> str:
    """One article in which Busy Speaker sets EXPIRED deadlines that are past on the ledger's day
    and OPEN ones that are not (unverified), and Quiet Speaker sets one."""
    sentences, statements = [], []
    for n in range(EXPIRED + OPEN):
        speaker = "busy-speaker"
        due = "2025-06-01" if n < EXPIRED else "2030-06-01"
        objective = f"holding position {n:03d} along the " + "long winding river " * 10
        sentences.append(f"Deadline {n:03d} was set.")
        statements.append(f"""  - id: s{n:03d}
    speaker: {speaker}
    kind: deadline
    text: Deadline {n:03d} was set.
    asserts: [{{id: d{n:03d}, type: deadline, set_by: {speaker}, objective: {objective.strip()},
               due: {due}}}]
""")
    sentences.append("Quiet Speaker set one.")
    statements.append("""  - id: quiet
    speaker: quiet-speaker
    kind: deadline
    text: Quiet Speaker set one.
    asserts: [{id: q, type: deadline, set_by: quiet-speaker, objective: a short one,
               due: 2030-06-01}]
""")
    return ("format: claimgraph-annotation/1\ndocument:\n  id: busy\n  type: NewsArticle\n"
            "  headline: busy\n  publisher: busy-outlet\n  date_published: 2025-01-01\n"
            f"  text: {' '.join(sentences)!r}\n"
            "actors:\n  - {id: busy-outlet, type: MediaOutlet, name: Busy Outlet}\n"
            "  - {id: busy-speaker, type: Person, name: Busy Speaker}\n"
            "  - {id: quiet-speaker, type: Person, name: Quiet Speaker}\n"
            "statements:\n" + "".join(statements))


@pytest.fixture(scope="module")
def busy_pair(virtuoso, tmp_path_factory):
    path = tmp_path_factory.mktemp("busy") / "busy.yaml"
    path.write_text(busy_annotation(), encoding="utf-8")
    yield from store_pair(virtuoso, annotation_to_graph(path))


@pytest.mark.parametrize("params", [{}, {"actor": BUSY}, {"limit": "1"}, {"offset": "1"}],
                         ids=["first-page", "actor", "limit", "offset"])
def test_track_record_with_long_claim_lists(busy_pair, params):
    remote, local = busy_pair
    expected = answers(local, "track-record", params)
    assert expected
    assert_same(answers(remote, "track-record", params), expected)


def test_the_busy_rows_are_long_enough(busy_pair):
    """The busy speaker's rows pass Virtuoso's limits: ~4 KB (SR319) and ~8 KB (SR478)."""
    _, local = busy_pair
    rows = QueryRunner(local).execute("track-record", {"actor": BUSY}).result.rows
    got = {str(r["status"]): (int(r["claims"]), len(str(r["claim_labels"]))) for r in rows}
    assert got["expired"][0] == EXPIRED and 4096 < got["expired"][1] < 8192
    assert got["unverified"][0] == OPEN and got["unverified"][1] > 8192
    assert len(got) == 2
